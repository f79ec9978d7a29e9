import { db } from "@/lib/db/client";
import type { OrgContext } from "@/lib/tenancy/context";
import { orgWhere } from "@/lib/tenancy/scope";
import { memberUserId } from "@/lib/tenancy/actor";

export async function listMembers(ctx: OrgContext) {
  const rows = await db.membership.findMany({
    where: orgWhere(ctx),
    select: {
      id: true,
      role: true,
      restrictConnections: true,
      repliesNeedApproval: true,
      createdAt: true,
      user: { select: { id: true, name: true, email: true } },
      grants: { select: { connectionId: true } },
    },
    orderBy: [{ createdAt: "asc" }],
  });
  return rows.map((r) => ({
    id: r.id,
    role: r.role,
    restrictConnections: r.restrictConnections,
    repliesNeedApproval: r.repliesNeedApproval,
    connectionIds: r.grants.map((g) => g.connectionId),
    joinedAt: r.createdAt.toISOString(),
    user: r.user,
    isYou: r.user.id === memberUserId(ctx),
  }));
}
