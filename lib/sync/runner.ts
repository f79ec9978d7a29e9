import { DelayedError, UnrecoverableError } from "bullmq";
import { env } from "@/lib/env";
import type { JobContext } from "@/lib/jobs/context";
import { connectionSlots } from "@/lib/jobs/slots";
import { ZSyncBlocks, unblockKinds, type BlockKind } from "./blocks";
import { syncTarget, type SyncTarget } from "./connection";
import type { SyncCounts } from "./counts";
import { afterFailure, failureReason } from "./failures";
import { applyRefusal, pausedReason } from "./guard";
import { finishItem, noteRetries } from "./runs";

let slots: ReturnType<typeof connectionSlots> | undefined;
let exclusive: ReturnType<typeof connectionSlots> | undefined;

/** The kind of work a run item belongs to, for per-kind blocks. */
export function itemKind(itemKey: string): BlockKind | null {
  const prefix = itemKey.split(":")[0];
  return prefix === "metadata" ? "METADATA" : prefix === "reviews" ? "REVIEWS" : prefix === "sales" ? "SALES" : prefix === "analytics" ? "ANALYTICS" : null;
}

/**
 * Waits for a free slot of the connection without holding a worker: a job that finds its
 * connection at the limit goes back to the queue for a moment, so the worker takes
 * another connection's job meanwhile. `exclusiveKey` (an app's reviews, say) is held by
 * one job at a time, so two runs never work on the same item at once.
 */
export async function withConnectionSlot<T>(ctx: JobContext, connectionId: string, fn: () => Promise<T>, exclusiveKey?: string): Promise<T> {
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
  ctx: JobContext,
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
      throw new Error(failureReason(e).message);
    }
    if (t.conn.syncPausedAt) {
      if (p.runId) await finishItem(p.runId, itemKey, { error: pausedReason(t.conn) });
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
      let reason = failureReason(e);
      ctx.log.warn({ item: itemKey, code: reason.code, err: { message: (e as Error).message } }, "sync item failed");
      const refusal = await applyRefusal(p, e, kind ? [kind] : []);
      if (refusal?.paused) throw new UnrecoverableError(refusal.reason.message);
      if (refusal) {
        // Only this kind stops for this connection; the others keep their schedules.
        reason = refusal.reason;
        await onFinalFailure?.(t, reason.message);
        if (p.runId) await finishItem(p.runId, itemKey, { error: reason });
        throw new UnrecoverableError(reason.message);
      }
      if (afterFailure(e, ctx.job) === "final") {
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
