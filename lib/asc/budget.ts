import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { getRedis, redisKey } from "@/lib/redis";

export type Priority = "interactive" | "background";
export type BudgetOptions = {
  /** Apple's window is a rolling hour. */
  windowMs?: number;
  /** Requests per window when no X-Rate-Limit header has been seen yet (Apple's default). */
  defaultLimit?: number;
  /** Entries are kept this much longer than the window, since Apple counts a request when it arrives. */
  skewMs?: number;
  redis?: Redis;
};

// Atomically: forget requests older than the window, then admit this one if its priority
// still has room. Background work leaves a reserve for people and yields to any waiting
// interactive request. Returns 0 when admitted, else how long to wait (ms).
const ACQUIRE = `
local log, waiting, limitKey, elsewhereKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local now, window, skew, default, priority, member = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5], ARGV[6]
redis.call('ZREMRANGEBYSCORE', log, '-inf', now - window - skew)
local limit = tonumber(redis.call('GET', limitKey) or default)
local ours = redis.call('ZCARD', log)
local used = ours + tonumber(redis.call('GET', elsewhereKey) or '0')
local reserve = math.max(1, math.floor(limit / 10))
local room = limit
if priority == 'background' then
  room = limit - reserve
  if tonumber(redis.call('GET', waiting) or '0') > 0 then return 100 end
else
  -- Waiters keep this alive while they loop; a crashed one stops counting within seconds.
  redis.call('PEXPIRE', waiting, 5000)
end
if used < room then
  redis.call('ZADD', log, now, member)
  redis.call('PEXPIRE', log, window + skew + 1000)
  return 0
end
local wait = 25
if ours == 0 then return 1000 end
local oldest = redis.call('ZRANGE', log, math.max(0, ours - room), math.max(0, ours - room), 'WITHSCORES')
if oldest[2] then wait = math.max(25, tonumber(oldest[2]) + window + skew - now) end
return wait
`;

// What Apple's `user-hour-rem` says beyond our own log: requests made with the same key
// elsewhere (CI, fastlane, scripts). Apple counts them all against one rolling hour, so
// they are kept as "used" until the window has passed (they have all aged out by then).
const LEARN = `
local log, limitKey, elsewhereKey = KEYS[1], KEYS[2], KEYS[3]
local now, window, skew, limit, remaining = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
redis.call('SET', limitKey, limit, 'EX', 86400)
redis.call('ZREMRANGEBYSCORE', log, '-inf', now - window - skew)
local elsewhere = limit - remaining - redis.call('ZCARD', log)
if elsewhere > 0 then
  redis.call('SET', elsewhereKey, elsewhere, 'PX', window)
else
  redis.call('DEL', elsewhereKey)
end
return elsewhere
`;

/**
 * One request budget per App Store Connect key, shared through Redis by every web
 * process and worker, so that a healthy run never meets a 429. `acquire` resolves when
 * a request may be sent; interactive callers go ahead of background ones.
 */
export function requestBudget(opts: BudgetOptions = {}) {
  const redis = opts.redis ?? getRedis();
  const windowMs = opts.windowMs ?? 3_600_000;
  const skewMs = opts.skewMs ?? 5_000;
  const defaultLimit = opts.defaultLimit ?? 3500;
  const keys = (apiKey: string) => [
    redisKey("asc-budget", apiKey, "log"),
    redisKey("asc-budget", apiKey, "waiting"),
    redisKey("asc-budget", apiKey, "limit"),
    redisKey("asc-budget", apiKey, "elsewhere"),
  ];

  async function acquire(apiKey: string, priority: Priority = "background", signal?: AbortSignal) {
    const [log, waiting, limit, elsewhere] = keys(apiKey);
    if (priority === "interactive") await redis.incr(waiting);
    try {
      for (;;) {
        signal?.throwIfAborted();
        const wait = Number(await redis.eval(ACQUIRE, 4, log, waiting, limit, elsewhere, Date.now(), windowMs, skewMs, defaultLimit, priority, randomUUID()));
        if (wait === 0) return;
        await new Promise((r) => setTimeout(r, Math.min(wait, 250)));
      }
    } finally {
      if (priority === "interactive") await redis.decr(waiting);
    }
  }

  /** What Apple's X-Rate-Limit says: the key's hourly limit, and what is left of it after everyone's requests. */
  async function learn(apiKey: string, rate: { limit: number; remaining: number }) {
    const [log, , limit, elsewhere] = keys(apiKey);
    await redis.eval(LEARN, 3, log, limit, elsewhere, Date.now(), windowMs, skewMs, rate.limit, rate.remaining);
  }

  return { acquire, learn };
}

export type RequestBudget = ReturnType<typeof requestBudget>;
