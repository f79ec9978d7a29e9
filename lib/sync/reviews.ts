import { db } from "@/lib/db/client";
import type { SyncTarget } from "./connection";
import type { SyncCounts } from "./apps";

/**
 * Reviews of one app, newest first, each page and its responses written in one
 * transaction. Incremental by default: it stops after the first page that holds a review
 * already stored, since everything older was stored before. `deep` reads every page, to
 * catch edited reviews and changed or deleted responses.
 */
export async function syncReviews(t: SyncTarget, app: { id: string; appleId: string }, opts: { deep?: boolean } = {}): Promise<SyncCounts & { pages: number }> {
  const counts = { fetched: 0, created: 0, updated: 0, pages: 0 };
  const scope = { organizationId: t.conn.organizationId, connectionId: t.conn.id };
  for await (const { reviews, responses } of t.reader.reviews(app.appleId)) {
    counts.pages++;
    counts.fetched += reviews.length;
    const byId = new Map(responses.map((r) => [r.id, r]));
    const seenBefore = await db.$transaction(async (tx) => {
      const existing = new Set(
        (await tx.syncedReview.findMany({ where: { ...scope, appleId: { in: reviews.map((r) => r.id) } }, select: { appleId: true } })).map((r) => r.appleId),
      );
      for (const r of reviews) {
        const rel = (r.relationships as { response?: { data?: { id: string } } } | undefined)?.response?.data;
        const resp = rel ? byId.get(rel.id) : undefined;
        const a = r.attributes ?? {};
        const data = {
          rating: a.rating ?? 0,
          title: a.title ?? null,
          body: a.body ?? null,
          reviewerNickname: a.reviewerNickname ?? null,
          territory: a.territory ?? null,
          createdDate: new Date(a.createdDate ?? 0),
          responseAppleId: resp?.id ?? null,
          responseBody: resp?.attributes?.responseBody ?? null,
          responseState: resp?.attributes?.state ?? null,
          responseModifiedDate: resp?.attributes?.lastModifiedDate ? new Date(resp.attributes.lastModifiedDate) : null,
          syncedAt: new Date(),
        };
        await tx.syncedReview.upsert({
          where: { connectionId_appleId: { connectionId: t.conn.id, appleId: r.id } },
          create: { ...scope, appId: app.id, appleId: r.id, ...data },
          update: data,
        });
        if (existing.has(r.id)) counts.updated++;
        else counts.created++;
      }
      return existing.size > 0;
    });
    if (seenBefore && !opts.deep) break;
  }
  return counts;
}
