import { JOBS, runItemKey } from "@/lib/jobs/definitions";
import { syncReviews } from "@/lib/sync/reviews";
import { addRunCounts } from "@/lib/sync/runs";
import type { JobHandler } from "../registry";
import { runSyncItem } from "../sync/runner";

/**
 * One app's reviews: incremental (down to the last pass's newest review) or deep (every
 * page). Counts reach the run page by page, so a long pass shows progress; a pass cut
 * short resumes from its saved cursor on the next attempt.
 */
export const syncReviewsJob: JobHandler<typeof JOBS["sync-reviews"]> = {
  name: "sync-reviews",
  schema: JOBS["sync-reviews"],
  handle: (p, ctx) =>
    runSyncItem(ctx, p, runItemKey("sync-reviews", p)!, async (t) => {
      let reported = { fetched: 0, created: 0, updated: 0 };
      await syncReviews(t, p.appId, {
        deep: p.deep,
        onPage: async (now) => {
          await addRunCounts(p.runId, { fetched: now.fetched - reported.fetched, created: now.created - reported.created, updated: now.updated - reported.updated });
          reported = { fetched: now.fetched, created: now.created, updated: now.updated };
          await ctx.job.updateProgress({ pages: now.pages, fetched: now.fetched });
        },
      });
      // Page counts are in the run already; the item adds nothing more.
      return { fetched: 0, created: 0, updated: 0 };
    }),
};
