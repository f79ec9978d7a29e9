import { JOBS } from "@/lib/jobs/definitions";
import { syncAnalyticsConnection } from "@/lib/sync/analytics-run";
import type { JobHandler } from "../registry";

/** App Store analytics of a connection: one job per stored app. */
export const syncAnalyticsJob: JobHandler<typeof JOBS["sync-analytics"]> = {
  name: "sync-analytics",
  schema: JOBS["sync-analytics"],
  handle: syncAnalyticsConnection,
};
