import { db } from "@/lib/db/client";
import { tokenLabel } from "@/lib/tenancy/actor";
import type { OrgContext } from "@/lib/tenancy/context";
import { orgWhere } from "@/lib/tenancy/scope";
import { tokenReachOf, tokenWithin } from "./visibility";

/**
 * The organisation's tokens this member may see, with who created each: a member, another
 * token, or the admin CLI (which is nobody in the database; its "api_token.created" event
 * in the audit log names no member or token).
 */
export async function listApiTokens(ctx: OrgContext) {
  const [rows, reach] = await Promise.all([
    db.apiToken.findMany({
      where: orgWhere(ctx),
      orderBy: { createdAt: "desc" },
      select: {
        id: true, name: true, role: true, prefix: true, restrictConnections: true, connectionIds: true, expiresAt: true, revokedAt: true, lastUsedAt: true, createdAt: true,
        createdBy: { select: { name: true, email: true } }, createdByToken: { select: { name: true } },
      },
    }),
    tokenReachOf(ctx),
  ]);
  const visible = rows.filter((t) => tokenWithin(reach, t));
  const nobody = visible.filter((t) => !t.createdBy && !t.createdByToken).map((t) => t.id);
  const byCli = nobody.length
    ? await db.auditEvent.findMany({ where: { organizationId: ctx.orgId, action: "api_token.created", targetId: { in: nobody }, actorId: null, actorTokenId: null }, select: { targetId: true } })
    : [];
  const cliMade = new Set(byCli.map((e) => e.targetId));
  return visible.map(({ createdBy, createdByToken, ...t }) => ({
    ...t,
    createdBy: createdBy
      ? { name: createdBy.name, email: createdBy.email as string | null }
      : createdByToken
        ? { name: tokenLabel(createdByToken.name), email: null }
        : cliMade.has(t.id)
          ? { name: "Admin CLI", email: null }
          : null,
  }));
}

/** The organisation's cap on token lifetime in days, or null for none. */
export async function apiTokenLifetimeCap(ctx: Pick<OrgContext, "orgId">) {
  const org = await db.organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { apiTokenMaxLifetimeDays: true } });
  return org.apiTokenMaxLifetimeDays;
}
