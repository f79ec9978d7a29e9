import { closeBulkPool } from "@/lib/db/bulk";
import { assertEnvOrExit } from "@/lib/startup";
import { getDb } from "@/lib/db/client";
import { closeQueues } from "@/lib/jobs/queues";
import { getLogger, setLogService } from "@/lib/log";
import { createRedis, getRedis } from "@/lib/redis";
import { registerSchedules, startWorkers } from "./start";

async function main() {
  const env = assertEnvOrExit("worker");
  setLogService("worker");
  const log = getLogger();
  await assertNoEviction(env.REDIS_URL);

  // A driver may reject a promise nobody awaits while a database restarts; that must not
  // take the worker and every job it is running down with it.
  process.on("unhandledRejection", (err) => log.error({ err: { message: (err as Error)?.message } }, "unhandled rejection (worker keeps running)"));
  const workers = startWorkers(log);

  const scheduleUntilDone = async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        await registerSchedules();
        return;
      } catch (err) {
        log.warn({ attempt, err: { message: (err as Error).message } }, "could not register schedules yet; retrying");
        await new Promise((r) => setTimeout(r, Math.min(attempt * 1000, 10_000)));
      }
    }
  };
  void scheduleUntilDone();
  log.info({ queues: workers.workers.map((w) => w.name), syncConcurrency: env.SYNC_CONCURRENCY }, "worker started");

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "worker stopping: finishing active jobs");
    const force = setTimeout(() => {
      log.error("active jobs did not finish within 30 s; exiting");
      process.exit(1);
    }, 30_000);
    force.unref();
    await workers.close();
    await closeQueues();
    getRedis().disconnect();
    await getDb().$disconnect();
    await closeBulkPool();
    log.info("worker stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

/**
 * BullMQ keeps jobs in Redis: a Redis that evicts keys under memory pressure loses jobs
 * silently, so the worker refuses to run on one.
 */
async function assertNoEviction(url: string) {
  const redis = createRedis(url, { maxRetriesPerRequest: 3, lazyConnect: true });
  try {
    await redis.connect();
    const info = await redis.info("memory");
    const policy = /maxmemory_policy:(\S+)/.exec(info)?.[1];
    if (policy && policy !== "noeviction") {
      process.stderr.write(
        `worker cannot start: Redis evicts keys (maxmemory-policy is ${policy}), which would lose queued jobs.\n` +
          "Set maxmemory-policy to noeviction (redis-server --maxmemory-policy noeviction, or CONFIG SET maxmemory-policy noeviction).\n",
      );
      process.exit(1);
    }
  } finally {
    redis.disconnect();
  }
}

void main();
