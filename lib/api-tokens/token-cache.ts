import type { Redis } from "ioredis";
import { z } from "zod";
import type { Role } from "@/lib/generated/prisma/enums";
import { log } from "@/lib/log";
import { createRedis, getRedis, redisKey } from "@/lib/redis";

/** What authenticating a token needs from its row; the organisation comes with it. */
export type CachedToken = {
  id: string;
  name: string;
  role: Role;
  restrictConnections: boolean;
  connectionIds: string[];
  expiresAt: Date | null;
  revokedAt: Date | null;
  organization: { id: string; name: string; slug: string };
};

/**
 * Token rows kept in this process for a short while, keyed by the token's hash, so a busy CI
 * client costs no database round trip per request. Every change that can refuse or narrow a
 * token (revocation, a creator's demotion, the lifetime cap, renaming or deleting the
 * organisation) is announced on a Redis channel that every web process listens to, and
 * clears the rows at once. The cache is used only while this process is subscribed: a
 * process that may have missed an announcement reads the database every time.
 */
const TTL_MS = 30_000;
/**
 * A change made inside a transaction is announced before it commits, so a row read just
 * after the announcement may still be the old one. Rows of the token or organisation
 * announced are not cached for this long, beyond the 5 s a transaction may last.
 */
const QUIET_MS = 10_000;
const MAX_ENTRIES = 10_000;

const ZChange = z.object({ tokenIds: z.array(z.string()).optional(), orgId: z.string().optional() });
export type TTokenChange = z.infer<typeof ZChange>;

type Entry = { token: CachedToken; until: number };
type State = {
  entries: Map<string, Entry>;
  quiet: Map<string, number>;
  /** Bumped by every change, so a read that overlapped one is not cached. */
  epoch: number;
  subscribed: boolean;
  subscriber?: Redis;
};

const globalForCache = globalThis as unknown as { __ascdashTokenCache?: State };
const state: State = (globalForCache.__ascdashTokenCache ??= { entries: new Map(), quiet: new Map(), epoch: 0, subscribed: false });

const channel = () => redisKey("api-token-changes");
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
      (err: Error) => log.warn({ err }, "api token change channel: subscribe failed"),
    );
  });
  sub.on("message", (_channel: string, message: string) => {
    try {
      applyChange(ZChange.parse(JSON.parse(message)));
    } catch (err) {
      log.warn({ err }, "api token change channel: unreadable message, cache cleared");
      forgetAll();
    }
  });
}

function forgetAll() {
  state.entries.clear();
  state.epoch++;
}

/** Drops the rows a change touches, here, and keeps them out of the cache for a while. */
function applyChange(change: TTokenChange) {
  state.epoch++;
  const until = clock() + QUIET_MS;
  const ids = new Set(change.tokenIds ?? []);
  for (const id of ids) state.quiet.set(id, until);
  if (change.orgId) state.quiet.set(change.orgId, until);
  for (const [hash, e] of state.entries) {
    if (ids.has(e.token.id) || e.token.organization.id === change.orgId) state.entries.delete(hash);
  }
}

const isQuiet = (key: string) => {
  const until = state.quiet.get(key);
  if (until === undefined) return false;
  if (until > clock()) return true;
  state.quiet.delete(key);
  return false;
};

/**
 * The token row for `hash`: from this process's cache while it is fresh, otherwise from
 * `load` (one database round trip), cached unless a change was announced meanwhile.
 */
export async function cachedToken(hash: string, load: () => Promise<CachedToken | null>): Promise<CachedToken | null> {
  listen();
  const hit = state.subscribed ? state.entries.get(hash) : undefined;
  if (hit && hit.until > clock()) return hit.token;
  const epoch = state.epoch;
  const token = await load();
  if (!token || !state.subscribed || epoch !== state.epoch || isQuiet(token.id) || isQuiet(token.organization.id)) return token;
  if (state.entries.size >= MAX_ENTRIES) state.entries.delete(state.entries.keys().next().value as string);
  state.entries.set(hash, { token, until: clock() + TTL_MS });
  return token;
}

/** Resolves once this process listens for token changes (its cache is in use from then on). */
export async function tokenCacheListening(timeoutMs = 5_000) {
  listen();
  const until = clock() + timeoutMs;
  while (!state.subscribed) {
    if (clock() > until) throw new Error("not subscribed to api token changes");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Announces that tokens changed (by id, or every token of an organisation) to every web
 * process, this one first. Safe to call inside the transaction that makes the change.
 */
export async function announceTokenChange(change: TTokenChange) {
  applyChange(change);
  try {
    await getRedis().publish(channel(), JSON.stringify(change));
  } catch (err) {
    // Other processes may keep the old row until their cache expires; say so loudly.
    log.error({ err, ...change }, "api token change could not be announced");
  }
}
