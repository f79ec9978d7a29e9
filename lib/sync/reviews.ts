import { AscError } from "@/lib/asc/errors";
import { queueDeliveries } from "@/lib/alerts/queue";
import { raiseReviewAlerts, raiseReviewEditedAlerts, type EditedReview, type NewReview } from "@/lib/alerts/raise";
import { nowDate } from "@/lib/clock";
import { db } from "@/lib/db/client";
import type { SyncTarget } from "./connection";
import type { SyncCounts } from "./counts";
import { placeReviewVersions } from "./review-versions";

type Progress = (counts: SyncCounts & { pages: number }) => Promise<void> | void;

/**
 * Reviews of one app, newest first. Each page's reviews and responses, and the cursor to
 * the next page, are written in one transaction, so a pass killed anywhere resumes from
 * the page after the last one stored: never a gap, never a duplicate.
 *
 * Incremental (the default) stops at the first page that reaches the newest review of the
 * last completed pass (the high-water mark). `deep` reads every page, to catch edited
 * reviews and changed or deleted responses. A review whose title, text or rating changed
 * while our published reply stayed as it was is marked edited after the reply (the inbox
 * says the reply may be outdated) and alerts. A pass that was cut short is resumed first,
 * whichever kind is asked for next, and its deep flag is kept. Then the new reviews get the
 * App Store version they were written for.
 */
export async function syncReviews(t: SyncTarget, appId: string, opts: { deep?: boolean; onPage?: Progress } = {}): Promise<SyncCounts & { pages: number }> {
  const scope = { organizationId: t.conn.organizationId, connectionId: t.conn.id };
  const app = await db.syncedApp.findFirstOrThrow({
    where: { ...scope, id: appId },
    select: { id: true, appleId: true, name: true, reviewsCursor: true, reviewsPassTopDate: true, reviewsHighWaterDate: true, reviewsPassDeep: true },
  });
  const resuming = app.reviewsCursor !== null;
  const deep = resuming ? app.reviewsPassDeep || !!opts.deep : !!opts.deep;
  let passTop = resuming ? app.reviewsPassTopDate : null;
  const highWater = app.reviewsHighWaterDate;
  const counts = { fetched: 0, created: 0, updated: 0, pages: 0 };

  for await (const { reviews, responses, next } of t.reader.reviews(app.appleId, app.reviewsCursor ?? undefined)) {
    counts.pages++;
    counts.fetched += reviews.length;
    const byId = new Map(responses.map((r) => [r.id, r]));
    const dates = reviews.map((r) => new Date(r.attributes?.createdDate ?? 0));
    const created: NewReview[] = [];
    const edited: EditedReview[] = [];
    if (!passTop && dates.length) passTop = new Date(Math.max(...dates.map((d) => d.getTime())));
    const reachedHighWater = !deep && highWater !== null && dates.some((d) => d <= highWater);
    const done = !next || reachedHighWater;

    const raised = await db.$transaction(async (tx) => {
      const existing = new Map(
        (
          await tx.syncedReview.findMany({
            where: { ...scope, appleId: { in: reviews.map((r) => r.id) } },
            select: { appleId: true, rating: true, title: true, body: true, responseAppleId: true, responseState: true, responseModifiedDate: true, editedAfterReplyAt: true },
          })
        ).map((r) => [r.appleId, r]),
      );
      const seenAt = nowDate();
      for (const [i, r] of reviews.entries()) {
        const rel = (r.relationships as { response?: { data?: { id: string } } } | undefined)?.response?.data;
        const resp = rel ? byId.get(rel.id) : undefined;
        const a = r.attributes ?? {};
        const data = {
          rating: a.rating ?? 0,
          title: a.title ?? null,
          body: a.body ?? null,
          reviewerNickname: a.reviewerNickname ?? null,
          territory: a.territory ?? null,
          createdDate: dates[i],
          responseAppleId: resp?.id ?? null,
          responseBody: resp?.attributes?.responseBody ?? null,
          responseState: resp?.attributes?.state ?? null,
          responseModifiedDate: resp?.attributes?.lastModifiedDate ? new Date(resp.attributes.lastModifiedDate) : null,
          syncedAt: new Date(),
        };
        const before = existing.get(r.id);
        const edit = before ? editedAfterReply(before, data) : "no";
        const row = await tx.syncedReview.upsert({
          where: { connectionId_appleId: { connectionId: t.conn.id, appleId: r.id } },
          create: { ...scope, appId: app.id, appleId: r.id, ...data },
          update: { ...data, ...(edit === "edited" ? { editedAfterReplyAt: seenAt } : edit === "answered" ? { editedAfterReplyAt: null } : {}) },
          select: { id: true },
        });
        if (before && edit === "edited") {
          edited.push({
            id: row.id, appId: app.id, rating: data.rating, title: data.title, body: data.body, territory: data.territory, reviewerNickname: data.reviewerNickname, createdDate: data.createdDate,
            editedAt: seenAt, was: { rating: before.rating, title: before.title, body: before.body },
          });
        }
        if (existing.has(r.id)) counts.updated++;
        else {
          counts.created++;
          created.push({ id: row.id, appId: app.id, rating: data.rating, title: data.title, body: data.body, territory: data.territory, reviewerNickname: data.reviewerNickname, createdDate: data.createdDate });
        }
      }
      await tx.syncedApp.update({
        where: { id: app.id },
        data: done
          ? { reviewsCursor: null, reviewsPassTopDate: null, reviewsPassDeep: false, reviewsHighWaterDate: maxDate(passTop, highWater) }
          : { reviewsCursor: next, reviewsPassTopDate: passTop, reviewsPassDeep: deep },
      });
      // The app's first import is its back catalogue, not news.
      const news = highWater === null ? [] : await raiseReviewAlerts(tx, { ...scope, appName: app.name }, created);
      return [...news, ...(await raiseReviewEditedAlerts(tx, { ...scope, appName: app.name }, edited))];
    });
    // The deliveries are stored: if Redis fails here, the sweep queues them, and the sync goes on.
    await queueDeliveries(raised).catch(() => undefined);
    await opts.onPage?.(counts);
    if (done) break;
  }
  counts.updated += await refreshPendingResponses(t, app.id);
  await placeReviewVersions(t, app.id);
  return counts;
}

