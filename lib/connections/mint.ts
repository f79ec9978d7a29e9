import { ascToken } from "@/lib/asc/token";
import { bufferAudit } from "@/lib/audit/buffer";
import { inBackground, oncePer } from "@/lib/background";
import { announcedCache } from "@/lib/cache/announced";
import { nowDate } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { assertConnectionAccess, orgWhere } from "@/lib/tenancy/scope";
import type { TMintToken } from "./schemas";

const signingFields = { id: true, organizationId: true, name: true, issuerId: true, keyId: true, fingerprint: true } as const;
type SigningRow = { id: string; organizationId: string; name: string; issuerId: string | null; keyId: string; fingerprint: string };

/** What signing needs of a connection, kept for 30 s; replacing the key or deleting the connection clears it everywhere. */
const signing = announcedCache<SigningRow>("broker-connections", { ttlMs: 30_000, tagsOf: (c) => [c.id, c.organizationId] });
const shouldNoteUse = oncePer(60_000);

/**
 * A short-lived App Store Connect token for a caller outside the dashboard (CI). A cached
 * token is handed out only while it keeps at least 80 % of the lifetime asked for.
 */
export async function mintToken(ctx: OrgContext, connectionId: string, input: TMintToken) {
  await assertConnectionAccess(ctx, connectionId);
  const c = await signing.get(`${ctx.orgId}:${connectionId}`, () => db.connection.findFirst({ where: { ...orgWhere(ctx), id: connectionId }, select: signingFields }));
  if (!c) throw notFound("Connection");
  const ttl = input.expiresInSeconds ?? 1200;
  const signed = await ascToken(c, { scope: input.scope, ttlSeconds: ttl, minRemainingSeconds: Math.floor(ttl * 0.8) });
  const expiresAt = signed.expiresAt.toISOString();
  // Every mint is audited, in batches; last-used time is refreshed at most once a minute.
  if (shouldNoteUse(c.id)) {
    inBackground("noting a connection's use", db.connection.updateMany({ where: { ...orgWhere(ctx), id: c.id }, data: { lastUsedAt: nowDate() } }));
  }
  bufferAudit({
    organizationId: ctx.orgId,
    action: "token.minted",
    actor: ctx.actor,
    target: { type: "connection", id: c.id, label: c.name },
    metadata: { scope: input.scope ?? [], expiresAt, reused: signed.reused },
    client: ctx.client,
  });
  return { token: signed.token, expiresAt };
}
