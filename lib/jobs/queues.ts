import { Queue, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { bullConnectionOptions, createRedis } from "@/lib/redis";
import { ALERT_QUEUE, JOBS, MAINTENANCE_QUEUE, SYNC_QUEUE, queueOf, type JobName, type JobPayload } from "./definitions";

const globalForQueues = globalThis as unknown as { __ascdashQueues?: Map<string, Queue>; __ascdashQueueRedis?: Redis[] };

const defaults = (): Record<string, JobsOptions> => ({
  [MAINTENANCE_QUEUE]: { attempts: 5, backoff: { type: "exponential", delay: 5_000 }, removeOnComplete: 1000, removeOnFail: 5000 },
  // The App Store Connect client already retries within a request; these attempts cover
  // what outlives that (Apple down for minutes, our database or Redis restarting): eight
  // attempts with doubling delays span about 40 minutes at the default first delay.
  // A hook that is down is tried 8 times over about an hour (30 s by default, doubling), then the delivery is FAILED.
  [ALERT_QUEUE]: { attempts: 8, backoff: { type: "exponential", delay: env.ALERT_RETRY_DELAY_MS }, removeOnComplete: { age: 86_400, count: 10_000 }, removeOnFail: { age: 7 * 86_400 } },
  [SYNC_QUEUE]: { attempts: 8, backoff: { type: "exponential", delay: env.SYNC_RETRY_DELAY_MS }, removeOnComplete: { age: 86_400, count: 5000 }, removeOnFail: { age: 7 * 86_400 } },
});

export function getQueue(name: string): Queue {
  globalForQueues.__ascdashQueues ??= new Map();
  let queue = globalForQueues.__ascdashQueues.get(name);
  if (!queue) {
    // BullMQ leaves a connection it was given open on close; closeQueues ends it.
    const connection = createRedis(env.REDIS_URL, bullConnectionOptions);
    (globalForQueues.__ascdashQueueRedis ??= []).push(connection);
    queue = new Queue(name, {
      connection,
      prefix: `${env.REDIS_PREFIX}:bull`,
      defaultJobOptions: defaults()[name],
    });
    queue.on("error", (err: Error & { code?: string }) => log.warn({ code: err.code, queue: name }, "queue connection error"));
    globalForQueues.__ascdashQueues.set(name, queue);
  }
  return queue;
}

export const maintenanceQueue = () => getQueue(MAINTENANCE_QUEUE);
export const syncQueue = () => getQueue(SYNC_QUEUE);
export const alertQueue = () => getQueue(ALERT_QUEUE);

/** Closes every queue this process opened. */
export async function closeQueues() {
  const queues = [...(globalForQueues.__ascdashQueues?.values() ?? [])];
  globalForQueues.__ascdashQueues?.clear();
  await Promise.all(queues.map((q) => q.close()));
  for (const r of globalForQueues.__ascdashQueueRedis?.splice(0) ?? []) r.disconnect();
}

/** Validates the payload before it reaches Redis: ids only, never secrets or big data. */
export async function enqueue<N extends JobName>(name: N, payload: JobPayload<N>, opts?: JobsOptions) {
  const data = JOBS[name].parse(payload);
  return getQueue(queueOf(name)).add(name, data, opts);
}

/** Schedules recurring housekeeping; calling it again updates the schedule rather than adding another. */
export async function ensureSchedules(queue = maintenanceQueue()) {
  await queue.upsertJobScheduler("prune-invitations", { every: 60 * 60 * 1000 }, { name: "prune-invitations", data: {} });
  await queue.upsertJobScheduler("prune-media", { every: 60 * 60 * 1000 }, { name: "prune-media", data: {} });
  await queue.upsertJobScheduler("sweep-alerts", { every: 60 * 1000 }, { name: "sweep-alerts", data: {} });
  // Daily at 06:00 UTC: last week's reports on Mondays, last month's on the 1st; a day missed is caught up the next.
  await queue.upsertJobScheduler("send-client-reports", { pattern: "0 6 * * *", tz: "UTC" }, { name: "send-client-reports", data: {} });
}
