import { createPrivateKey } from "node:crypto";
import { db } from "@/lib/db/client";
import { getRedis, redisKey } from "@/lib/redis";
import { withConnectionKey } from "@/lib/vault/store";
import { now as clockNow } from "@/lib/clock";
import { ASC_AUDIENCE, MAX_TOKEN_SECONDS, signAscJwt, type AscClaims } from "./jwt";

/** A team key has an Issuer ID; an individual key has none (null). */
export type SigningConnection = { id: string; organizationId: string; issuerId: string | null; keyId: string; fingerprint: string };

/**
 * Apple refuses a token whose `exp` is more than 20 minutes after *its* clock, and one issued
 * in the future ("Generating Tokens for API Requests": tokens with an expiration more than 20
 * minutes in the future are not valid). A server clock a little ahead of Apple's would see
 * every full-length token refused, so `iat` is back-dated and `exp` brought forward by this
 * much: clocks up to two minutes apart, either way, still get tokens Apple accepts.
 */
export const CLOCK_SKEW_MARGIN_SECONDS = 120;
export type TokenOptions = {
  scope?: string[];
  /** Lifetime of a newly signed token, at most 1200 s. */
  ttlSeconds?: number;
  /** A cached token is reused while it has at least this long left (default 60 s). */
  minRemainingSeconds?: number;
};
export type SignedToken = { token: string; expiresAt: Date; reused: boolean };

// Tokens, never keys, are cached: the decrypted key exists only while one token is signed.
const cache = new Map<string, { token: string; exp: number }>();

function cacheKey(c: SigningConnection, ttl: number, scope: string[]) {
  // The fingerprint and ids are part of the key, so a replaced key never serves an old token.
  return [c.id, c.fingerprint, c.issuerId, c.keyId, ttl, ...scope].join("\n");
}

/** Drops every cached token of a connection (key replaced or connection deleted). */
export function forgetTokens(connectionId: string) {
  for (const k of cache.keys()) if (k.startsWith(`${connectionId}\n`)) cache.delete(k);
}

/**
 * An App Store Connect token for the connection: from the cache while it has enough life
 * left, otherwise signed now with the key decrypted for that one signature.
 */
export async function ascToken(conn: SigningConnection, opts: TokenOptions = {}): Promise<SignedToken> {
  const ttl = Math.min(opts.ttlSeconds ?? MAX_TOKEN_SECONDS, MAX_TOKEN_SECONDS);
  const scope = opts.scope ?? [];
  const now = Math.floor(clockNow() / 1000);
  const k = cacheKey(conn, ttl, scope);
  const hit = cache.get(k);
  if (hit && hit.exp - now >= (opts.minRemainingSeconds ?? 60)) return { token: hit.token, expiresAt: new Date(hit.exp * 1000), reused: true };

  const iat = now - CLOCK_SKEW_MARGIN_SECONDS;
  const exp = Math.min(now + ttl, now + MAX_TOKEN_SECONDS - CLOCK_SKEW_MARGIN_SECONDS);
  const who = conn.issuerId ? { iss: conn.issuerId } : { sub: "user" as const };
  const claims: AscClaims = { ...who, iat, exp, aud: ASC_AUDIENCE, ...(scope.length ? { scope } : {}) };
  const token = await withConnectionKey({ organizationId: conn.organizationId, connectionId: conn.id }, (der) =>
    signAscJwt(createPrivateKey({ key: der, format: "der", type: "pkcs8" }), conn.keyId, claims),
  );
  await noteKeyDecrypted(conn);
  if (cache.size >= 5_000) {
    for (const [key, v] of cache) if (v.exp <= now) cache.delete(key);
    // Still full: drop the oldest entries (a Map iterates in insertion order).
    for (const key of cache.keys()) {
      if (cache.size < 4_000) break;
      cache.delete(key);
    }
  }
  cache.set(k, { token, exp: claims.exp });
  return { token, expiresAt: new Date(claims.exp * 1000), reused: false };
}

/**
 * Audits key decryption at most once per connection per minute; decryptions within that
 * minute raise the event's count instead of adding rows.
 */
async function noteKeyDecrypted(conn: SigningConnection) {
  const gate = redisKey("audit-decrypt", conn.id);
  const redis = getRedis();
  const first = await redis.set(gate, "pending", "EX", 60, "NX");
  if (first === "OK") {
    const e = await db.auditEvent.create({
      data: { organizationId: conn.organizationId, action: "connection.key_decrypted", targetType: "connection", targetId: conn.id, metadata: { count: 1, keyId: conn.keyId } },
      select: { id: true },
    });
    await redis.set(gate, e.id, "KEEPTTL", "XX");
    return;
  }
  const eventId = await redis.get(gate);
  if (eventId && eventId !== "pending") {
    await db.$executeRaw`UPDATE "AuditEvent" SET metadata = jsonb_set(coalesce(metadata, '{}'::jsonb), '{count}', to_jsonb(coalesce((metadata->>'count')::int, 0) + 1)) WHERE id = ${eventId} AND "organizationId" = ${conn.organizationId}`;
  }
}
