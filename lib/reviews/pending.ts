import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { REPLY_CLAIM_MS } from "./reply-claim";
import { conflict } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { actorLabel, memberUserId } from "@/lib/tenancy/actor";
import type { OrgContext } from "@/lib/tenancy/context";
import { can } from "@/lib/tenancy/permissions";

/**
 * Whether this actor's replies wait for approval instead of going to App Store Connect: a
 * member marked `repliesNeedApproval` in an organisation with reply approval on. API tokens
 * (made by admins for their own scripts) and the operator are never held, and neither is a
 * member whose role approves replies: they would only approve their own.
 */
export async function repliesHeld(ctx: OrgContext): Promise<boolean> {
  if (ctx.actor.kind !== "member" || can(ctx.membership.role, "replies.approve")) return false;
  const m = await db.membership.findFirst({
    where: { id: ctx.membership.id, organizationId: ctx.orgId },
    select: { repliesNeedApproval: true, organization: { select: { replyApproval: true } } },
  });
  return !!m && m.repliesNeedApproval && m.organization.replyApproval;
}

export const pendingReplySelect = {
  id: true,
  reviewId: true,
  body: true,
  status: true,
  authorId: true,
  authorEmail: true,
  comment: true,
  decidedByEmail: true,
  decidedAt: true,
  updatedAt: true,
} satisfies Prisma.PendingReplySelect;
type PendingRow = Prisma.PendingReplyGetPayload<{ select: typeof pendingReplySelect }>;

/** A reply waiting for approval (or rejected), as the API answers it. */
export function pendingReplyJson(p: PendingRow) {
  return {
    id: p.id,
    body: p.body,
    status: p.status,
    author: p.authorEmail,
    authorId: p.authorId,
    submittedAt: p.updatedAt.toISOString(),
    decidedBy: p.decidedByEmail,
    decidedAt: p.decidedAt?.toISOString() ?? null,
    comment: p.comment,
  };
}
export type TPendingReply = ReturnType<typeof pendingReplyJson>;

/**
 * Keeps the reply for a senior member to approve, edit or reject; nothing goes to App Store
 * Connect. One per review: a new submission (by the same member or another) replaces the
 * text waiting, or a rejected one, and waits again.
 */
export async function holdReply(ctx: OrgContext, review: { id: string; connectionId: string; app: { name: string } }, body: string) {
  return db.$transaction(async (tx) => {
    // A reply to this review on its way to App Store Connect (an approval being sent) is not
    // replaced under it: the row lock makes the check and a new claim wait for each other.
    const [claimed] = await tx.$queryRaw<{ replyingAt: Date | null }[]>`SELECT "replyingAt" FROM "SyncedReview" WHERE id = ${review.id} FOR UPDATE`;
    if (claimed?.replyingAt && claimed.replyingAt.getTime() > Date.now() - REPLY_CLAIM_MS) throw conflict("A reply to this review is being sent right now; try again in a moment.");
    const before = await tx.pendingReply.findUnique({ where: { reviewId: review.id }, select: { status: true } });
    const data = { body, status: "PENDING" as const, authorId: memberUserId(ctx), authorEmail: actorLabel(ctx.actor), decidedByEmail: null, comment: null, decidedAt: null };
    const row = await tx.pendingReply.upsert({
      where: { reviewId: review.id },
      create: { organizationId: ctx.orgId, connectionId: review.connectionId, reviewId: review.id, ...data },
      update: data,
      select: pendingReplySelect,
    });
    await recordAudit(
      {
        organizationId: ctx.orgId,
        action: "reply.submitted_for_approval",
        actor: ctx.actor,
        target: { type: "review", id: review.id, label: review.app.name },
        metadata: { connectionId: review.connectionId, pendingReplyId: row.id, replacedWaitingReply: before?.status === "PENDING" },
        client: ctx.client,
      },
      tx,
    );
    return pendingReplyJson(row);
  });
}

/** A reply sent straight to App Store Connect is the review's answer: nothing waits for approval any more. */
export async function dropPendingReply(reviewId: string) {
  await db.pendingReply.deleteMany({ where: { reviewId } });
}
