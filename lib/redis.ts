import { Redis, type RedisOptions } from "ioredis";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

/** Options for BullMQ connections: workers must wait through Redis outages, never give up. */
export const bullConnectionOptions: RedisOptions = { maxRetriesPerRequest: null, enableReadyCheck: true };

export function createRedis(url: string = env.REDIS_URL, options: RedisOptions = {}) {
  const client = new Redis(url, {
    // Reconnect forever with a capped backoff so a Redis restart needs no process restart.
    retryStrategy: (times) => Math.min(times * 200, 5_000),
    ...options,
  });
  // Connection errors are expected during an outage; ioredis keeps reconnecting.
  client.on("error", (err: Error & { code?: string }) => log.warn({ code: err.code }, "redis connection error"));
  return client;
}

const globalForRedis = globalThis as unknown as { __ascdashRedis?: Redis };

/**
 * Shared client for request-path work (throttling, health). A command waits through at
 * most one reconnect attempt and then fails, so a request never hangs on a Redis outage.
 */
export function getRedis(): Redis {
  globalForRedis.__ascdashRedis ??= createRedis(env.REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 3_000 });
  return globalForRedis.__ascdashRedis;
}

/** Closes the shared client if this process opened one (short-lived commands, so they can exit). */
export async function closeRedis() {
  const client = globalForRedis.__ascdashRedis;
  globalForRedis.__ascdashRedis = undefined;
  await client?.quit().catch(() => client.disconnect());
}

/** Every key this app writes goes through here so installs and test runs can share a Redis. */
export function redisKey(...parts: string[]) {
  return [env.REDIS_PREFIX, ...parts].join(":");
}
