import { db } from "@/lib/db/client";
import type { OrgContext } from "@/lib/tenancy/context";
import { orgWhere } from "@/lib/tenancy/scope";

export async function listApiTokens(ctx: OrgContext) {
  return db.apiToken.findMany({
    where: orgWhere(ctx),
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, role: true, prefix: true, restrictConnections: true, connectionIds: true, expiresAt: true, revokedAt: true, lastUsedAt: true, createdAt: true },
  });
}
