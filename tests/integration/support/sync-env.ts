import { afterAll, beforeAll } from "vitest";
import { db, getDb } from "@/lib/db/client";
import { closeQueues, syncQueue } from "@/lib/jobs/queues";
import { getLogger } from "@/lib/log";
import { getRedis } from "@/lib/redis";
import { startWorkers } from "@/workers/start";
import type { AscSimulator } from "../../asc-sim/server";
import { unpinClocks } from "./clock";
import { freePort, waitFor } from "./faults";

/**
 * Points App Store Connect at a simulator port and gives the file its own Redis prefix and
 * quick retry timings. Call at the top of a test file, before anything reads the
 * environment (it is parsed once, on first use).
 */
export async function prepareSyncEnv(tag: string) {
  const port = await freePort();
  Object.assign(process.env, {
    ASC_API_BASE_URL: `http://127.0.0.1:${port}`,
    // The simulator is Apple's image host too.
    ASC_IMAGE_ORIGINS: `http://127.0.0.1:${port}`,
    // Prefixes are at most 40 characters: the run's own part is shortened, the file's tag kept.
    REDIS_PREFIX: `${(process.env.REDIS_PREFIX ?? "ascdash_it").slice(0, 39 - tag.length)}_${tag}`,
    SYNC_RETRY_DELAY_MS: "100",
    JOB_LOCK_MS: "3000",
  });
  return port;
}

/** Waits until the run has ended, and returns it. */
export async function runEnded(runId: string, timeoutMs = 60_000) {
  return waitFor(
    `run ${runId} to end`,
    async () => {
      const r = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
      return r.status === "SUCCEEDED" || r.status === "FAILED" ? r : undefined;
    },
    timeoutMs,
    100,
  );
}

/**
 * For a file whose tests sync: the simulator listens and the sync workers run (on an empty
 * queue) before its tests, `ready` runs once both are up, and everything stops after them.
 */
export function withSimulatorAndWorkers(sim: AscSimulator, port: number, ready?: () => Promise<void>) {
  let workers: ReturnType<typeof startWorkers> | undefined;
  beforeAll(async () => {
    await sim.listen(port);
    await syncQueue().obliterate({ force: true });
    workers = startWorkers(getLogger());
    await ready?.();
  }, 60_000);
  afterAll(async () => {
    unpinClocks(sim);
    await workers?.close();
    await closeQueues();
    await sim.close();
    await getRedis().quit();
    await getDb().$disconnect();
  });
}
