import type { Redis } from "ioredis";
import { getRedis, redisKey } from "@/lib/redis";

// A counting semaphore with leases: holders that die stop counting once their lease ends.
const ACQUIRE = `
local key, now, holder, limit, lease = KEYS[1], tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
if redis.call('ZSCORE', key, holder) or redis.call('ZCARD', key) < limit then
  redis.call('ZADD', key, now + lease, holder)
  redis.call('PEXPIRE', key, lease * 2)
  return 1
end
return 0
`;

/**
 * At most `limit` jobs per connection at once, across every worker process, so one big
 * account cannot take all of the workers while others wait.
 */
export function connectionSlots(opts: { limit: number; leaseMs?: number; redis?: Redis; name?: string }) {
  const redis = () => opts.redis ?? getRedis();
  const lease = opts.leaseMs ?? 60_000;
  const key = (connectionId: string) => redisKey(opts.name ?? "sync-slots", connectionId);

  /** Takes a slot for `holder`, or returns null when the key (a connection, by default) is at its limit. The lease is renewed until release. */
  async function tryAcquire(connectionId: string, holder: string): Promise<null | (() => Promise<void>)> {
    const take = async () => Number(await redis().eval(ACQUIRE, 1, key(connectionId), Date.now(), holder, opts.limit, lease)) === 1;
    if (!(await take())) return null;
    const renew = setInterval(() => void take().catch(() => undefined), lease / 3);
    renew.unref();
    return async () => {
      clearInterval(renew);
      await redis().zrem(key(connectionId), holder).catch(() => undefined);
    };
  }

  return { tryAcquire };
}
