import { Worker } from "bullmq";
import { assertEnvOrExit } from "@/lib/startup";
import { getDb } from "@/lib/db/client";
import { ensureSchedules, maintenanceQueue } from "@/lib/jobs/queues";
import { MAINTENANCE_QUEUE } from "@/lib/jobs/definitions";
import { getLogger, setLogService } from "@/lib/log";
import { bullConnectionOptions, createRedis } from "@/lib/redis";
import { dispatch } from "./registry";

async function main() {
  const env = assertEnvOrExit("worker");
  setLogService("worker");
  const log = getLogger();
  await assertNoEviction(env.REDIS_URL);

  const worker = new Worker(MAINTENANCE_QUEUE, (job) => dispatch(job, log), {
    connection: createRedis(env.REDIS_URL, bullConnectionOptions),
    prefix: `${env.REDIS_PREFIX}:bull`,
    concurrency: 4,
  });
  // Redis outages surface here; ioredis reconnects by itself and the worker resumes.
  worker.on("error", (err) => log.warn({ err: { message: err.message } }, "worker connection error"));
  worker.on("failed", (job, err) => log.warn({ jobId: job?.id, job: job?.name, err: { message: err.message } }, "job failed"));
  worker.on("completed", (job) => log.info({ jobId: job.id, job: job.name }, "job completed"));

  const scheduleUntilDone = async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        await ensureSchedules();
        return;
      } catch (err) {
        log.warn({ attempt, err: { message: (err as Error).message } }, "could not register schedules yet; retrying");
        await new Promise((r) => setTimeout(r, Math.min(attempt * 1000, 10_000)));
      }
    }
  };
  void scheduleUntilDone();
  log.info({ queue: MAINTENANCE_QUEUE }, "worker started");

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
    await worker.close();
    await maintenanceQueue().close();
    await getDb().$disconnect();
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
