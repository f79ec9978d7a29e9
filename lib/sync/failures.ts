import type { Job } from "bullmq";
import { ascAppError, AscError, isAscFailure, isRetryable } from "@/lib/asc/errors";

export type FailureReason = { message: string; code?: string };

/** Words for the Sync page: Apple's answer as the one translation words it, never a stack, a query or a secret. */
export function failureReason(e: unknown): FailureReason {
  if (isAscFailure(e)) return { message: ascAppError(e).publicMessage, code: e.code };
  const name = (e as Error)?.name ?? "";
  if (name.startsWith("PrismaClient")) return { message: "The database was unavailable while storing the data.", code: "DATABASE" };
  return { message: "The sync stopped on an unexpected error; see the worker log.", code: "INTERNAL" };
}

/**
 * Whether Apple refused the key itself (401 after the client's one token refresh). A 403 is
 * not that: Apple decides it per endpoint, by the key's role (lib/sync/blocks.ts).
 */
export const keyRefused = (e: unknown): e is AscError => e instanceof AscError && e.status === 401;

/** Whether the queue has no attempt left after this one. */
export const isFinalAttempt = (job: Job) => job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

/**
 * What the queue does after a failed attempt of an item: Apple's refusals that retrying
 * cannot change end it at once, so does the last attempt; anything else (Apple down or
 * rate-limiting, a report cut short, our database) is tried again.
 */
export function afterFailure(e: unknown, job: Job): "retry" | "final" {
  const retryable = !(e instanceof AscError) || isRetryable(e.status);
  return retryable && !isFinalAttempt(job) ? "retry" : "final";
}
