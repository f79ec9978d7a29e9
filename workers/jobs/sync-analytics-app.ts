import { JOBS } from "@/lib/jobs/definitions";
import { syncAnalyticsAppItem } from "@/lib/sync/analytics-run";
import type { JobHandler } from "../registry";

/** One app's analytics report requests and the daily reports not stored yet. */
export const syncAnalyticsAppJob: JobHandler<typeof JOBS["sync-analytics-app"]> = {
  name: "sync-analytics-app",
  schema: JOBS["sync-analytics-app"],
  handle: syncAnalyticsAppItem,
};
