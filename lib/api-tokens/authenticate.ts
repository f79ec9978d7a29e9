import { nowDate } from "@/lib/clock";
import { hashToken } from "@/lib/crypto/tokens";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { ClientInfo } from "@/lib/http/client-info";
import { getRedis, redisKey } from "@/lib/redis";
import type { OrgContext } from "@/lib/tenancy/context";
import { API_TOKEN_PREFIX } from "./mutations";

// One answer for every failure, so a caller learns nothing about which tokens exist.
const refused = () => new AppError("unauthenticated", "Missing, invalid, expired or revoked API token.");

/** Turns `Authorization: Bearer ascd_…` into an organisation context with the token's role and limits. */
export async function authenticateApiToken(authorization: string | null, client: ClientInfo): Promise<OrgContext> {
  const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  if (!m || !m[1].startsWith(API_TOKEN_PREFIX) || m[1].length > 200) throw refused();
  const t = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(m[1]) },
    select: {
      id: true, name: true, role: true, restrictConnections: true, connectionIds: true, expiresAt: true, revokedAt: true,
      organization: { select: { id: true, name: true, slug: true } },
    },
  });
  if (!t || t.revokedAt || (t.expiresAt && t.expiresAt <= nowDate())) throw refused();
  await noteUse(t.id, t.organization.id, t.name, client);
  return {
    orgId: t.organization.id,
    org: t.organization,
    user: { id: t.id, email: `api-token:${t.name}`, name: t.name, sessionId: "" },
    membership: { id: t.id, role: t.role, restrictConnections: t.restrictConnections },
    client,
    principal: { kind: "apiToken", tokenId: t.id, connectionIds: t.restrictConnections ? t.connectionIds : null },
  };
}

/** lastUsedAt and an "API token used" audit event, at most once a minute per token. */
async function noteUse(tokenId: string, organizationId: string, name: string, client: ClientInfo) {
  const first = await getRedis().set(redisKey("api-token-used", tokenId), "1", "EX", 60, "NX");
  if (first !== "OK") return;
  await db.$transaction([
    db.apiToken.update({ where: { id: tokenId }, data: { lastUsedAt: nowDate() } }),
    db.auditEvent.create({
      data: { organizationId, action: "api_token.used", actorId: tokenId, actorEmail: `api-token:${name}`, targetType: "api_token", targetId: tokenId, targetLabel: name, ip: client.ip, userAgent: client.userAgent },
    }),
  ]);
}
