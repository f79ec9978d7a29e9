import type { Redis } from "ioredis";
import { AppError } from "@/lib/errors";
import { getRedis, redisKey } from "@/lib/redis";

/** Failed sign-ins allowed per window before further attempts are refused. */
export const SIGN_IN_LIMITS = {
  account: { max: 5, windowSeconds: 15 * 60 },
  client: { max: 30, windowSeconds: 15 * 60 },
} as const;

type Scope = keyof typeof SIGN_IN_LIMITS;

const key = (scope: Scope, id: string) => redisKey("signin-fail", scope, id);

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
