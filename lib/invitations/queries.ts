import { db } from "@/lib/db/client";
import type { OrgContext } from "@/lib/tenancy/context";
import { orgWhere } from "@/lib/tenancy/scope";

/**
 * Every invitation lets a newcomer join with access to all connections, beyond what a member
 * limited to some connections holds, so such members see none of them (and revoking answers 404).
 */
export function invitationsHiddenFrom(ctx: OrgContext) {
  return ctx.membership.restrictConnections || ctx.actor.kind === "apiToken";
}

/** Invitations still waiting to be used. The links themselves are never shown again. */
export async function listPendingInvitations(ctx: OrgContext) {
  if (invitationsHiddenFrom(ctx)) return [];
  return db.invitation.findMany({
    where: { ...orgWhere(ctx), acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true, role: true, email: true, expiresAt: true, createdAt: true },
    orderBy: { createdAt: "desc" },
  });
}

/** Deletes invitations that can no longer be used and are older than a week. */
export async function pruneInvitations(now = new Date()) {
  const cutoff = new Date(now.getTime() - 7 * 24 * 3600_000);
  const { count } = await db.invitation.deleteMany({
    where: { OR: [{ expiresAt: { lt: cutoff } }, { acceptedAt: { lt: cutoff } }, { revokedAt: { lt: cutoff } }] },
  });
  return count;
}
