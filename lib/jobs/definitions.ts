import { z } from "zod";

/** One queue for housekeeping; sync queues arrive with the sync engine. */
export const MAINTENANCE_QUEUE = "maintenance";

/** Payload schemas of every job, shared by producers (lib/jobs) and handlers (workers/jobs). */
export const JOBS = {
  "prune-invitations": z.object({}).strict(),
} as const;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]>;
