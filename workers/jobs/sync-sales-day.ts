import { JOBS } from "@/lib/jobs/definitions";
import { syncSalesDayItem } from "@/lib/sync/items";
import type { JobHandler } from "../registry";

/** One day's sales report of a connection; a report not published yet is tried again hourly. */
export const syncSalesDayJob: JobHandler<typeof JOBS["sync-sales-day"]> = {
  name: "sync-sales-day",
  schema: JOBS["sync-sales-day"],
  handle: syncSalesDayItem,
};
