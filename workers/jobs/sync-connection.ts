import { UnrecoverableError } from "bullmq";
import { JOBS } from "@/lib/jobs/definitions";
import { syncQueue } from "@/lib/jobs/queues";
import { syncApps } from "@/lib/sync/apps";
import { syncTarget } from "@/lib/sync/connection";
import { blockKind, isForbidden } from "@/lib/sync/blocks";
import { pauseConnection } from "@/lib/sync/pause";
import { failRun, openRun, startRun } from "@/lib/sync/runs";
import type { JobHandler } from "../registry";
import { isFinalAttempt, keyRefused, plainReason, withConnectionSlot } from "../sync/runner";

/** Queue priority (lower runs first): people waiting, then the n-th app of every connection in turn. */
export const childPriority = (interactive: boolean, index: number) => (interactive ? 1 : Math.min(10 + index, 2_000_000));

/**
 * Full, metadata or review sync of a connection: reads its apps (one request per 200),
 * then adds one job per app and part. Child job ids derive from the run, so a retried
 * fan-out adds nothing twice; giving each connection's n-th app the same priority
 * interleaves connections, so a small account is not queued behind a big one.
 */
export const syncConnectionJob: JobHandler<typeof JOBS["sync-connection"]> = {
  name: "sync-connection",
  schema: JOBS["sync-connection"],
  async handle(p, ctx) {
    const interactive = p.trigger !== "schedule";
    return withConnectionSlot(ctx, p.connectionId, async () => {
      const run = p.runId ? { id: p.runId, existing: false } : await openRun(p.organizationId, p.connectionId, p.kind, p.trigger);
      if (run.existing) return { skipped: "a run of this kind is already under way" };
      // A retry of this job carries on with the same run.
      if (!p.runId) await ctx.job.updateData({ ...p, runId: run.id });
      const t = await syncTarget(p.organizationId, p.connectionId, { priority: interactive ? "interactive" : "background" }).catch(() => null);
      if (!t) return { dropped: "connection deleted" };
      if (t.conn.syncPausedAt) {
        await failRun(run.id, { message: `Sync is paused: ${t.conn.statusReason ?? "the key was refused"}`, code: "PAUSED" });
        return { skipped: "connection paused" };
      }
      let listed;
      try {
        listed = await syncApps(t);
      } catch (e) {
        const reason = plainReason(e);
        if (keyRefused(e)) {
          await pauseConnection(p.organizationId, p.connectionId, reason.message, reason.code);
          throw new UnrecoverableError(reason.message);
        }
        if (isForbidden(e)) {
          // The role may not list apps for this kind of work: that kind stops, the others go on.
          const kinds = p.kind === "FULL" ? (["METADATA", "REVIEWS"] as const) : p.kind === "METADATA" ? (["METADATA"] as const) : (["REVIEWS"] as const);
          let last = reason;
          for (const k of kinds) {
            const b = await blockKind(p.organizationId, p.connectionId, k, e);
            last = { message: b.reason, code: b.code };
          }
          await failRun(run.id, last);
          throw new UnrecoverableError(last.message);
        }
        if (isFinalAttempt(ctx.job)) await failRun(run.id, reason);
        throw e;
      }
      const parts = p.kind === "FULL" ? (["metadata", "reviews"] as const) : p.kind === "METADATA" ? (["metadata"] as const) : (["reviews"] as const);
      await startRun(run.id, listed.apps.length * parts.length, { fetched: listed.fetched, created: listed.created, updated: listed.updated });
      const base = { organizationId: p.organizationId, connectionId: p.connectionId, runId: run.id, interactive };
      await syncQueue().addBulk(
        listed.apps.flatMap((app, i) =>
          parts.map((part) =>
            part === "metadata"
              ? { name: "sync-metadata", data: JOBS["sync-metadata"].parse({ ...base, appId: app.id }), opts: { jobId: `${run.id}.metadata.${app.id}`, priority: childPriority(interactive, i) } }
              : { name: "sync-reviews", data: JOBS["sync-reviews"].parse({ ...base, appId: app.id, deep: p.kind === "REVIEWS_DEEP" }), opts: { jobId: `${run.id}.reviews.${app.id}`, priority: childPriority(interactive, i) } },
          ),
        ),
      );
      ctx.log.info({ runId: run.id, kind: p.kind, apps: listed.apps.length }, "sync fanned out");
      return { runId: run.id, apps: listed.apps.length };
    });
  },
};
