import { fitTokensToCreatorTx, type CreatorRights } from "@/lib/api-tokens/creator-rights";
import type { Prisma } from "@/lib/generated/prisma/client";
import { fitInvitationsToCreatorTx } from "@/lib/invitations/creator-rights";
import type { OrgContext } from "@/lib/tenancy/context";

/**
 * After a member's role, connections or membership changed (inside the same transaction), the
 * API tokens and pending invitations they created are brought within what they may still do.
 * Pass `null` for a member who has left.
 */
export async function fitCreatedGrantsTx(
  tx: Prisma.TransactionClient,
  ctx: OrgContext,
  member: { userId: string; email: string },
  membershipId: string | null,
) {
  let rights: CreatorRights = { ...member, role: null, connectionIds: [] };
  if (membershipId) {
    const m = await tx.membership.findFirstOrThrow({
      where: { id: membershipId, organizationId: ctx.orgId },
      select: { role: true, restrictConnections: true, grants: { select: { connectionId: true } } },
    });
    rights = { ...member, role: m.role, connectionIds: m.restrictConnections ? m.grants.map((g) => g.connectionId) : "all" };
  }
  const tokens = await fitTokensToCreatorTx(tx, ctx, rights);
  const invitations = await fitInvitationsToCreatorTx(tx, ctx, rights);
  return { revokedTokens: tokens.revoked, narrowedTokens: tokens.narrowed, revokedInvitations: invitations.revoked };
}
