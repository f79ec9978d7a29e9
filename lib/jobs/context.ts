import type { Job } from "bullmq";
import type { Logger } from "pino";

/** What a job's handler gets besides its payload: the BullMQ job, a logger bound to it, and the worker's lock token. */
export type JobContext = { job: Job; log: Logger; token?: string };
