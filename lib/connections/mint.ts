import { ascToken } from "@/lib/asc/token";
import { bufferAudit } from "@/lib/audit/buffer";
import { inBackground } from "@/lib/background";
import { now, nowDate } from "@/lib/clock";
import { db } from "@/lib/db/client";
import type { OrgContext } from "@/lib/tenancy/context";
import { getConnection } from "./queries";
import type { TMintToken } from "./schemas";

/**
 * A short-lived App Store Connect token for a caller outside the dashboard (CI). A cached
 * token is handed out only while it keeps at least 80 % of the lifetime asked for.
 */
export async function mintToken(ctx: OrgContext, connectionId: string, input: TMintToken) {
  const c = await getConnection(ctx, connectionId);
  const ttl = input.expiresInSeconds ?? 1200;
  const signed = await ascToken(
    { id: c.id, organizationId: ctx.orgId, issuerId: c.issuerId, keyId: c.keyId, fingerprint: c.fingerprint },
    { scope: input.scope, ttlSeconds: ttl, minRemainingSeconds: Math.floor(ttl * 0.8) },
  );
  // Every mint is audited, in batches; last-used time is refreshed at most once a minute.
  if (!c.lastUsedAt || now() - c.lastUsedAt.getTime() > 60_000) {
    inBackground("noting a connection's use", db.connection.updateMany({ where: { id: c.id, organizationId: ctx.orgId }, data: { lastUsedAt: nowDate() } }));
  }
  bufferAudit({
    organizationId: ctx.orgId,
    action: "token.minted",
    actor: ctx.user,
    target: { type: "connection", id: c.id, label: c.name },
    metadata: { scope: input.scope ?? [], expiresAt: signed.expiresAt.toISOString(), reused: signed.reused },
    client: ctx.client,
  });
  return { token: signed.token, expiresAt: signed.expiresAt.toISOString() };
}

