import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import { syncTarget } from "@/lib/sync/connection";
import type { OrgContext } from "@/lib/tenancy/context";
import { connectionScopedWhere } from "@/lib/tenancy/scope";
import { charCount, REPLY_LIMIT } from "./limits";
import { deleteAtApple, foundReply, postAtApple, replyAtApple, ReplyExistsAtApple, type TAscResponse } from "./reply-at-apple";
import { actorColumns, shownActor } from "@/lib/tenancy/actor";
import { dropPendingReply, holdReply, repliesHeld } from "./pending";
import { REPLY_CLAIM_MS } from "./reply-claim";

const CLAIM_MS = REPLY_CLAIM_MS;

export const ZReply = z
  .object({
    body: z
      .string({ message: "Write a reply." })
      .trim()
      .min(1, "Write a reply.")
      .refine((v) => charCount(v) <= REPLY_LIMIT, { message: `A reply is at most ${REPLY_LIMIT} characters (an emoji can count as 2).` }),
    replace: z
      .object({
        responseId: z.string({ message: "replace.responseId is the id of the reply found." }).min(1).max(200),
        responseBody: z.string({ message: "replace.responseBody is the text of the reply found." }).max(4 * REPLY_LIMIT),
      })
      .strict()
      .optional()
      .describe(
        "Confirms overwriting the reply found at App Store Connect: `id` and `body` of `found` in a REPLY_EXISTS_AT_APPLE error. Honoured only while that reply is still the one there; otherwise the error comes back with the newer one.",
      ),
  })
  .strict();
export type TReply = z.infer<typeof ZReply>;

type Mode = "new" | "edit" | "any";

async function visibleReview(ctx: OrgContext, reviewId: string) {
  const r = await db.syncedReview.findFirst({
    where: { AND: [await connectionScopedWhere(ctx), { id: reviewId }] },
    select: { id: true, appleId: true, connectionId: true, responseAppleId: true, responseBody: true, app: { select: { name: true } } },
  });
  if (!r) throw notFound("Review");
  return r;
}

/** Takes the review for this actor while they change its reply; anyone else gets a conflict naming who is replying. */
async function claim(ctx: OrgContext, reviewId: string, mode: Mode) {
  const mine = actorColumns(ctx.actor, "replyingBy");
  const taken = await db.syncedReview.updateMany({
    where: {
      id: reviewId,
      organizationId: ctx.orgId,
      ...(mode === "any" ? {} : { responseAppleId: mode === "edit" ? { not: null } : null }),
      OR: [{ replyingById: null, replyingByTokenId: null }, mine, { replyingAt: { lt: new Date(Date.now() - CLAIM_MS) } }],
    },
    data: { ...mine, replyingAt: new Date() },
  });
  if (taken.count === 1) return;
  const now = await db.syncedReview.findFirst({
    where: { id: reviewId, organizationId: ctx.orgId },
    select: { responseBody: true, replyingById: true, replyingByTokenId: true, replyingBy: { select: { email: true } }, replyingByToken: { select: { name: true } } },
  });
  const heldByOther = now && (now.replyingById || now.replyingByTokenId) && (now.replyingById !== mine.replyingById || now.replyingByTokenId !== mine.replyingByTokenId);
  if (heldByOther) {
    throw new AppError("conflict", `${shownActor(now.replyingBy, now.replyingByToken) ?? "A teammate"} is replying to this review right now.`);
  }
  throw new AppError("conflict", mode === "edit" ? "This review has no reply to change." : `This review already has a reply: "${now?.responseBody ?? ""}"`);
}

const release = (reviewId: string) => db.syncedReview.updateMany({ where: { id: reviewId }, data: { replyingById: null, replyingByTokenId: null, replyingAt: null } });

async function store(reviewId: string, resp: TAscResponse | null) {
  await db.syncedReview.update({
    where: { id: reviewId },
    data: {
      responseAppleId: resp?.id ?? null,
      responseBody: resp?.attributes?.responseBody ?? null,
      responseState: resp?.attributes?.state ?? null,
      responseModifiedDate: resp?.attributes?.lastModifiedDate ? new Date(resp.attributes.lastModifiedDate) : null,
      editedAfterReplyAt: null,
      replyingById: null,
      replyingByTokenId: null,
      replyingAt: null,
    },
  });
}

/**
 * Whether Apple's current reply may be overwritten: it is ours as we stored it, or the
 * member confirmed replacing exactly this one. Returns the reply that will be lost, if any.
 */
function overwritable(stored: { responseBody: string | null }, current: TAscResponse | null, replace: TReply["replace"]) {
  if (!current) return null;
  const found = foundReply(current);
  if (stored.responseBody !== null && stored.responseBody === found.body) return null;
  if (replace && replace.responseId === found.id && replace.responseBody === found.body) return found;
  throw new ReplyExistsAtApple(found);
}

/**
 * Work done while the review is claimed for sending: `before` may refuse before anything is
 * read or sent, `after` runs once App Store Connect took the reply (before the claim ends).
 * Without `after`, a reply sent settles any reply waiting for approval.
 */
export type WhileClaimed = { before?: () => Promise<void>; after?: () => Promise<void> };

