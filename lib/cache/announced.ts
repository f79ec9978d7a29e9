import type { Redis } from "ioredis";
import { z } from "zod";
import { log } from "@/lib/log";
import { createRedis, getRedis, redisKey } from "@/lib/redis";

/**
 * Rows a web process keeps for a short while so a busy client costs no database round trip
 * per request (API tokens, connections the token broker signs for). Each entry carries tags
 * (its id, its organisation's id); a change announces the tags it touches on a Redis channel
 * every web process listens to, and every entry with one of them is dropped at once. A cache
 * is used only while this process is subscribed: a process that may have missed an
 * announcement reads the database every time.
 */

/**
 * A change made inside a transaction may be announced before it commits, so a row read just
 * after the announcement may still be the old one. Entries with an announced tag are not
 * cached for this long, beyond the 5 s a transaction may last.
 */
const QUIET_MS = 10_000;
const MAX_ENTRIES = 10_000;

const ZChange = z.object({ tags: z.array(z.string()).min(1) });

type Entry = { value: unknown; tags: string[]; until: number };
type State = {
  caches: Map<string, Map<string, Entry>>;
  quiet: Map<string, number>;
  /** Bumped by every change, so a read that overlapped one is not cached. */
  epoch: number;
  subscribed: boolean;
  subscriber?: Redis;
};

const globalForCache = globalThis as unknown as { __ascdashAnnouncedCache?: State };
const state: State = (globalForCache.__ascdashAnnouncedCache ??= { caches: new Map(), quiet: new Map(), epoch: 0, subscribed: false });

const channel = () => redisKey("cache-changes");
const clock = () => performance.now();

function listen() {
  if (state.subscriber) return;
  const sub = createRedis(undefined, { autoResubscribe: false, maxRetriesPerRequest: null });
  state.subscriber = sub;
  const lost = () => {
    state.subscribed = false;
    forgetAll();
  };
  sub.on("close", lost);
  sub.on("reconnecting", lost);
  sub.on("ready", () => {
    sub.subscribe(channel()).then(
      () => {
        forgetAll();
        state.subscribed = true;
      },
      (err: Error) => log.warn({ err }, "cache change channel: subscribe failed"),
    );
  });
  sub.on("message", (_channel: string, message: string) => {
    try {
      applyChange(ZChange.parse(JSON.parse(message)).tags);
    } catch (err) {
      log.warn({ err }, "cache change channel: unreadable message, caches cleared");
      forgetAll();
    }
  });
}

function forgetAll() {
  for (const entries of state.caches.values()) entries.clear();
  state.epoch++;
}

/** Drops the entries a change touches, here, and keeps them out of the caches for a while. */
function applyChange(tags: string[]) {
  state.epoch++;
  const until = clock() + QUIET_MS;
  for (const t of tags) state.quiet.set(t, until);
  const touched = new Set(tags);
  for (const entries of state.caches.values()) {
    for (const [key, e] of entries) if (e.tags.some((t) => touched.has(t))) entries.delete(key);
  }
}

const isQuiet = (tag: string) => {
  const until = state.quiet.get(tag);
  if (until === undefined) return false;
  if (until > clock()) return true;
  state.quiet.delete(tag);
  return false;
};

/** A cache of rows by key; `tagsOf` names what a change must announce to drop an entry. */
export function announcedCache<V>(name: string, options: { ttlMs: number; tagsOf: (value: V) => string[] }) {
  const entries = state.caches.get(name) ?? new Map<string, Entry>();
  state.caches.set(name, entries);
  return {
    /** The value for `key`: cached while fresh, otherwise from `load` (cached unless a change was announced meanwhile). */
    async get(key: string, load: () => Promise<V | null>): Promise<V | null> {
      listen();
      const hit = state.subscribed ? entries.get(key) : undefined;
      if (hit && hit.until > clock()) return hit.value as V;
      const epoch = state.epoch;
      const value = await load();
      if (value === null || !state.subscribed || epoch !== state.epoch) return value;
      const tags = options.tagsOf(value);
      if (tags.some(isQuiet)) return value;
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
      entries.set(key, { value, tags, until: clock() + options.ttlMs });
      return value;
    },
  };
}

/** Resolves once this process listens for changes (its caches are in use from then on). */
export async function cachesListening(timeoutMs = 5_000) {
  listen();
  const until = clock() + timeoutMs;
  while (!state.subscribed) {
    if (clock() > until) throw new Error("not subscribed to cache changes");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Announces to every web process, this one first, that rows tagged with `tags` changed (ids
 * of tokens or connections, or an organisation's id for all of its rows). Safe to call
 * inside the transaction that makes the change.
 */
export async function announceChange(tags: string[]) {
  if (!tags.length) return;
  applyChange(tags);
  try {
    await getRedis().publish(channel(), JSON.stringify({ tags }));
  } catch (err) {
    // Other processes may keep the old rows until their caches expire; say so loudly.
    log.error({ err, tags }, "a change could not be announced to the other web servers");
  }
}