type ResponseDoc = { id: string; attributes?: { responseBody?: string; state?: string; lastModifiedDate?: string } };

/**
 * Replies waiting for Apple to publish them may sit on reviews older than the high-water
 * mark, which an incremental pass does not reread: each is asked for directly, so the
 * inbox turns "pending" into "published" on the next sync. At most 50 per pass.
 */
async function refreshPendingResponses(t: SyncTarget, appId: string): Promise<number> {
  const pending = await db.syncedReview.findMany({
    where: { organizationId: t.conn.organizationId, connectionId: t.conn.id, appId, responseState: "PENDING_PUBLISH" },
    select: { id: true, appleId: true, responseAppleId: true },
    orderBy: { responseModifiedDate: "asc" },
    take: 50,
  });
  let changed = 0;
  for (const r of pending) {
    const resp = await t.client
      .request<{ data: ResponseDoc }>({ path: `/v1/customerReviews/${r.appleId}/response` })
      .then((res) => res.body.data)
      .catch((e: unknown) => {
        if (e instanceof AscError && e.status === 404) return null;
        throw e;
      });
    if (resp?.attributes?.state === "PENDING_PUBLISH" && resp.id === r.responseAppleId) continue;
    // Only if nobody replaced the reply meanwhile (an edit in the inbox while this ran).
    const done = await db.syncedReview.updateMany({
      where: { id: r.id, responseAppleId: r.responseAppleId },
      data: {
        responseAppleId: resp?.id ?? null,
        responseBody: resp?.attributes?.responseBody ?? null,
        responseState: resp?.attributes?.state ?? null,
        responseModifiedDate: resp?.attributes?.lastModifiedDate ? new Date(resp.attributes.lastModifiedDate) : null,
      },
    });
    changed += done.count;
  }
  return changed;
}

type Stored = { rating: number; title: string | null; body: string | null; responseAppleId: string | null; responseState: string | null; responseModifiedDate: Date | null; editedAfterReplyAt: Date | null };
type Seen = { rating: number; title: string | null; body: string | null; responseAppleId: string | null; responseModifiedDate: Date | null };

/**
 * Whether a review seen again was edited after our reply: Apple keeps a review's id and
 * gives no edit time, so an edit is a changed title, text or rating while the published
 * reply we stored is still the one Apple shows (a reply changed too may answer the edit:
 * which came first cannot be told, and it is not flagged). "answered": a flagged review
 * whose reply was changed since it was flagged.
 */
export function editedAfterReply(stored: Stored, seen: Seen): "edited" | "answered" | "no" {
  const sameReply = stored.responseAppleId !== null && stored.responseAppleId === seen.responseAppleId && stored.responseModifiedDate?.getTime() === seen.responseModifiedDate?.getTime();
  const changed = stored.rating !== seen.rating || (stored.title ?? "") !== (seen.title ?? "") || (stored.body ?? "") !== (seen.body ?? "");
  if (changed && sameReply && stored.responseState === "PUBLISHED") return "edited";
  if (stored.editedAfterReplyAt && !sameReply) return "answered";
  return "no";
}

function maxDate(a: Date | null, b: Date | null) {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}
