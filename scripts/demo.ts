import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { loadEnv } from "@/lib/env";

/**
 * One command from a fresh clone to a running dashboard with demo data: writes .env when
 * there is none, creates and migrates the database, seeds a demo organisation, builds,
 * then runs the web server and the worker until Ctrl-C. `npm run demo -- --reset` drops the
 * demo database first and starts over.
 */

function sh(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(cmd, args, { stdio: "inherit", env });
  if (r.status !== 0) {
    process.stderr.write(`demo: "${cmd} ${args.join(" ")}" failed\n`);
    process.exit(r.status ?? 1);
  }
}

async function waitFor(url: string) {
  for (let i = 0; i < 100; i++) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  process.stderr.write(`demo: ${url} did not answer\n`);
  process.exit(1);
}

function say(line: string) {
  process.stdout.write(`\n== ${line}\n`);
}

if (!existsSync(".env")) {
  const example = readFileSync(".env.example", "utf8")
    .replace(/^NEXTAUTH_SECRET=.*$/m, `NEXTAUTH_SECRET=${randomBytes(32).toString("base64url")}`)
    .replace(/^VAULT_KEKS=.*$/m, `VAULT_KEKS=k1:${randomBytes(32).toString("base64")}`);
  writeFileSync(".env", example, { mode: 0o600 });
  say("wrote .env from .env.example with a fresh NEXTAUTH_SECRET and vault key");
}
process.loadEnvFile(".env");

say("database");
// --reset starts over: the demo database is dropped and seeded again (its data is lost).
sh("npm", ["run", "--silent", "db:create", ...(process.argv.includes("--reset") ? ["--", "--drop-first"] : [])]);
sh("npm", ["run", "--silent", "db:migrate"]);

if (!existsSync(".next/standalone/server.js") || process.argv.includes("--rebuild")) {
  say("building the web app (first run only; pass --rebuild to force)");
  sh("npm", ["run", "--silent", "build"]);
}

// The demo talks to the local App Store Connect simulator, whatever .env says.
const simPort = process.env.ASC_SIM_PORT ?? "4010";
process.env.ASC_API_BASE_URL = `http://127.0.0.1:${simPort}`;
// Thumbnails come from the simulator's image host in the demo.
process.env.ASC_IMAGE_ORIGINS = `${process.env.ASC_IMAGE_ORIGINS ?? "https://*.mzstatic.com"},${process.env.ASC_API_BASE_URL}`;
say(`starting the App Store Connect simulator on ${process.env.ASC_API_BASE_URL}`);
const sim = spawn("node", ["--import", "tsx", "tests/asc-sim/main.ts", "--port", simPort, "--apps", "5", "--reviews", "120"], { stdio: "inherit" });
await waitFor(`${process.env.ASC_API_BASE_URL}/__sim/stats`);
// Apple's first analytics reports arrive 24 to 48 hours after they are requested; the demo's simulator has them at once, with 90 days of history.
await fetch(`${process.env.ASC_API_BASE_URL}/__sim/analytics/config`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ firstDataMinHours: 0, firstDataMaxHours: 0 }) });

say("demo data");
sh("node", ["--env-file-if-exists=.env", "--import", "tsx", "scripts/seed-demo.ts"]);

say("starting web and worker (Ctrl-C stops everything)");
const port = new URL(loadEnv().NEXTAUTH_URL).port || "3000";
const children: ChildProcess[] = [
  sim,
  spawn("npm", ["run", "--silent", "start"], { stdio: "inherit", env: { ...process.env, PORT: port, HOSTNAME: "0.0.0.0" } }),
  spawn("npm", ["run", "--silent", "worker"], { stdio: "inherit" }),
];
let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill(signal);
};
process.on("SIGINT", () => stop("SIGTERM"));
process.on("SIGTERM", () => stop("SIGTERM"));
for (const c of children) c.on("exit", (code) => {
  if (!stopping) {
    process.stderr.write(`demo: a process exited (code ${code}); stopping the rest\n`);
    stop("SIGTERM");
    process.exitCode = code ?? 1;
  }
});
