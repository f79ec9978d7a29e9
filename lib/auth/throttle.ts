import { isIPv6 } from "node:net";
import type { Redis } from "ioredis";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getRedis, redisKey } from "@/lib/redis";

/** Failed sign-ins allowed per window before further attempts are refused. */
export const SIGN_IN_LIMITS = {
  account: { max: 5, windowSeconds: 15 * 60 },
  client: { max: 30, windowSeconds: 15 * 60 },
} as const;

/** Sign-ups (each a memory-hard hash, a user and an organisation) allowed per client per window. */
export const SIGN_UP_LIMIT = { windowSeconds: 60 * 60, max: () => env.SIGNUP_LIMIT_PER_HOUR } as const;

type Scope = keyof typeof SIGN_IN_LIMITS;

/**
 * What a per-client limit counts against: an IPv4 address as it is, but for IPv6 its /64,
 * the block one subscriber usually holds whole (stepping through its addresses would
 * otherwise give a fresh limit each time). IPv4-mapped IPv6 counts as the IPv4 address.
 */
export function clientThrottleKey(ip: string): string {
  const bare = ip.trim().toLowerCase().replace(/%.*$/, "");
  if (!isIPv6(bare)) return bare;
  const g = expandIPv6(bare);
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return [g[6] >> 8, g[6] & 255, g[7] >> 8, g[7] & 255].join(".");
  return `${g.slice(0, 4).map((x) => x.toString(16)).join(":")}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address. */
function expandIPv6(ip: string): number[] {
  let text = ip;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (v4) {
    const [a, b, c, d] = v4.split(".").map(Number);
    text = text.slice(0, -v4.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::");
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill("0"), ...t];
  return groups.map((x) => parseInt(x || "0", 16));
}

const key = (scope: Scope, id: string) => redisKey("signin-fail", scope, scope === "client" ? clientThrottleKey(id) : id);

function minutes(seconds: number) {
  const m = Math.max(1, Math.ceil(seconds / 60));
  return `${m} minute${m === 1 ? "" : "s"}`;
}

/**
 * Counts an attempt before the password is checked, so parallel guesses cannot all slip
 * under the limit; throws `rate_limited` once the account or the client is over it.
 * Pass `client: null` to throttle by account only (a password re-check while signed in).
 * A successful attempt gives its count back with `forgiveAttempt`.
 */
export async function reserveAttempt(email: string, clientIp: string | null, redis: Redis = getRedis()) {
  const scopes: [Scope, string][] = [["account", email]];
  if (clientIp) scopes.push(["client", clientIp]);
  const m = redis.multi();
  for (const [scope, id] of scopes) {
    m.incr(key(scope, id));
    // The window starts at the first attempt and is not extended by later ones.
    m.expire(key(scope, id), SIGN_IN_LIMITS[scope].windowSeconds, "NX");
    m.ttl(key(scope, id));
  }
  const results = (await m.exec()) ?? [];
  scopes.forEach(([scope], i) => {
    const count = Number(results[i * 3]?.[1] ?? 0);
    const ttl = Number(results[i * 3 + 2]?.[1] ?? 0);
    if (count > SIGN_IN_LIMITS[scope].max) {
      const wait = ttl > 0 ? ttl : SIGN_IN_LIMITS[scope].windowSeconds;
      const who = scope === "account" ? "this account" : "this device or network";
      throw new AppError("rate_limited", `Too many failed sign-in attempts for ${who}. Try again in ${minutes(wait)}.`, {
        retryAfterSeconds: wait,
      });
    }
  });
}

/** After a correct password: the account starts afresh and the client's attempt is not held against it. */
export async function forgiveAttempt(email: string, clientIp: string | null, redis: Redis = getRedis()) {
  const m = redis.multi().del(key("account", email));
  if (clientIp) m.decr(key("client", clientIp));
  await m.exec();
}

/**
 * Counts a sign-up from this client before the password is hashed; throws `rate_limited`
 * with the wait once the client is over SIGN_UP_LIMIT. Every attempt counts, successful
 * or not: each costs the server the same.
 */
export async function reserveSignUp(clientIp: string, redis: Redis = getRedis()) {
  const k = redisKey("signup", "client", clientThrottleKey(clientIp));
  const results = (await redis.multi().incr(k).expire(k, SIGN_UP_LIMIT.windowSeconds, "NX").ttl(k).exec()) ?? [];
  const count = Number(results[0]?.[1] ?? 0);
  const ttl = Number(results[2]?.[1] ?? 0);
  if (count > SIGN_UP_LIMIT.max()) {
    const wait = ttl > 0 ? ttl : SIGN_UP_LIMIT.windowSeconds;
    throw new AppError("rate_limited", `Too many accounts were created from this device or network. Try again in ${minutes(wait)}.`, {
      retryAfterSeconds: wait,
    });
  }
}
