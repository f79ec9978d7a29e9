import { ascToken } from "@/lib/asc/token";
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
  // Every mint is audited; last-used time is refreshed at most once a minute.
  const stale = !c.lastUsedAt || Date.now() - c.lastUsedAt.getTime() > 60_000;
  await Promise.all([
    stale ? db.connection.updateMany({ where: { id: c.id, organizationId: ctx.orgId }, data: { lastUsedAt: new Date() } }) : null,
    db.auditEvent.create({
      data: {
        organizationId: ctx.orgId,
        action: "token.minted",
        actorId: ctx.user.id,
        actorEmail: ctx.user.email,
        targetType: "connection",
        targetId: c.id,
        targetLabel: c.name,
        metadata: { scope: input.scope ?? [], expiresAt: signed.expiresAt.toISOString(), reused: signed.reused },
        ip: ctx.client.ip,
        userAgent: ctx.client.userAgent,
      },
      select: { id: true },
    }),
  ]);
  return { token: signed.token, expiresAt: signed.expiresAt.toISOString() };
}

