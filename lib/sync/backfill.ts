import { now as clockNow } from "@/lib/clock";
import { db } from "@/lib/db/client";
import type { JobContext } from "@/lib/jobs/context";
import { JOBS, type JobPayload } from "@/lib/jobs/definitions";
import { childPriority, runItemJobId, salesDueJobId } from "@/lib/jobs/ids";
import { enqueue, syncQueue } from "@/lib/jobs/queues";
import { isoDay as iso, latestPublishedDay, reportDueAt } from "@/lib/sales/publication";
import { pausedReason } from "./guard";
import { failRun, openRun, startRun } from "./runs";
import { INDIVIDUAL_KEY_SALES, markSalesDayAwaited, missingSalesDays } from "./sales";

const DAY = 86_400_000;

/**
 * The days a backfill covers: the last `days` published days, or [from, to], never after
 * yesterday (UTC) nor older than Apple keeps them (a year). `published` is the part Apple has put out by
 * now; later days (yesterday before 5 am in Los Angeles) are fetched when they come out.
 */
export function backfillRange(p: { days?: number; from?: string; to?: string }, now = clockNow()) {
  const yesterday = Math.floor(now / DAY) * DAY - DAY;
  const latest = Date.parse(`${latestPublishedDay(now)}T00:00:00Z`);
  // Apple keeps daily reports for a year after publication, then answers 410.
  const floor = yesterday - 364 * DAY;
  const to = Math.min(p.to ? Date.parse(`${p.to}T00:00:00Z`) : latest, yesterday);
  const from = Math.max(p.from ? Date.parse(`${p.from}T00:00:00Z`) : to - ((p.days ?? 3) - 1) * DAY, floor);
  const end = Math.max(from, to);
  return { from: iso(from), to: iso(end), publishedTo: iso(Math.min(end, latest)) };
}

/** Fetches every sales day of a range that is not stored yet, one job per day. */
export async function salesBackfill(p: JobPayload<"sales-backfill">, ctx: JobContext) {
  const run = p.runId ? { id: p.runId, existing: false } : await openRun(p.organizationId, p.connectionId, "SALES", p.trigger);
  if (run.existing) return { skipped: "a sales run is already under way" };
  if (!p.runId) await ctx.job.updateData({ ...p, runId: run.id });
  const conn = await db.connection.findFirst({ where: { id: p.connectionId, organizationId: p.organizationId }, select: { keyKind: true, vendorNumber: true, syncPausedAt: true, statusReason: true } });
  if (!conn) return { dropped: "connection deleted" };
  if (conn.syncPausedAt) {
    await failRun(run.id, pausedReason(conn));
    return { skipped: "connection paused" };
  }
  if (conn.keyKind === "INDIVIDUAL") {
    await failRun(run.id, { message: INDIVIDUAL_KEY_SALES, code: "INDIVIDUAL_KEY" });
    return { skipped: "individual key" };
  }
  if (!conn.vendorNumber) {
    await failRun(run.id, { message: "No vendor number is set for this connection; add it in the connection's settings to fetch sales.", code: "NO_VENDOR_NUMBER" });
    return { skipped: "no vendor number" };
  }
  const range = backfillRange(p);
  const missing = await missingSalesDays(p.organizationId, p.connectionId, range.from, range.to);
  const days = missing.filter((d) => d <= range.publishedTo);
  // Days Apple has not published yet are not asked for: each waits for its publication time.
  for (const day of missing.filter((d) => d > range.publishedTo)) {
    const due = reportDueAt(day);
    await markSalesDayAwaited(p.organizationId, p.connectionId, day, due);
    await enqueue("sync-sales-day", { organizationId: p.organizationId, connectionId: p.connectionId, day }, { delay: Math.max(0, due - clockNow()), jobId: salesDueJobId(p.connectionId, day) });
  }
  await startRun(run.id, days.length);
  const interactive = p.trigger !== "schedule";
  await syncQueue().addBulk(
    days.map((day, i) => ({
      name: "sync-sales-day",
      data: JOBS["sync-sales-day"].parse({ organizationId: p.organizationId, connectionId: p.connectionId, day, runId: run.id }),
      opts: { jobId: runItemJobId(run.id, "sales", day), priority: childPriority(interactive, i) },
    })),
  );
  ctx.log.info({ runId: run.id, ...range, missing: days.length }, "sales backfill fanned out");
  return { runId: run.id, days: days.length };
}
