import { db } from "@/lib/db/client";
import { shownActor } from "@/lib/tenancy/actor";
import type { OrgContext } from "@/lib/tenancy/context";
import { can } from "@/lib/tenancy/permissions";
import { connectionScopedWhere, visibleConnection } from "@/lib/tenancy/scope";

const detailed = {
  id: true, name: true, status: true, statusReason: true, fingerprint: true, keyKind: true, issuerId: true, keyId: true,
  testedAt: true, lastUsedAt: true, createdAt: true, capabilities: true,
  createdBy: { select: { email: true } }, createdByToken: { select: { name: true } },
} as const;

export type ConnectionSummary = { id: string; name: string; status: string; fingerprint: string; keyKind: "TEAM" | "INDIVIDUAL" };

/**
 * Connections the caller may see. Owners and admins get every detail; other roles see
 * only the name, status, fingerprint, kind of key (team or individual) and what the last capability check found.
 */
export async function listConnections(ctx: OrgContext) {
  const where = await connectionScopedWhere(ctx, "id");
  if (!can(ctx.membership.role, "connections.manage")) {
    return db.connection.findMany({ where, orderBy: { name: "asc" }, select: { id: true, name: true, status: true, fingerprint: true, keyKind: true, capabilities: true } });
  }
  const rows = await db.connection.findMany({ where, orderBy: { name: "asc" }, select: detailed });
  return rows.map(({ createdBy, createdByToken, ...r }) => ({ ...r, createdBy: shownActor(createdBy, createdByToken) }));
}

/** One connection the caller may use, or not_found (never "forbidden": existence is not disclosed). */
export function getConnection(ctx: OrgContext, id: string) {
  return visibleConnection(ctx, id, detailed);
}
