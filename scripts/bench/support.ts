import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { createConnection } from "@/lib/connections/mutations";
import { closeBulkPool } from "@/lib/db/bulk";
import { makeOrg, makeUser } from "@/lib/seed/factories";
import type { SimSizes } from "../../tests/asc-sim/data";
import type { AscSimulator } from "../../tests/asc-sim/server";
import { getDb } from "@/lib/db/client";
import { getRedis } from "@/lib/redis";
import { memberContext } from "@/lib/tenancy/context";

/** The machine a figure was measured on. */
export const machine = () => ({ cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30) });

/** Runs one benchmark script: a failure sets the exit code, and the shared clients close either way. */
export function runBench(main: () => Promise<void>) {
  main()
    .catch((e) => {
      process.stderr.write(`bench failed: ${(e as Error).stack}\n`);
      process.exitCode = 1;
    })
    .finally(async () => {
      await getDb().$disconnect();
      await closeBulkPool();
      getRedis().disconnect();
    });
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

export async function waitForServer(url: string) {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server at ${url} did not come up`);
}

/** The owner's context in the benchmark's organisation, as the web app would build it. */
export async function ownerContext(owner: { id: string; email: string }, orgId: string, name = "bench") {
  const ctx = await memberContext({ ...owner, name, sessionId: "" }, { id: orgId }, { ip: "127.0.0.1" });
  if (!ctx) throw new Error(`${owner.email} is not a member of the benchmark organisation`);
  return ctx;
}

/** A worker process (npm run worker) with this process's environment; its own output stays quiet but for errors. */
export function startWorker(): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], { env: { ...process.env, LOG_LEVEL: "warn" }, stdio: ["ignore", "ignore", "inherit"] });
}

/** Stops a worker as a deployment would (SIGTERM, so it finishes its jobs), killing it if it takes over 40 s. */
export async function stopWorker(worker: ChildProcess) {
  const exited = new Promise((r) => worker.once("exit", r));
  worker.kill("SIGTERM");
  const slow = setTimeout(() => worker.kill("SIGKILL"), 40_000);
  await exited;
  clearTimeout(slow);
}

/** A process's peak resident memory so far (Linux VmHWM), in MiB. */
export function peakRssMiB(pid: number) {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? +(Number(m[1]) / 1024).toFixed(1) : null;
}

/** An owner, an organisation and a team-key connection to an account of its own at the simulator, whose key is an Admin key. */
export async function simBenchConnection(sim: AscSimulator, name: string, account: { seed: number; sizes: SimSizes }) {
  const owner = await makeUser();
  const org = await makeOrg(owner, name);
  const ctx = await ownerContext(owner, org.id);
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1", privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  const conn = await createConnection(ctx, { name, issuerId: randomUUID(), keyId: randomBytes(5).toString("hex").toUpperCase(), privateKey });
  const state = sim.addTeam(conn.issuerId!, account);
  sim.registerKey({ issuerId: conn.issuerId!, keyId: conn.keyId, publicKey, role: "ADMIN" });
  return { owner, org, ctx, conn, state };
}
