import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { nowDate } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { conflict, notFound } from "@/lib/errors";
import { actorLabel } from "@/lib/tenancy/actor";
import type { OrgContext } from "@/lib/tenancy/context";
import { connectionScopedWhere } from "@/lib/tenancy/scope";
import { reviewsAwaitingApproval } from "./inbox";
import { charCount, REPLY_LIMIT } from "./limits";
import { sendApprovedReply, ZReply } from "./replies";

export const ZApproveReply = z
  .object({
    body: z
      .string({ message: "body is the reply to send; leave it out to send the reply as written." })
      .trim()
      .min(1, "body: write a reply, or leave it out to send the reply as written.")
      .refine((v) => charCount(v) <= REPLY_LIMIT, { message: `body: a reply is at most ${REPLY_LIMIT} characters (an emoji can count as 2).` })
      .optional()
      .describe("The reply as edited by the approver; without it, the reply is sent as written"),
    replace: ZReply.shape.replace,
  })
  .strict();
export type TApproveReply = z.infer<typeof ZApproveReply>;

export const ZRejectReply = z
  .object({
    comment: z
      .string({ message: "comment: say why the reply is rejected." })
      .trim()
      .min(1, "comment: say why the reply is rejected.")
      .max(2000, "comment is at most 2000 characters."),
  })
  .strict();

const noPending = "Reply waiting for approval";

/** Replies waiting for approval on the reviews this member may see, oldest first, each with its review. */
export async function listPendingReplies(ctx: OrgContext) {
  const reviews = await reviewsAwaitingApproval(ctx);
  return reviews.map(({ pendingReply, ...review }) => ({ ...pendingReply!, review: { ...review, pendingReply } }));
}

/** A reply waiting for approval on a connection the member may see; anything else is not found. */
async function visiblePending(ctx: OrgContext, id: string) {
  const p = await db.pendingReply.findFirst({
    where: { AND: [await connectionScopedWhere(ctx), { id }] },
    select: { id: true, reviewId: true, connectionId: true, body: true, status: true, updatedAt: true, authorEmail: true, review: { select: { app: { select: { name: true } } } } },
  });
  if (!p) throw notFound(noPending);
  if (p.status !== "PENDING") throw conflict(`This reply was already ${p.status === "APPROVED" ? "approved" : "rejected"}.`);
  return p;
}

/**
 * Approves a reply, as written or as the approver edited it, and sends it to App Store
 * Connect through the usual reply path: a reply found there that our copy does not know
 * stops it (REPLY_EXISTS_AT_APPLE, `replace` confirms). The decision is taken while the
 * review is claimed: a reply approved meanwhile, or changed by its author since it was
 * read, is not sent.
 */
export async function approvePendingReply(ctx: OrgContext, id: string, input: TApproveReply) {
  const p = await visiblePending(ctx, id);
  const body = input.body ?? p.body;
  const edited = body !== p.body;
  await sendApprovedReply(
    ctx,
    p.reviewId,
    { body, replace: input.replace },
    {
      before: async () => {
        const now = await db.pendingReply.findUnique({ where: { id: p.id }, select: { status: true, updatedAt: true } });
        if (now?.status !== "PENDING") throw conflict("This reply was already decided by someone else.");
        if (now.updatedAt.getTime() !== p.updatedAt.getTime()) throw conflict("Its author changed this reply since you opened it. Read it again before approving.");
      },
      after: async () => {
        await db.$transaction(async (tx) => {
          const decided = await tx.pendingReply.updateMany({
            where: { id: p.id, status: "PENDING", updatedAt: p.updatedAt },
            data: { status: "APPROVED", body, decidedByEmail: actorLabel(ctx.actor), decidedAt: nowDate(), comment: null },
          });
          if (decided.count === 0) return;
          await recordAudit(
            {
              organizationId: ctx.orgId,
              action: "reply.approved",
              actor: ctx.actor,
              target: { type: "review", id: p.reviewId, label: p.review.app.name },
              metadata: { connectionId: p.connectionId, pendingReplyId: p.id, author: p.authorEmail, edited, ...(edited ? { written: p.body } : {}) },
              client: ctx.client,
            },
            tx,
          );
        });
      },
    },
  );
  return { reviewId: p.reviewId };
}

/** Rejects a reply with the approver's reason; nothing is sent, and the author sees why. */
export async function rejectPendingReply(ctx: OrgContext, id: string, comment: string) {
  const p = await visiblePending(ctx, id);
  await db.$transaction(async (tx) => {
    const decided = await tx.pendingReply.updateMany({
      where: { id: p.id, status: "PENDING" },
      data: { status: "REJECTED", comment, decidedByEmail: actorLabel(ctx.actor), decidedAt: nowDate() },
    });
    if (decided.count === 0) throw conflict("This reply was already decided by someone else.");
    await recordAudit(
      {
        organizationId: ctx.orgId,
        action: "reply.rejected",
        actor: ctx.actor,
        target: { type: "review", id: p.reviewId, label: p.review.app.name },
        metadata: { connectionId: p.connectionId, pendingReplyId: p.id, author: p.authorEmail, comment },
        client: ctx.client,
      },
      tx,
    );
  });
  return { reviewId: p.reviewId };
}