/**
 * Sends a reply (or an edit of ours) to App Store Connect at interactive priority, as one
 * POST: Apple creates the response or overwrites the existing one. Because it overwrites,
 * the review's reply at Apple is read first, and a reply our copy does not know is never
 * overwritten without the member's confirmation (`replace`). Only one member can be sending
 * for a review at a time; Apple's refusals come back in words and nothing is stored.
 */
async function sendReply(ctx: OrgContext, reviewId: string, input: TReply, mode: Mode, during: WhileClaimed = {}) {
  const review = await visibleReview(ctx, reviewId);
  await claim(ctx, review.id, mode);
  try {
    await during.before?.();
    const { client } = await syncTarget(ctx.orgId, review.connectionId, { priority: "interactive" });
    const replaced = overwritable(review, await replyAtApple(client, review.appleId), input.replace);
    const resp = await postAtApple(client, review.appleId, input.body);
    await (during.after ?? (() => dropPendingReply(review.id)))();
    await store(review.id, resp);
    await recordAudit({
      organizationId: ctx.orgId,
      action: mode === "new" || (mode === "any" && !review.responseAppleId) ? "review.replied" : "review.reply_edited",
      actor: ctx.actor,
      target: { type: "review", id: review.id, label: review.app.name },
      // The reply written at App Store Connect is gone from Apple; the log keeps what it said.
      metadata: { connectionId: review.connectionId, ...(replaced ? { replacedReplyAtAppStoreConnect: replaced } : {}) },
      client: ctx.client,
    });
    return { responseState: resp.attributes?.state ?? null, responseBody: resp.attributes?.responseBody ?? input.body, replaced: replaced !== null };
  } finally {
    await release(review.id);
  }
}

/**
 * A reply or edit of a member whose replies need approval waits as a pending reply and
 * nothing is sent; anyone else's goes to App Store Connect. A held reply is checked like a
 * sent one (a new reply needs an unanswered review, an edit a reply to change).
 */
async function replyOrHold(ctx: OrgContext, reviewId: string, input: TReply, mode: "new" | "edit") {
  if (!(await repliesHeld(ctx))) return sendReply(ctx, reviewId, input, mode);
  const review = await visibleReview(ctx, reviewId);
  if (mode === "new" && review.responseAppleId) throw new AppError("conflict", `This review already has a reply: "${review.responseBody ?? ""}"`);
  if (mode === "edit" && !review.responseAppleId) throw new AppError("conflict", "This review has no reply to change.");
  return { awaitingApproval: await holdReply(ctx, review, input.body) };
}

export const replyToReview = (ctx: OrgContext, reviewId: string, body: string, opts: Pick<TReply, "replace"> = {}) => replyOrHold(ctx, reviewId, { body, ...opts }, "new");

export const editReply = (ctx: OrgContext, reviewId: string, body: string, opts: Pick<TReply, "replace"> = {}) => replyOrHold(ctx, reviewId, { body, ...opts }, "edit");

/**
 * Sends an approved reply: whatever the review holds now, checked against App Store Connect
 * like any reply (`replace` confirms overwriting one found there). `during` decides the
 * approval while the review is claimed, so two approvers never both send.
 */
export const sendApprovedReply = (ctx: OrgContext, reviewId: string, input: TReply, during: WhileClaimed) => sendReply(ctx, reviewId, input, "any", during);

/** "Keep theirs": our copy becomes the review's reply at App Store Connect as it is now; nothing is sent. */
export async function keepReplyAtApple(ctx: OrgContext, reviewId: string) {
  const review = await visibleReview(ctx, reviewId);
  await claim(ctx, review.id, "any");
  try {
    const { client } = await syncTarget(ctx.orgId, review.connectionId, { priority: "interactive" });
    const current = await replyAtApple(client, review.appleId);
    await store(review.id, current);
    // A decision about what the customer sees, so it is in the audit log like a reply.
    await recordAudit({ organizationId: ctx.orgId, action: "review.reply_kept", actor: ctx.actor, target: { type: "review", id: review.id, label: review.app.name }, metadata: { connectionId: review.connectionId, found: !!current }, client: ctx.client });
    return current ? foundReply(current) : null;
  } finally {
    await release(review.id);
  }
}

/** Deletes our reply at App Store Connect; a reply changed there since the last sync is shown, not deleted. */
export async function deleteReply(ctx: OrgContext, reviewId: string) {
  const review = await visibleReview(ctx, reviewId);
  await claim(ctx, review.id, "edit");
  try {
    const { client } = await syncTarget(ctx.orgId, review.connectionId, { priority: "interactive" });
    const current = await replyAtApple(client, review.appleId);
    if (current && foundReply(current).body !== review.responseBody) {
      throw new ReplyExistsAtApple(foundReply(current), "The reply at App Store Connect was changed there since the last sync, so nothing was deleted. Keep that reply to see it here.");
    }
    // Apple's id of the reply, which may have changed since we stored ours.
    if (current) await deleteAtApple(client, current.id);
    await store(review.id, null);
    await recordAudit({ organizationId: ctx.orgId, action: "review.reply_deleted", actor: ctx.actor, target: { type: "review", id: review.id, label: review.app.name }, metadata: { connectionId: review.connectionId }, client: ctx.client });
  } finally {
    await release(review.id);
  }
}
