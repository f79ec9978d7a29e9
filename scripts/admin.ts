import { parseArgs } from "node:util";
import { addMember, createOrganization, createOrgApiToken, createUser, doctor, listOrganizations } from "@/lib/admin/commands";
import { getDb } from "@/lib/db/client";
import { closeQueues } from "@/lib/jobs/queues";
import { closeRedis } from "@/lib/redis";
import { EnvError, loadEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { setLogService } from "@/lib/log";

const HELP = `Usage: npm run admin -- <command> [options]

Commands:
  create-user   --email <email> --name <name> (--password-stdin | --password <pw>)
  create-org    --name <name> --owner <email>
  add-member    --org <slug|id> --email <email> --role <owner|admin|editor|support|viewer>
  list-orgs     [--json]
  create-api-token --org <slug|id> --name <name> --role <admin|editor|support|viewer> [--expires-days <n>]
                (prints the token once; it cannot be shown again)
  doctor        --connection <id>
                (what the connection's key can do: apps, metadata, reviews, sales, and
                whether this server's clock agrees with App Store Connect's; exits 1 if
                App Store Connect refuses the key)

Passwords are best given on standard input: echo "$PW" | npm run admin -- create-user ... --password-stdin`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

function out(line: string) {
  process.stdout.write(line + "\n");
}

async function run(argv: string[]) {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: "string" }, name: { type: "string" }, password: { type: "string" }, "password-stdin": { type: "boolean" },
      owner: { type: "string" }, org: { type: "string" }, role: { type: "string" }, json: { type: "boolean" },
      "expires-days": { type: "string" }, connection: { type: "string" },
    },
    strict: true,
  });
  switch (command) {
    case "create-user": {
      const password = values["password-stdin"] ? await readStdin() : values.password;
      const user = await createUser({ email: values.email, name: values.name ?? values.email?.split("@")[0], password });
      out(`created user ${user.email} (${user.id})`);
      return;
    }
    case "create-org": {
      const org = await createOrganization({ name: values.name, owner: values.owner });
      out(`created organisation "${org.name}" slug=${org.slug} id=${org.id} owner=${values.owner}`);
      return;
    }
    case "add-member": {
      const m = await addMember({ org: values.org, email: values.email, role: values.role?.toUpperCase() });
      out(`added ${m.email} to ${m.organization} as ${m.role.toLowerCase()}`);
      return;
    }
    case "list-orgs": {
      const orgs = await listOrganizations();
      if (values.json) return out(JSON.stringify(orgs, null, 2));
      if (orgs.length === 0) return out("no organisations");
      for (const o of orgs) out(`${o.slug}\t${o.name}\t${o.members} member(s)\t${o.id}`);
      return;
    }
    case "create-api-token": {
      const expires = values["expires-days"];
      const t = await createOrgApiToken({
        org: values.org,
        name: values.name,
        role: values.role?.toUpperCase(),
        expiresInDays: expires === undefined ? undefined : Number(expires),
      });
      process.stderr.write(`created API token "${t.name}" (${t.role.toLowerCase()}) for ${values.org}; copy it now, it is not shown again:\n`);
      out(t.token);
      return;
    }
    case "doctor": {
      const r = await doctor({ connection: values.connection });
      for (const line of r.lines) out(line);
      if (!r.ok) {
        process.stderr.write(`${r.message}\n`);
        process.exitCode = 1;
      }
      return;
    }
    case undefined:
    case "help":
    case "--help":
      out(HELP);
      return;
    default:
      throw new AppError("validation", `Unknown command "${command}".\n\n${HELP}`);
  }
}

async function main() {
  setLogService("admin");
  let connected = false;
  try {
    loadEnv();
    connected = true;
    await run(process.argv.slice(2));
    process.exitCode ??= 0;
  } catch (e) {
    if (e instanceof EnvError) process.stderr.write(`admin: ${e.message}\n`);
    else if (e instanceof AppError) process.stderr.write(`error: ${e.field ? `${e.field}: ` : ""}${e.publicMessage}\n`);
    else if (e instanceof TypeError && (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) process.stderr.write(`error: ${e.message}\n\n${HELP}\n`);
    else process.stderr.write(`error: ${(e as Error).message}\n`);
    process.exitCode = 1;
  } finally {
    if (connected) {
      await getDb().$disconnect().catch(() => undefined);
      // `doctor` reaches Redis (the request budget, the schedules); the process exits only once they are closed.
      await closeQueues().catch(() => undefined);
      await closeRedis();
    }
  }
}

void main();
