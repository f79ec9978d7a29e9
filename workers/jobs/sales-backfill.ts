import { JOBS } from "@/lib/jobs/definitions";
import { syncQueue } from "@/lib/jobs/queues";
import { db } from "@/lib/db/client";
import { missingSalesDays } from "@/lib/sync/sales";
import { failRun, openRun, startRun } from "@/lib/sync/runs";
import type { JobHandler } from "../registry";
import { childPriority } from "./sync-connection";

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The days a backfill covers: the last `days` days up to yesterday (UTC), or [from, to], never more than a year back. */
export function backfillRange(p: { days?: number; from?: string; to?: string }, now = Date.now()) {
  const yesterday = Math.floor(now / DAY) * DAY - DAY;
  const floor = yesterday - 365 * DAY;
  const to = Math.min(p.to ? Date.parse(`${p.to}T00:00:00Z`) : yesterday, yesterday);
  const from = Math.max(p.from ? Date.parse(`${p.from}T00:00:00Z`) : to - ((p.days ?? 3) - 1) * DAY, floor);
  return { from: iso(from), to: iso(Math.max(from, to)) };
}

/** Fetches every sales day of a range that is not stored yet, one job per day. */
export const salesBackfillJob: JobHandler<typeof JOBS["sales-backfill"]> = {
  name: "sales-backfill",
  schema: JOBS["sales-backfill"],
  async handle(p, ctx) {
    const run = p.runId ? { id: p.runId, existing: false } : await openRun(p.organizationId, p.connectionId, "SALES", p.trigger);
    if (run.existing) return { skipped: "a sales run is already under way" };
    if (!p.runId) await ctx.job.updateData({ ...p, runId: run.id });
    const conn = await db.connection.findFirst({ where: { id: p.connectionId, organizationId: p.organizationId }, select: { vendorNumber: true, syncPausedAt: true, statusReason: true } });
    if (!conn) return { dropped: "connection deleted" };
    if (conn.syncPausedAt) {
      await failRun(run.id, { message: `Sync is paused: ${conn.statusReason ?? "the key was refused"}`, code: "PAUSED" });
      return { skipped: "connection paused" };
    }
    if (!conn.vendorNumber) {
      await failRun(run.id, { message: "No vendor number is set for this connection; add it in the connection's settings to fetch sales.", code: "NO_VENDOR_NUMBER" });
      return { skipped: "no vendor number" };
    }
    const range = backfillRange(p);
    const days = await missingSalesDays(p.organizationId, p.connectionId, range.from, range.to);
    await startRun(run.id, days.length);
    const interactive = p.trigger !== "schedule";
    await syncQueue().addBulk(
      days.map((day, i) => ({
        name: "sync-sales-day",
        data: JOBS["sync-sales-day"].parse({ organizationId: p.organizationId, connectionId: p.connectionId, day, runId: run.id }),
        opts: { jobId: `${run.id}.sales.${day}`, priority: childPriority(interactive, i) },
      })),
    );
    ctx.log.info({ runId: run.id, ...range, missing: days.length }, "sales backfill fanned out");
    return { runId: run.id, days: days.length };
  },
};
