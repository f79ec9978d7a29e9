import { db } from "@/lib/db/client";
import { orNull, type SeededApp } from "./apps";

export type ReviewSeed = {
  appleId: string;
  rating: number;
  title?: string | null;
  body?: string | null;
  reviewerNickname?: string | null;
  territory?: string | null;
  createdDate: Date | string;
  /** The developer response App Store Connect held at the last sync, if any. */
  response?: { appleId: string; body: string; state: string; modifiedDate?: Date | string };
};

/** A customer review of the app (with its reply, when given) as a reviews sync stores it. */
export async function makeReview(app: SeededApp, review: ReviewSeed) {
  return db.syncedReview.create({
    data: {
      organizationId: app.organizationId,
      connectionId: app.connectionId,
      appId: app.id,
      appleId: review.appleId,
      rating: review.rating,
      ...orNull(review, ["title", "body", "reviewerNickname", "territory"]),
      createdDate: new Date(review.createdDate),
      responseAppleId: review.response?.appleId ?? null,
      responseBody: review.response?.body ?? null,
      responseState: review.response?.state ?? null,
      responseModifiedDate: review.response?.modifiedDate ? new Date(review.response.modifiedDate) : null,
    },
    select: { id: true, appleId: true, rating: true, responseAppleId: true },
  });
}

/** A reply template of the organisation; {nickname}, {app}, {territory} and {rating} are filled in per review. */
export async function makeReplyTemplate(organizationId: string, template: { name: string; body: string; updatedById?: string }) {
  return db.replyTemplate.create({ data: { organizationId, ...template }, select: { id: true, name: true, body: true } });
}

/** A reply to the review waiting for approval, as a held member's reply leaves it. */
export async function makePendingReply(app: SeededApp, reviewId: string, reply: { body: string; authorEmail: string; authorId?: string }) {
  return db.pendingReply.create({
    data: { organizationId: app.organizationId, connectionId: app.connectionId, reviewId, body: reply.body, authorEmail: reply.authorEmail, authorId: reply.authorId ?? null },
    select: { id: true, reviewId: true, body: true, status: true },
  });
}
