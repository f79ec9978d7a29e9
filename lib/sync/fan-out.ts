import { UnrecoverableError } from "bullmq";
import type { SyncKind } from "@/lib/generated/prisma/enums";
import type { JobContext } from "@/lib/jobs/context";
import { JOBS, type JobPayload } from "@/lib/jobs/definitions";
import { childPriority, runItemJobId } from "@/lib/jobs/ids";
import { syncQueue } from "@/lib/jobs/queues";
import { syncApps } from "./apps";
import type { BlockKind } from "./blocks";
import { syncTarget } from "./connection";
import { failureReason, isFinalAttempt } from "./failures";
import { applyRefusal, pausedReason } from "./guard";
import { withConnectionSlot } from "./runner";
import { failRun, openRun, startRun, type SyncTrigger } from "./runs";

type Kind = JobPayload<"sync-connection">["kind"];
type FanOutPayload = { organizationId: string; connectionId: string; runId?: string; trigger: SyncTrigger };

/**
 * How every fan-out starts: its run is opened once (a retry of the job carries on with the
 * same run, kept in the job's data), then the connection is read. Either the run and its
 * target, or what the job ends with: a run of the kind already under way, the connection
 * deleted, or paused (the run then fails with the reason).
 */
export async function beginFanOut<P extends FanOutPayload>(p: P, kind: SyncKind, ctx: JobContext, busy: string) {
  const interactive = p.trigger !== "schedule";
  const run = p.runId ? { id: p.runId, existing: false } : await openRun(p.organizationId, p.connectionId, kind, p.trigger);
  if (run.existing) return { outcome: { skipped: busy } };
  if (!p.runId) await ctx.job.updateData({ ...p, runId: run.id });
  const t = await syncTarget(p.organizationId, p.connectionId, { priority: interactive ? "interactive" : "background" }).catch(() => null);
  if (!t) return { outcome: { dropped: "connection deleted" } };
  if (t.conn.syncPausedAt) {
    await failRun(run.id, pausedReason(t.conn));
    return { outcome: { skipped: "connection paused" } };
  }
  return { run: { id: run.id }, t, interactive };
}

const PARTS: Record<Kind, readonly ("metadata" | "reviews")[]> = { FULL: ["metadata", "reviews"], METADATA: ["metadata"], REVIEWS: ["reviews"], REVIEWS_DEEP: ["reviews"] };
const BLOCKED_BY_APPS: Record<Kind, readonly BlockKind[]> = { FULL: ["METADATA", "REVIEWS"], METADATA: ["METADATA"], REVIEWS: ["REVIEWS"], REVIEWS_DEEP: ["REVIEWS"] };

/**
 * Full, metadata or review sync of a connection: reads its apps (one request per 200),
 * then adds one job per app and part. Child job ids derive from the run, so a retried
 * fan-out adds nothing twice; giving each connection's n-th app the same priority
 * interleaves connections, so a small account is not queued behind a big one.
 */
export async function syncConnection(p: JobPayload<"sync-connection">, ctx: JobContext) {
  return withConnectionSlot(ctx, p.connectionId, async () => {
    const begun = await beginFanOut(p, p.kind, ctx, "a run of this kind is already under way");
    if ("outcome" in begun) return begun.outcome;
    const { run, t, interactive } = begun;
    let listed;
    try {
      listed = await syncApps(t);
    } catch (e) {
      // The role may not list apps for this kind of work: that kind stops, the others go on.
      const refusal = await applyRefusal(p, e, BLOCKED_BY_APPS[p.kind]);
      if (refusal && !refusal.paused) await failRun(run.id, refusal.reason);
      if (refusal) throw new UnrecoverableError(refusal.reason.message);
      if (isFinalAttempt(ctx.job)) await failRun(run.id, failureReason(e));
      throw e;
    }
    const parts = PARTS[p.kind];
    await startRun(run.id, listed.apps.length * parts.length, { fetched: listed.fetched, created: listed.created, updated: listed.updated });
    const base = { organizationId: p.organizationId, connectionId: p.connectionId, runId: run.id, interactive };
    await syncQueue().addBulk(
      listed.apps.flatMap((app, i) =>
        parts.map((part) => {
          const opts = { jobId: runItemJobId(run.id, part, app.id), priority: childPriority(interactive, i) };
          return part === "metadata"
            ? { name: "sync-metadata", data: JOBS["sync-metadata"].parse({ ...base, appId: app.id }), opts }
            : { name: "sync-reviews", data: JOBS["sync-reviews"].parse({ ...base, appId: app.id, deep: p.kind === "REVIEWS_DEEP" }), opts };
        }),
      ),
    );
    ctx.log.info({ runId: run.id, kind: p.kind, apps: listed.apps.length }, "sync fanned out");
    return { runId: run.id, apps: listed.apps.length };
  });
}
