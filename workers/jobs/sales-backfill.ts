import { JOBS } from "@/lib/jobs/definitions";
import { salesBackfill } from "@/lib/sync/backfill";
import type { JobHandler } from "../registry";

/** Fetches every sales day of a range that is not stored yet, one job per day. */
export const salesBackfillJob: JobHandler<typeof JOBS["sales-backfill"]> = {
  name: "sales-backfill",
  schema: JOBS["sales-backfill"],
  handle: salesBackfill,
};
