import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Db } from "@/lib/db/client";

type Check = { ok: boolean; latencyMs: number; error?: string };

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms).unref()),
  ]);
}

async function timed(what: string, fn: () => Promise<unknown>, ms = 2_000): Promise<Check> {
  const t = performance.now();
  try {
    await withTimeout(fn(), ms, what);
    return { ok: true, latencyMs: Math.round(performance.now() - t) };
  } catch (e) {
    // Only the driver's short message: connection strings and hosts stay out of the response.
    const code = (e as { code?: string }).code;
    return { ok: false, latencyMs: Math.round(performance.now() - t), error: code ? `${what} unreachable (${code})` : `${what} unreachable` };
  }
}

export type Health = {
  status: "ok" | "unavailable";
  failing: string[];
  /** Per queue: jobs waiting (including prioritised), running, delayed (retries, schedules) and failed. */
  checks: { database: Check; redis: Check; queue: Check & { queues?: Record<string, QueueCounts> } };
};

type QueueCounts = { waiting: number; active: number; delayed: number; failed: number };

/** Checks each dependency with its own timeout; a dependency that comes back is seen on the next call. */
export async function checkHealth(deps: { db: Db; redis: Redis; queues: Queue[] }): Promise<Health> {
  let queues: Record<string, QueueCounts> | undefined;
  const [database, redis] = await Promise.all([
    timed("PostgreSQL", () => deps.db.$queryRaw`SELECT 1`),
    timed("Redis", () => deps.redis.ping()),
  ]);
  // The queue's connection waits through outages by design; asking it while Redis is down
  // would leave a command queued per probe, so it is only asked once Redis answers.
  const queue: Check = redis.ok
    ? await timed("Queue", async () => {
        const all = await Promise.all(deps.queues.map((q) => q.getJobCounts("waiting", "prioritized", "active", "delayed", "failed")));
        queues = Object.fromEntries(
          deps.queues.map((q, i) => [q.name, { waiting: all[i].waiting + all[i].prioritized, active: all[i].active, delayed: all[i].delayed, failed: all[i].failed }]),
        );
      })
    : { ok: false, latencyMs: 0, error: "Queue unavailable while Redis is unreachable" };
  const failing = [!database.ok && "database", !redis.ok && "redis", !queue.ok && "queue"].filter(Boolean) as string[];
  return { status: failing.length ? "unavailable" : "ok", failing, checks: { database, redis, queue: { ...queue, queues } } };
}
