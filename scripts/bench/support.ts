import { cpus, totalmem } from "node:os";
import { getDb } from "@/lib/db/client";
import { getRedis } from "@/lib/redis";

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
      getRedis().disconnect();
    });
}
