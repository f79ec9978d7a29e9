import { JOBS, runItemKey } from "@/lib/jobs/definitions";
import { enqueue } from "@/lib/jobs/queues";
import { markSalesDayFailed, syncSalesDay } from "@/lib/sync/sales";
import type { JobHandler } from "../registry";
import { runSyncItem } from "../sync/runner";

/** Apple publishes a day's report by 08:00 UTC the next day; until 23:00 UTC that next day a missing report is awaited, not failed. */
export const AWAIT_REPORT_UNTIL_MS = 47 * 3600_000;
const RETRY_EVERY_MS = 3600_000;

/**
 * One day's sales report of a connection. A report Apple has not published yet is tried
 * again every hour until late the next day (a separate job, so the run that asked for
 * it can finish); a day without sales is stored as such.
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
        if (outcome.status === "NOT_AVAILABLE" && Date.now() < Date.parse(`${p.day}T00:00:00Z`) + AWAIT_REPORT_UNTIL_MS) {
          const slot = Math.floor(Date.now() / RETRY_EVERY_MS);
          await enqueue("sync-sales-day", { organizationId: p.organizationId, connectionId: p.connectionId, day: p.day }, { delay: RETRY_EVERY_MS, jobId: `sales-retry.${p.connectionId}.${p.day}.${slot}` });
        }
        const rows = outcome.status === "FETCHED" ? outcome.rows : 0;
        return { fetched: rows, created: rows, updated: 0 };
      },
      (t, reason) => markSalesDayFailed(t, p.day, reason),
    ),
};
