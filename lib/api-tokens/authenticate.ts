import { inBackground, oncePer } from "@/lib/background";
import { nowDate } from "@/lib/clock";
import { hashToken } from "@/lib/crypto/tokens";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { ClientInfo } from "@/lib/http/client-info";
import { getRedis, redisKey } from "@/lib/redis";
import { tokenLabel } from "@/lib/tenancy/actor";
import { orgContext, type OrgContext } from "@/lib/tenancy/context";
import { API_TOKEN_PREFIX } from "./mutations";
import { cachedToken } from "./token-cache";

// One answer for every failure, so a caller learns nothing about which tokens exist.
const refused = () => new AppError("unauthenticated", "Missing, invalid, expired or revoked API token.");

const tokenRow = (tokenHash: string) =>
  db.apiToken.findUnique({
    where: { tokenHash },
    select: {
      id: true, name: true, role: true, restrictConnections: true, connectionIds: true, expiresAt: true, revokedAt: true,
      organization: { select: { id: true, name: true, slug: true } },
    },
  });

/**
 * Turns `Authorization: Bearer ascd_…` into an organisation context with the token's role and
 * limits: at most one database round trip, none while the token is in this process's cache.
 */
export async function authenticateApiToken(authorization: string | null, client: ClientInfo): Promise<OrgContext> {
  const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  if (!m || !m[1].startsWith(API_TOKEN_PREFIX) || m[1].length > 200) throw refused();
  const hash = hashToken(m[1]);
  const t = await cachedToken(hash, () => tokenRow(hash));
  if (!t || t.revokedAt || (t.expiresAt && t.expiresAt <= nowDate())) throw refused();
  noteUse(t.id, t.organization.id, t.name, client);
  return orgContext({ token: t }, client);
}

const shouldNoteUse = oncePer(60_000);

/**
 * lastUsedAt and an "API token used" audit event, at most once a minute per token, after the
 * request: this process notes a token once a minute, and Redis keeps processes from noting
 * the same minute twice.
 */
function noteUse(tokenId: string, organizationId: string, name: string, client: ClientInfo) {
  if (shouldNoteUse(tokenId)) inBackground("recording an api token's use", writeUse(tokenId, organizationId, name, client));
}

async function writeUse(tokenId: string, organizationId: string, name: string, client: ClientInfo) {
  const first = await getRedis().set(redisKey("api-token-used", tokenId), "1", "EX", 60, "NX");
  if (first !== "OK") return;
  // Two statements, not one transaction: holding the token's row while the audit insert waits
  // on the organisation's row would deadlock with a change of the creator's rights, which
  // locks them the other way round.
  await db.apiToken.update({ where: { id: tokenId }, data: { lastUsedAt: nowDate() } });
  await db.auditEvent.create({
    data: { organizationId, action: "api_token.used", actorTokenId: tokenId, actorEmail: tokenLabel(name), targetType: "api_token", targetId: tokenId, targetLabel: name, ip: client.ip, userAgent: client.userAgent },
  });
}
