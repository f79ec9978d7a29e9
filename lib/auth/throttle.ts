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

/** Throws `rate_limited` when the account or the client has failed too often recently. */
export async function assertSignInAllowed(email: string, clientIp: string, redis: Redis = getRedis()) {
  const checks: [Scope, string][] = [["account", email], ["client", clientIp]];
  const results = await redis
    .multi(checks.flatMap(([s, id]) => [["get", key(s, id)], ["ttl", key(s, id)]]))
    .exec();
  for (let i = 0; i < checks.length; i++) {
    const [scope] = checks[i];
    const count = Number(results?.[i * 2]?.[1] ?? 0);
    const ttl = Number(results?.[i * 2 + 1]?.[1] ?? 0);
    if (count >= SIGN_IN_LIMITS[scope].max) {
      const wait = ttl > 0 ? ttl : SIGN_IN_LIMITS[scope].windowSeconds;
      const who = scope === "account" ? "this account" : "this device or network";
      throw new AppError("rate_limited", `Too many failed sign-in attempts for ${who}. Try again in ${minutes(wait)}.`, {
        retryAfterSeconds: wait,
      });
    }
  }
}

export async function recordSignInFailure(email: string, clientIp: string, redis: Redis = getRedis()) {
  const m = redis.multi();
  for (const [scope, id] of [["account", email], ["client", clientIp]] as [Scope, string][]) {
    m.incr(key(scope, id));
    // The window starts at the first failure and is not extended by later ones.
    m.expire(key(scope, id), SIGN_IN_LIMITS[scope].windowSeconds, "NX");
  }
  await m.exec();
}

export async function clearAccountFailures(email: string, redis: Redis = getRedis()) {
  await redis.del(key("account", email));
}
