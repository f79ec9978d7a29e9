import { recordAudit } from "@/lib/audit/record";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { CreatorRights } from "@/lib/api-tokens/creator-rights";
import type { OrgContext } from "@/lib/tenancy/context";
import { can, canAssignRole } from "@/lib/tenancy/permissions";

/**
 * Withdraws the creator's pending invitations they could no longer create, inside the caller's
 * transaction: after leaving, losing the right to invite or to the invited role, or being limited
 * to some connections (a newcomer joins with every connection, more than the creator has now).
 */
export async function fitInvitationsToCreatorTx(tx: Prisma.TransactionClient, ctx: OrgContext, creator: CreatorRights) {
  // Invitation expiry is kept on the wall clock, like every other link check.
  const at = new Date();
  const pending = await tx.invitation.findMany({
    where: { organizationId: ctx.orgId, createdById: creator.userId, acceptedAt: null, revokedAt: null, expiresAt: { gt: at } },
    select: { id: true, role: true, email: true },
  });
  const revoked: string[] = [];
  for (const inv of pending) {
    const stillAllowed =
      creator.role !== null && can(creator.role, "invitations.manage") && canAssignRole(creator.role, null, inv.role) && creator.connectionIds === "all";
    if (stillAllowed) continue;
    await tx.invitation.update({ where: { id: inv.id }, data: { revokedAt: at } });
    const reason = creator.role === null ? "creator_left" : creator.connectionIds !== "all" && can(creator.role, "invitations.manage") && canAssignRole(creator.role, null, inv.role) ? "creator_connections" : "creator_role";
    await recordAudit(
      {
        organizationId: ctx.orgId,
        action: "invitation.revoked_with_creator",
        actor: ctx.actor,
        target: { type: "invitation", id: inv.id, label: inv.email ?? `${inv.role.toLowerCase()} link` },
        metadata: { reason, role: inv.role, creator: creator.email, creatorRole: creator.role },
        client: ctx.client,
      },
      tx,
    );
    revoked.push(inv.id);
  }
  return { revoked };
}
