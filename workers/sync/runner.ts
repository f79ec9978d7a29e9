import { DelayedError, UnrecoverableError, type Job } from "bullmq";
import type { JobContext } from "../registry";
import { AscError, isRetryable } from "@/lib/asc/errors";
import { env } from "@/lib/env";
import { connectionSlots } from "@/lib/jobs/slots";
import { syncTarget, type SyncTarget } from "@/lib/sync/connection";
import type { SyncCounts } from "@/lib/sync/counts";
import { blockKind, isForbidden, unblockKinds, ZSyncBlocks, type BlockKind } from "@/lib/sync/blocks";
import { pauseConnection } from "@/lib/sync/pause";
import { finishItem, noteRetries } from "@/lib/sync/runs";

export type SyncJobContext = JobContext;

let slots: ReturnType<typeof connectionSlots> | undefined;

/** Words for the Sync page: Apple's plain message, never a stack, a query or a secret. */
export function plainReason(e: unknown): { message: string; code?: string } {
  if (e instanceof AscError) {
    if (e.code === "TRUNCATED_REPORT") return { message: "The report from App Store Connect was cut short or unreadable.", code: e.code };
    if (e.code === "CORRUPT_REPORT") return { message: `The report from App Store Connect could not be stored: ${e.message.replace(/^App Store Connect 0 CORRUPT_REPORT: /, "")}`, code: e.code };
    return { message: e.publicMessage, code: e.code };
  }
  const name = (e as Error)?.name ?? "";
  if (name.startsWith("PrismaClient")) return { message: "The database was unavailable while storing the data.", code: "DATABASE" };
  return { message: "The sync stopped on an unexpected error; see the worker log.", code: "INTERNAL" };
}

/**
 * Whether Apple refused the key itself (401 after the client's one token refresh). A 403 is
 * not that: Apple decides it per endpoint, by the key's role (lib/sync/blocks.ts).
 */
export const keyRefused = (e: unknown): e is AscError => e instanceof AscError && e.status === 401;

/** The kind of work a run item belongs to, for per-kind blocks. */
export function itemKind(itemKey: string): BlockKind | null {
  const prefix = itemKey.split(":")[0];
  return prefix === "metadata" ? "METADATA" : prefix === "reviews" ? "REVIEWS" : prefix === "sales" ? "SALES" : null;
}

export const isFinalAttempt = (job: Job) => job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

let exclusive: ReturnType<typeof connectionSlots> | undefined;

/**
 * Waits for a free slot of the connection without holding a worker: a job that finds its
 * connection at the limit goes back to the queue for a moment, so the worker takes
 * another connection's job meanwhile. `exclusiveKey` (an app's reviews, say) is held by
 * one job at a time, so two runs never work on the same item at once.
 */
export async function withConnectionSlot<T>(ctx: SyncJobContext, connectionId: string, fn: () => Promise<T>, exclusiveKey?: string): Promise<T> {
  slots ??= connectionSlots({ limit: env.SYNC_CONNECTION_CONCURRENCY, leaseMs: env.JOB_LOCK_MS });
  exclusive ??= connectionSlots({ limit: 1, leaseMs: env.JOB_LOCK_MS, name: "sync-items" });
  const holder = `${ctx.job.id}`;
  const release = await slots.tryAcquire(connectionId, holder);
  const releaseItem = release && exclusiveKey ? await exclusive.tryAcquire(exclusiveKey, holder) : null;
  if (!release || (exclusiveKey && !releaseItem)) {
    await release?.();
    await ctx.job.moveToDelayed(Date.now() + 250 + Math.floor(Math.random() * 750), ctx.token);
    throw new DelayedError();
  }
  try {
    return await fn();
  } finally {
    await releaseItem?.();
    await release();
  }
}

/**
 * Runs one item of a sync run (an app's metadata or reviews, a day of sales) and records
 * how it ended. A refused key pauses the connection; errors retrying cannot fix end the
 * item at once; anything else is retried by the queue, and recorded as failed on the last
 * attempt. `onFinalFailure` lets an item leave its own trace (a sales day marked failed).
 */
export async function runSyncItem(
  ctx: SyncJobContext,
  p: { organizationId: string; connectionId: string; runId?: string; interactive?: boolean },
  itemKey: string,
  work: (t: SyncTarget) => Promise<SyncCounts>,
  onFinalFailure?: (t: SyncTarget, reason: string) => Promise<void>,
) {
  return withConnectionSlot(ctx, p.connectionId, async () => {
    let t: SyncTarget;
    try {
      t = await syncTarget(p.organizationId, p.connectionId, { priority: p.interactive ? "interactive" : "background" });
    } catch (e) {
      if ((e as Error).name === "PrismaClientKnownRequestError" && (e as { code?: string }).code === "P2025") return { dropped: "connection deleted" };
      throw new Error(plainReason(e).message);
    }
    if (t.conn.syncPausedAt) {
      if (p.runId) await finishItem(p.runId, itemKey, { error: { message: `Sync is paused: ${t.conn.statusReason ?? "the key was refused"}`, code: "PAUSED" } });
      return { skipped: "connection paused" };
    }
    const flushRetries = async () => {
      if (!p.runId || t.retried.count === 0) return;
      await noteRetries(p.runId, t.retried.count, t.retried.last).catch(() => undefined);
      t.retried.count = 0;
    };
    // A second attempt notes the first one's failure now that the database can take it
    // (it may have been the database that failed).
    if (p.runId && ctx.job.attemptsMade > 0) await noteRetries(p.runId, 1, ctx.job.failedReason || "An earlier attempt failed.");
    const kind = itemKind(itemKey);
    try {
      const counts = await work(t);
      await flushRetries();
      if (p.runId) await finishItem(p.runId, itemKey, { counts });
      // This kind works (again): a block from an earlier 403 no longer holds.
      if (kind && ZSyncBlocks.parse(t.conn.syncBlocks ?? {})[kind]) await unblockKinds(p.organizationId, p.connectionId, [kind]);
      return counts;
    } catch (e) {
      let reason = plainReason(e);
      ctx.log.warn({ item: itemKey, code: reason.code, err: { message: (e as Error).message } }, "sync item failed");
      if (keyRefused(e)) {
        await pauseConnection(p.organizationId, p.connectionId, reason.message, reason.code);
        throw new UnrecoverableError(reason.message);
      }
      if (kind && isForbidden(e)) {
        // Only this kind stops for this connection; the others keep their schedules.
        const blocked = await blockKind(p.organizationId, p.connectionId, kind, e);
        reason = { message: blocked.reason, code: blocked.code };
        await onFinalFailure?.(t, reason.message);
        if (p.runId) await finishItem(p.runId, itemKey, { error: reason });
        throw new UnrecoverableError(reason.message);
      }
      const retryable = !(e instanceof AscError) || isRetryable(e.status) || e.code === "TRUNCATED_REPORT";
      if (!retryable || isFinalAttempt(ctx.job)) {
        await onFinalFailure?.(t, reason.message);
        await flushRetries();
        if (p.runId) await finishItem(p.runId, itemKey, { error: reason });
        throw new UnrecoverableError(reason.message);
      }
      await flushRetries();
      // The queue tries again later; the plain reason is what the next attempt records.
      throw new Error(`${reason.message}${reason.code ? ` (${reason.code})` : ""}`);
    }
  }, `${p.connectionId}:${itemKey}`);
}
