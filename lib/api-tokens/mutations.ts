import { recordAudit } from "@/lib/audit/record";
import { hashToken, randomToken } from "@/lib/crypto/tokens";
import { db } from "@/lib/db/client";
import { forbidden, invalid, notFound } from "@/lib/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { canAssignRole } from "@/lib/tenancy/permissions";
import type { TCreateApiToken } from "./schemas";

export const API_TOKEN_PREFIX = "ascd_";

/** Creates a token and returns its secret once; only the SHA-256 is kept. */
export async function createApiToken(ctx: OrgContext, input: TCreateApiToken) {
  if (!canAssignRole(ctx.membership.role, null, input.role)) throw forbidden("You cannot create a token with a role above your own.");
  if (ctx.membership.restrictConnections) throw forbidden("Members limited to some connections cannot create API tokens.");
  const ids = input.connectionIds ? [...new Set(input.connectionIds)] : null;
  if (ids) {
    const found = await db.connection.count({ where: { organizationId: ctx.orgId, id: { in: ids } } });
    if (found !== ids.length) throw invalid("connectionIds", "One of the chosen connections does not exist in this organisation.");
  }
  const secret = `${API_TOKEN_PREFIX}${randomToken()}`;
  const row = await db.$transaction(async (tx) => {
    const t = await tx.apiToken.create({
      data: {
        organizationId: ctx.orgId,
        name: input.name,
        role: input.role,
        tokenHash: hashToken(secret),
        prefix: secret.slice(0, 12),
        restrictConnections: ids !== null,
        connectionIds: ids ?? [],
        expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
        createdById: ctx.user.id,
      },
      select: { id: true, name: true, role: true, prefix: true, expiresAt: true, restrictConnections: true, connectionIds: true, createdAt: true },
    });
    await recordAudit({ organizationId: ctx.orgId, action: "api_token.created", actor: ctx.user, target: { type: "api_token", id: t.id, label: t.name }, metadata: { role: t.role }, client: ctx.client }, tx);
    return t;
  });
  return { ...row, token: secret };
}

export async function revokeApiToken(ctx: OrgContext, id: string) {
  await db.$transaction(async (tx) => {
    const { count } = await tx.apiToken.updateMany({ where: { id, organizationId: ctx.orgId, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count === 0) throw notFound("API token");
    await recordAudit({ organizationId: ctx.orgId, action: "api_token.revoked", actor: ctx.user, target: { type: "api_token", id }, client: ctx.client }, tx);
  });
}
