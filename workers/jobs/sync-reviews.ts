import { JOBS } from "@/lib/jobs/definitions";
import { syncReviewsItem } from "@/lib/sync/items";
import type { JobHandler } from "../registry";

/** One app's reviews, incremental or deep, with counts reaching the run page by page. */
export const syncReviewsJob: JobHandler<typeof JOBS["sync-reviews"]> = {
  name: "sync-reviews",
  schema: JOBS["sync-reviews"],
  handle: syncReviewsItem,
};
