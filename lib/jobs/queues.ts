import { Queue } from "bullmq";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { bullConnectionOptions, createRedis } from "@/lib/redis";
import { JOBS, MAINTENANCE_QUEUE, type JobName, type JobPayload } from "./definitions";

const globalForQueues = globalThis as unknown as { __ascdashQueue?: Queue };

export function maintenanceQueue(): Queue {
  if (!globalForQueues.__ascdashQueue) {
    const queue = new Queue(MAINTENANCE_QUEUE, {
      connection: createRedis(env.REDIS_URL, bullConnectionOptions),
      prefix: `${env.REDIS_PREFIX}:bull`,
      defaultJobOptions: { attempts: 5, backoff: { type: "exponential", delay: 5_000 }, removeOnComplete: 1000, removeOnFail: 5000 },
    });
    queue.on("error", (err: Error & { code?: string }) => log.warn({ code: err.code }, "queue connection error"));
    globalForQueues.__ascdashQueue = queue;
  }
  return globalForQueues.__ascdashQueue;
}

/** Validates the payload before it reaches Redis: ids only, never secrets or big data. */
export async function enqueue<N extends JobName>(name: N, payload: JobPayload<N>, queue = maintenanceQueue()) {
  const data = JOBS[name].parse(payload);
  return queue.add(name, data);
}

/** Schedules recurring jobs; calling it again updates the schedule rather than adding another. */
export async function ensureSchedules(queue = maintenanceQueue()) {
  await queue.upsertJobScheduler("prune-invitations", { every: 60 * 60 * 1000 }, { name: "prune-invitations", data: {} });
}
