import { recordAudit } from "@/lib/audit/record";
import { nowDate } from "@/lib/clock";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import type { OrgContext } from "@/lib/tenancy/context";
import { can, roleRank } from "@/lib/tenancy/permissions";
import { announceTokenChange } from "./token-cache";

/** What a member may still hand out: their role (null once they left) and their connections. */
export type CreatorRights = { userId: string; email: string; role: Role | null; connectionIds: string[] | "all" };

/**
 * Keeps the creator's live tokens within the creator's current rights, inside the caller's
 * transaction: a token whose role the creator no longer holds, or whose creator can no longer
 * manage tokens or left, is revoked; a token reaching connections the creator lost is narrowed
 * to the ones they keep (revoked when none are left).
 */
export async function fitTokensToCreatorTx(tx: Prisma.TransactionClient, ctx: OrgContext, creator: CreatorRights) {
  const tokens = await tx.apiToken.findMany({
    where: { organizationId: ctx.orgId, createdById: creator.userId, revokedAt: null },
    select: { id: true, name: true, role: true, restrictConnections: true, connectionIds: true },
  });
  const at = nowDate();
  const revoked: string[] = [];
  const narrowed: string[] = [];
  for (const t of tokens) {
    const roleLost = creator.role === null || !can(creator.role, "apiTokens.manage") || roleRank(t.role) > roleRank(creator.role);
    let keep: string[] | null = null;
    if (!roleLost && creator.connectionIds !== "all") {
      const granted = new Set(creator.connectionIds);
      keep = t.restrictConnections ? t.connectionIds.filter((id) => granted.has(id)) : [...granted];
    }
    const audit = { organizationId: ctx.orgId, actor: ctx.actor, target: { type: "api_token", id: t.id, label: t.name }, client: ctx.client };
    if (roleLost || (keep !== null && keep.length === 0)) {
      await tx.apiToken.update({ where: { id: t.id }, data: { revokedAt: at } });
      const reason = creator.role === null ? "creator_left" : roleLost ? "creator_role" : "creator_connections";
      await recordAudit({ ...audit, action: "api_token.revoked_with_creator", metadata: { reason, creator: creator.email, creatorRole: creator.role } }, tx);
      revoked.push(t.id);
    } else if (keep !== null && (!t.restrictConnections || keep.length !== t.connectionIds.length)) {
      await tx.apiToken.update({ where: { id: t.id }, data: { restrictConnections: true, connectionIds: keep } });
      await recordAudit({ ...audit, action: "api_token.narrowed", metadata: { creator: creator.email, from: t.restrictConnections ? t.connectionIds : "all", to: keep } }, tx);
      narrowed.push(t.id);
    }
  }
  if (revoked.length || narrowed.length) await announceTokenChange({ tokenIds: [...revoked, ...narrowed] });
  return { revoked, narrowed };
}
