import { now as clockNow } from "@/lib/clock";
import { JOBS, runItemKey } from "@/lib/jobs/definitions";
import { enqueue } from "@/lib/jobs/queues";
import { reportDueAt } from "@/lib/sales/publication";
import { markSalesDayFailed, syncSalesDay } from "@/lib/sync/sales";
import type { JobHandler } from "../registry";
import { runSyncItem } from "../sync/runner";

/** Apple is sometimes late: a report still missing after its publication time is awaited this much longer, not failed. */
export const AWAIT_LATE_REPORT_MS = 24 * 3600_000;
const RETRY_EVERY_MS = 3600_000;

/**
 * One day's sales report of a connection. A report Apple has not published yet is tried
 * again every hour until a day after its publication time (a separate job, so the run that
 * asked for it can finish); a day without sales is stored as such.
 */
export const syncSalesDayJob: JobHandler<typeof JOBS["sync-sales-day"]> = {
  name: "sync-sales-day",
  schema: JOBS["sync-sales-day"],
  handle: (p, ctx) =>
    runSyncItem(
      ctx,
      p,
      runItemKey("sync-sales-day", p)!,
      async (t) => {
        const outcome = await syncSalesDay(t, p.day);
        const now = clockNow();
        if (outcome.status === "NOT_AVAILABLE" && now < reportDueAt(p.day) + AWAIT_LATE_REPORT_MS) {
          const slot = Math.floor(now / RETRY_EVERY_MS);
          await enqueue("sync-sales-day", { organizationId: p.organizationId, connectionId: p.connectionId, day: p.day }, { delay: RETRY_EVERY_MS, jobId: `sales-retry.${p.connectionId}.${p.day}.${slot}` });
        }
        const rows = outcome.status === "FETCHED" ? outcome.rows : 0;
        return { fetched: rows, created: rows, updated: 0 };
      },
      (t, reason) => markSalesDayFailed(t, p.day, reason),
    ),
};
