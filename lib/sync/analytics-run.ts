import type { JobContext } from "@/lib/jobs/context";
import { JOBS, runItemKey, type JobPayload } from "@/lib/jobs/definitions";
import { childPriority, runItemJobId } from "@/lib/jobs/ids";
import { syncQueue } from "@/lib/jobs/queues";
import { db } from "@/lib/db/client";
import { syncAppAnalytics } from "./analytics";
import { syncApps } from "./apps";
import { failureReason, isFinalAttempt } from "./failures";
import { runSyncItem, withConnectionSlot } from "./runner";
import { beginFanOut } from "./fan-out";
import { failRun, startRun } from "./runs";

/**
 * The analytics sync of a connection: one item per stored app (the apps are listed from
 * App Store Connect only when none is stored yet). Child job ids derive from the run, so a
 * retried fan-out adds nothing twice.
 */
export async function syncAnalyticsConnection(p: JobPayload<"sync-analytics">, ctx: JobContext) {
  return withConnectionSlot(ctx, p.connectionId, async () => {
    const begun = await beginFanOut(p, "ANALYTICS", ctx, "an analytics run is already under way");
    if ("outcome" in begun) return begun.outcome;
    const { run, t, interactive } = begun;
    const scope = { organizationId: p.organizationId, connectionId: p.connectionId };
    let apps = await db.syncedApp.findMany({ where: scope, select: { id: true }, orderBy: { name: "asc" } });
    let listed = { fetched: 0, created: 0, updated: 0 };
    if (apps.length === 0) {
      try {
        const r = await syncApps(t);
        listed = { fetched: r.fetched, created: r.created, updated: r.updated };
        apps = r.apps.map((a) => ({ id: a.id }));
      } catch (e) {
        if (isFinalAttempt(ctx.job)) await failRun(run.id, failureReason(e));
        throw e;
      }
    }
    await startRun(run.id, apps.length, listed);
    await syncQueue().addBulk(
      apps.map((app, i) => ({
        name: "sync-analytics-app",
        data: JOBS["sync-analytics-app"].parse({ ...scope, appId: app.id, runId: run.id, interactive }),
        opts: { jobId: runItemJobId(run.id, "analytics", app.id), priority: childPriority(interactive, i) },
      })),
    );
    ctx.log.info({ runId: run.id, apps: apps.length }, "analytics sync fanned out");
    return { runId: run.id, apps: apps.length };
  });
}

/** One app's analytics, recorded as an item of its run. */
export function syncAnalyticsAppItem(p: JobPayload<"sync-analytics-app">, ctx: JobContext) {
  return runSyncItem(ctx, p, runItemKey("sync-analytics-app", p)!, (t) => syncAppAnalytics(t, p.appId));
}
