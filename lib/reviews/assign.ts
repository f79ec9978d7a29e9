import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { invalid, notFound } from "@/lib/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { can } from "@/lib/tenancy/permissions";
import { connectionScopedWhere } from "@/lib/tenancy/scope";

export const ZAssign = z.object({ userId: z.string({ message: "userId is a member's id, or null to unassign." }).max(40).nullable() }).strict();

/**
 * Members a review can be given to: those who may reply, and who see the connection the
 * review comes from (agency members restricted to other clients are left out).
 */
export async function assignees(ctx: OrgContext, connectionId?: string) {
  const members = await db.membership.findMany({
    where: { organizationId: ctx.orgId },
    select: { role: true, restrictConnections: true, user: { select: { id: true, email: true, name: true } }, grants: { select: { connectionId: true } } },
    orderBy: { user: { email: "asc" } },
  });
  return members
    .filter((m) => can(m.role, "reviews.reply"))
    .filter((m) => !connectionId || !m.restrictConnections || m.grants.some((g) => g.connectionId === connectionId))
    .map((m) => ({ id: m.user.id, email: m.user.email, name: m.user.name }));
}

/** Gives a review to a teammate (or takes it back with null); the audit log records it. */
export async function assignReview(ctx: OrgContext, reviewId: string, userId: string | null) {
  const review = await db.syncedReview.findFirst({
    where: { AND: [await connectionScopedWhere(ctx), { id: reviewId }] },
    select: { id: true, connectionId: true, assignedToId: true, app: { select: { name: true } } },
  });
  if (!review) throw notFound("Review");
  let who: { id: string; email: string } | null = null;
  if (userId) {
    who = (await assignees(ctx, review.connectionId)).find((m) => m.id === userId) ?? null;
    if (!who) throw invalid("userId", "That person is not a member who can reply to this review.");
  }
  if (review.assignedToId === userId) return { assignedTo: who };
  await db.$transaction(async (tx) => {
    await tx.syncedReview.update({ where: { id: review.id }, data: { assignedToId: userId, assignedAt: userId ? new Date() : null } });
    await recordAudit(
      {
        organizationId: ctx.orgId,
        action: userId ? "review.assigned" : "review.unassigned",
        actor: ctx.actor,
        target: { type: "review", id: review.id, label: review.app.name },
        metadata: { connectionId: review.connectionId, ...(who ? { assignee: who.email } : {}) },
        client: ctx.client,
      },
      tx,
    );
  });
  return { assignedTo: who };
}
