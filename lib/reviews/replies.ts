import { z } from "zod";
import { AscError } from "@/lib/asc/errors";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import { syncTarget } from "@/lib/sync/connection";
import type { OrgContext } from "@/lib/tenancy/context";
import { connectionScopedWhere } from "@/lib/tenancy/scope";
import { charCount, REPLY_LIMIT } from "./limits";

/** A claim older than this is from a sender that never finished (a closed tab, a crash). */
const CLAIM_MS = 2 * 60_000;

export const ZReply = z
  .object({
    body: z
      .string({ message: "Write a reply." })
      .trim()
      .min(1, "Write a reply.")
      .refine((v) => charCount(v) <= REPLY_LIMIT, { message: `A reply is at most ${REPLY_LIMIT} characters.` }),
  })
  .strict();

type Response = { id: string; attributes?: { responseBody?: string; state?: string; lastModifiedDate?: string } };

async function visibleReview(ctx: OrgContext, reviewId: string) {
  const r = await db.syncedReview.findFirst({
    where: { AND: [await connectionScopedWhere(ctx), { id: reviewId }] },
    select: { id: true, appleId: true, connectionId: true, responseAppleId: true, responseBody: true, responseState: true, replyingById: true, replyingAt: true, app: { select: { name: true } } },
  });
  if (!r) throw notFound("Review");
  return r;
}

/** Takes the review for this member while their reply is sent; another sender gets a conflict naming who is replying. */
async function claim(ctx: OrgContext, reviewId: string, mustHaveReply: boolean) {
  const taken = await db.syncedReview.updateMany({
    where: {
      id: reviewId,
      organizationId: ctx.orgId,
      responseAppleId: mustHaveReply ? { not: null } : null,
      OR: [{ replyingById: null }, { replyingById: ctx.user.id }, { replyingAt: { lt: new Date(Date.now() - CLAIM_MS) } }],
    },
    data: { replyingById: ctx.user.id, replyingAt: new Date() },
  });
  if (taken.count === 1) return;
  const now = await db.syncedReview.findFirst({ where: { id: reviewId, organizationId: ctx.orgId }, select: { responseBody: true, replyingById: true } });
  if (now?.replyingById && now.replyingById !== ctx.user.id) {
    const who = await db.user.findUnique({ where: { id: now.replyingById }, select: { email: true } });
    throw new AppError("conflict", `${who?.email ?? "A teammate"} is replying to this review right now.`);
  }
  throw new AppError("conflict", mustHaveReply ? "This review has no reply to change." : `This review already has a reply: "${now?.responseBody ?? ""}"`);
}

const release = (reviewId: string) => db.syncedReview.updateMany({ where: { id: reviewId }, data: { replyingById: null, replyingAt: null } });

async function store(reviewId: string, resp: Response | null) {
  await db.syncedReview.update({
    where: { id: reviewId },
    data: {
      responseAppleId: resp?.id ?? null,
      responseBody: resp?.attributes?.responseBody ?? null,
      responseState: resp?.attributes?.state ?? null,
      responseModifiedDate: resp?.attributes?.lastModifiedDate ? new Date(resp.attributes.lastModifiedDate) : null,
      replyingById: null,
      replyingAt: null,
    },
  });
}

/** Apple's refusal in words for the reply box; the text the person wrote stays with them. */
function refused(e: AscError): AppError {
  return new AppError("conflict", `App Store Connect refused the reply: ${e.message.replace(/^App Store Connect \d+ [^:]*: /, "")}`, { field: e.pointer?.endsWith("responseBody") ? "body" : undefined, internal: e.message });
}

async function createAtApple(ctx: OrgContext, review: { id: string; appleId: string; connectionId: string }, body: string) {
  const t = await syncTarget(ctx.orgId, review.connectionId, { priority: "interactive" });
  try {
    const res = await t.client.request<{ data: Response }>({
      method: "POST",
      path: "/v1/customerReviewResponses",
      body: { data: { type: "customerReviewResponses", attributes: { responseBody: body }, relationships: { review: { data: { type: "customerReviews", id: review.appleId } } } } },
      priority: "interactive",
    });
    return res.body.data;
  } catch (e) {
    if (!(e instanceof AscError)) throw e;
    if (e.status === 409) {
      // Someone answered elsewhere (App Store Connect itself, another tool): show theirs.
      const current = await t.client.request<{ data: Response }>({ path: `/v1/customerReviews/${review.appleId}/response`, priority: "interactive" }).catch(() => null);
      if (current) await store(review.id, current.body.data);
    }
    throw refused(e);
  }
}

/**
 * Sends a reply to App Store Connect at interactive priority. Only one member can be
 * sending for a review at a time; when Apple refuses (the review is gone, a reply exists,
 * the text is too long), its reason comes back and nothing is stored.
 */
export async function replyToReview(ctx: OrgContext, reviewId: string, body: string) {
  const review = await visibleReview(ctx, reviewId);
  await claim(ctx, review.id, false);
  try {
    const resp = await createAtApple(ctx, review, body);
    await store(review.id, resp);
    await recordAudit({ organizationId: ctx.orgId, action: "review.replied", actor: ctx.user, target: { type: "review", id: review.id, label: review.app.name }, client: ctx.client });
    return { responseState: resp.attributes?.state ?? null, responseBody: resp.attributes?.responseBody ?? body };
  } finally {
    await release(review.id);
  }
}

async function deleteAtApple(ctx: OrgContext, review: { connectionId: string; responseAppleId: string | null }) {
  const t = await syncTarget(ctx.orgId, review.connectionId, { priority: "interactive" });
  try {
    await t.client.request({ method: "DELETE", path: `/v1/customerReviewResponses/${review.responseAppleId}`, priority: "interactive" });
  } catch (e) {
    // Already gone at Apple is what was wanted.
    if (!(e instanceof AscError) || e.status !== 404) throw e instanceof AscError ? refused(e) : e;
  }
}

/** Replaces a reply: Apple keeps one response per review, so the old one is deleted and the new one sent. */
export async function editReply(ctx: OrgContext, reviewId: string, body: string) {
  const review = await visibleReview(ctx, reviewId);
  await claim(ctx, review.id, true);
  try {
    await deleteAtApple(ctx, review);
    await store(review.id, null);
    const resp = await createAtApple(ctx, review, body).catch((e: unknown) => {
      if (e instanceof AppError) throw new AppError(e.code, `The old reply was deleted, but the new one was not sent. ${e.publicMessage}`, e.options);
      throw e;
    });
    await store(review.id, resp);
    await recordAudit({ organizationId: ctx.orgId, action: "review.reply_edited", actor: ctx.user, target: { type: "review", id: review.id, label: review.app.name }, client: ctx.client });
    return { responseState: resp.attributes?.state ?? null, responseBody: resp.attributes?.responseBody ?? body };
  } finally {
    await release(review.id);
  }
}

export async function deleteReply(ctx: OrgContext, reviewId: string) {
  const review = await visibleReview(ctx, reviewId);
  await claim(ctx, review.id, true);
  try {
    await deleteAtApple(ctx, review);
    await store(review.id, null);
    await recordAudit({ organizationId: ctx.orgId, action: "review.reply_deleted", actor: ctx.user, target: { type: "review", id: review.id, label: review.app.name }, client: ctx.client });
  } finally {
    await release(review.id);
  }
}
