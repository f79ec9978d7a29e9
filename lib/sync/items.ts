import { now as clockNow } from "@/lib/clock";
import type { JobContext } from "@/lib/jobs/context";
import { runItemKey, type JobPayload } from "@/lib/jobs/definitions";
import { salesRetryJobId } from "@/lib/jobs/ids";
import { enqueue } from "@/lib/jobs/queues";
import { reportDueAt } from "@/lib/sales/publication";
import { syncMedia } from "./media";
import { syncMetadata } from "./metadata";
import { syncReviews } from "./reviews";
import { runSyncItem } from "./runner";
import { addRunCounts } from "./runs";
import { markSalesDayFailed, syncSalesDay } from "./sales";

/**
 * One app's metadata: app infos and versions with their localizations (two requests), then
 * the screenshots and previews of those versions' localizations (two requests each): 2 + 2 × L.
 */
export function syncMetadataItem(p: JobPayload<"sync-metadata">, ctx: JobContext) {
  return runSyncItem(ctx, p, runItemKey("sync-metadata", p)!, async (t) => {
    const text = await syncMetadata(t, p.appId);
    const media = await syncMedia(t, p.appId);
    return { fetched: text.fetched + media.fetched, created: text.created + media.created, updated: text.updated + media.updated };
  });
}

/**
 * One app's reviews: incremental (down to the last pass's newest review) or deep (every
 * page). Counts reach the run page by page, so a long pass shows progress; a pass cut
 * short resumes from its saved cursor on the next attempt.
 */
export function syncReviewsItem(p: JobPayload<"sync-reviews">, ctx: JobContext) {
  return runSyncItem(ctx, p, runItemKey("sync-reviews", p)!, async (t) => {
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
  });
}

/** Apple is sometimes late: a report still missing after its publication time is awaited this much longer, not failed. */
export const AWAIT_LATE_REPORT_MS = 24 * 3600_000;
const RETRY_EVERY_MS = 3600_000;

/**
 * One day's sales report of a connection. A report Apple has not published yet is tried
 * again every hour until a day after its publication time (a separate job, so the run that
 * asked for it can finish); a day without sales is stored as such.
 */
export function syncSalesDayItem(p: JobPayload<"sync-sales-day">, ctx: JobContext) {
  return runSyncItem(
    ctx,
    p,
    runItemKey("sync-sales-day", p)!,
    async (t) => {
      const outcome = await syncSalesDay(t, p.day);
      const now = clockNow();
      if (outcome.status === "NOT_AVAILABLE" && now < reportDueAt(p.day) + AWAIT_LATE_REPORT_MS) {
        const slot = Math.floor(now / RETRY_EVERY_MS);
        await enqueue("sync-sales-day", { organizationId: p.organizationId, connectionId: p.connectionId, day: p.day }, { delay: RETRY_EVERY_MS, jobId: salesRetryJobId(p.connectionId, p.day, slot) });
      }
      const rows = outcome.status === "FETCHED" ? outcome.rows : 0;
      return { fetched: rows, created: rows, updated: 0 };
    },
    (t, reason) => markSalesDayFailed(t, p.day, reason),
  );
}
