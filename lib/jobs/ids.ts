/**
 * Job ids of the sync queue. BullMQ adds nothing when a job with the same id exists, so
 * ids derived from the run make a retried fan-out add nothing twice. The formats are
 * stable: jobs already waiting in Redis carry them, so changing one would enqueue a second
 * copy of work under way.
 */
export type RunPart = "metadata" | "reviews" | "sales" | "analytics";

/** The job that opens a requested run: `run.<runId>`. */
export const runJobId = (runId: string) => `run.${runId}`;

/** One item of a run (an app's metadata or reviews, a sales day): `<runId>.<part>.<appId or day>`. */
export const runItemJobId = (runId: string, part: RunPart, key: string) => `${runId}.${part}.${key}`;

/** A sales day Apple publishes later, fetched when it is due: `sales-due.<connectionId>.<day>`. */
export const salesDueJobId = (connectionId: string, day: string) => `sales-due.${connectionId}.${day}`;

/** An hourly retry of a sales day Apple has not published yet: `sales-retry.<connectionId>.<day>.<hour slot>`. */
export const salesRetryJobId = (connectionId: string, day: string, slot: number) => `sales-retry.${connectionId}.${day}.${slot}`;

/** Queue priority (lower runs first): people waiting, then the n-th app or day of every connection in turn. */
export const childPriority = (interactive: boolean, index: number) => (interactive ? 1 : Math.min(10 + index, 2_000_000));
