import { Worker, type Job } from "bullmq";
import type { Logger } from "pino";
import { env } from "@/lib/env";
import { connectionOfScheduler } from "@/lib/jobs/connection-schedules";
import { ALERT_QUEUE, MAINTENANCE_QUEUE, SYNC_QUEUE, runItemKey } from "@/lib/jobs/definitions";
import { ensureSchedules, syncQueue } from "@/lib/jobs/queues";
import { bullConnectionOptions, createRedis } from "@/lib/redis";
import { reconcileSchedules } from "@/lib/sync/pause";
import { finishItem, noteRetries } from "@/lib/sync/runs";
import { dispatch } from "./registry";

/** The run item a sync job stands for, if any. */
function itemOf(job: Job): { runId: string; key: string } | null {
  const d = job.data as { runId?: string; appId?: string; day?: string };
  const key = runItemKey(job.name, d);
  return d?.runId && key ? { runId: d.runId, key } : null;
}

/**
 * The worker processes' queues: housekeeping, and sync with SYNC_CONCURRENCY jobs at a
 * time. A job whose worker died is taken up again once its lock (JOB_LOCK_MS) lapses.
 */
export function startWorkers(log: Logger) {
  const common = { prefix: `${env.REDIS_PREFIX}:bull`, lockDuration: env.JOB_LOCK_MS, stalledInterval: env.JOB_LOCK_MS, maxStalledCount: 3 };
  const maintenance = new Worker(MAINTENANCE_QUEUE, (job, token) => dispatch(job, log, token), {
    ...common,
    connection: createRedis(env.REDIS_URL, bullConnectionOptions),
    concurrency: 2,
  });
  const sync = new Worker(SYNC_QUEUE, (job, token) => dispatch(job, log, token), {
    ...common,
    connection: createRedis(env.REDIS_URL, bullConnectionOptions),
    concurrency: env.SYNC_CONCURRENCY,
  });
  const alerts = new Worker(ALERT_QUEUE, (job, token) => dispatch(job, log, token), {
    ...common,
    connection: createRedis(env.REDIS_URL, bullConnectionOptions),
    concurrency: 8,
  });
  // A job whose worker died is run again from where its data stands; the run shows it happened.
  sync.on("stalled", (jobId) => {
    log.warn({ jobId }, "job stalled (its worker stopped); running it again");
    void (async () => {
      const job = await syncQueue().getJob(jobId);
      const runId = (job?.data as { runId?: string } | undefined)?.runId;
      if (runId) await noteRetries(runId, 1, "A worker stopped in the middle of this run; its work was picked up again.");
    })().catch(() => undefined);
  });
  for (const w of [maintenance, sync, alerts]) {
    // Redis outages surface here; ioredis reconnects by itself and the worker resumes.
    w.on("error", (err) => log.warn({ queue: w.name, err: { message: err.message } }, "worker connection error"));
    w.on("completed", (job) => log.info({ jobId: job.id, job: job.name }, "job completed"));
    w.on("failed", (job, err) => {
      log.warn({ jobId: job?.id, job: job?.name, attempts: job?.attemptsMade, err: { message: err.message } }, "job failed");
      // A job that failed for good without its handler saying so (it stalled too often) still ends its run item.
      const item = job && itemOf(job);
      if (item && /stalled/i.test(err.message)) void finishItem(item.runId, item.key, { error: { message: "The worker stopped while syncing this item, too many times.", code: "STALLED" } }).catch(() => undefined);
    });
  }
  return {
    workers: [maintenance, sync, alerts],
    async close() {
      await Promise.all([maintenance.close(), sync.close(), alerts.close()]);
    },
  };
}

/** Housekeeping schedules, and every connection's sync schedules brought in line with the database. */
export async function registerSchedules() {
  await ensureSchedules();
  const q = syncQueue();
  await reconcileSchedules(await q.getJobSchedulers(), (key) => q.removeJobScheduler(key), connectionOfScheduler);
}
