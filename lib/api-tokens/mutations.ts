import { recordAudit } from "@/lib/audit/record";
import { nowDate } from "@/lib/clock";
import { hashToken, randomToken } from "@/lib/crypto/tokens";
import { db } from "@/lib/db/client";
import { forbidden, invalid, notFound } from "@/lib/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { canAssignRole } from "@/lib/tenancy/permissions";
import { apiTokenLifetimeCap } from "./queries";
import type { TCreateApiToken } from "./schemas";
import { tokenReachOf, tokenWithin } from "./visibility";
import { announceTokenChange } from "./token-cache";
import { actorColumns } from "@/lib/tenancy/actor";

export const API_TOKEN_PREFIX = "ascd_";
const DAY_MS = 86_400_000;

/** The expiry a new token gets, refused when it is missing or beyond the organisation's cap. */
function expiryWithinCap(expiresInDays: number | undefined, cap: number | null, from: Date) {
  if (cap !== null && (expiresInDays === undefined || expiresInDays > cap)) {
    throw invalid("expiresInDays", `Tokens of this organisation expire within ${cap} days: choose at most ${cap}.`);
  }
  return expiresInDays ? new Date(from.getTime() + expiresInDays * DAY_MS) : null;
}

/** Creates a token and returns its secret once; only the SHA-256 is kept. */
export async function createApiToken(ctx: OrgContext, input: TCreateApiToken) {
  if (!canAssignRole(ctx.membership.role, null, input.role)) throw forbidden("You cannot create a token with a role above your own.");
  const ids = input.connectionIds ? [...new Set(input.connectionIds)] : null;
  // A token is never worth more than its creator: limited members limit their tokens to their connections.
  const reach = await tokenReachOf(ctx);
  if (reach !== "all" && (ids === null || !tokenWithin(reach, { restrictConnections: true, connectionIds: ids }))) {
    throw forbidden("Members limited to some connections can only create tokens limited to those connections.");
  }
  if (ids) {
    const found = await db.connection.count({ where: { organizationId: ctx.orgId, id: { in: ids } } });
    if (found !== ids.length) throw invalid("connectionIds", "One of the chosen connections does not exist in this organisation.");
  }
  const createdAt = nowDate();
  const expiresAt = expiryWithinCap(input.expiresInDays, await apiTokenLifetimeCap(ctx), createdAt);
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
        expiresAt,
        ...actorColumns(ctx.actor, "createdBy"),
        createdAt,
      },
      select: { id: true, name: true, role: true, prefix: true, expiresAt: true, restrictConnections: true, connectionIds: true, createdAt: true },
    });
    await recordAudit({ organizationId: ctx.orgId, action: "api_token.created", actor: ctx.actor, target: { type: "api_token", id: t.id, label: t.name }, metadata: { role: t.role }, client: ctx.client }, tx);
    return t;
  });
  return { ...row, token: secret };
}

/** Revokes a token the member may see; others' tokens answer 404 like any tenancy miss. */
export async function revokeApiToken(ctx: OrgContext, id: string) {
  const reach = await tokenReachOf(ctx);
  await db.$transaction(async (tx) => {
    const t = await tx.apiToken.findFirst({
      where: { id, organizationId: ctx.orgId, revokedAt: null },
      select: { id: true, name: true, restrictConnections: true, connectionIds: true },
    });
    if (!t || !tokenWithin(reach, t)) throw notFound("API token");
    const { count } = await tx.apiToken.updateMany({ where: { id: t.id, organizationId: ctx.orgId, revokedAt: null }, data: { revokedAt: nowDate() } });
    if (count === 0) throw notFound("API token");
    await recordAudit({ organizationId: ctx.orgId, action: "api_token.revoked", actor: ctx.actor, target: { type: "api_token", id, label: t.name }, client: ctx.client }, tx);
  });
  await announceTokenChange({ tokenIds: [id] });
}
