import { db } from "@/lib/db/client";
import type { OrgContext } from "@/lib/tenancy/context";
import { orgWhere } from "@/lib/tenancy/scope";
import { tokenReachOf, tokenWithin } from "./visibility";

/** The id the admin CLI records as a token's creator. */
const ADMIN_CLI_ID = "admin-cli";

/**
 * The organisation's tokens this member may see, with who created each. Members limited to
 * some connections see only tokens limited to connections granted to them.
 */
export async function listApiTokens(ctx: OrgContext) {
  const [rows, reach] = await Promise.all([
    db.apiToken.findMany({
      where: orgWhere(ctx),
      orderBy: { createdAt: "desc" },
      select: { id: true, name: true, role: true, prefix: true, restrictConnections: true, connectionIds: true, expiresAt: true, revokedAt: true, lastUsedAt: true, createdAt: true, createdById: true },
    }),
    tokenReachOf(ctx),
  ]);
  const visible = rows.filter((t) => tokenWithin(reach, t));
  const creatorIds = [...new Set(visible.map((t) => t.createdById).filter((id): id is string => !!id && id !== ADMIN_CLI_ID))];
  const users = creatorIds.length
    ? await db.user.findMany({ where: { id: { in: creatorIds } }, select: { id: true, name: true, email: true } })
    : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  return visible.map(({ createdById, ...t }) => ({
    ...t,
    createdBy: createdById === ADMIN_CLI_ID ? { name: "Admin CLI", email: null } : createdById && byId.has(createdById) ? { name: byId.get(createdById)!.name, email: byId.get(createdById)!.email as string | null } : null,
  }));
}

/** The organisation's cap on token lifetime in days, or null for none. */
export async function apiTokenLifetimeCap(ctx: Pick<OrgContext, "orgId">) {
  const org = await db.organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { apiTokenMaxLifetimeDays: true } });
  return org.apiTokenMaxLifetimeDays;
}
