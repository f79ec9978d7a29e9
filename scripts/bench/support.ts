import { closeBulkPool } from "@/lib/db/bulk";
import { cpus, totalmem } from "node:os";
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
