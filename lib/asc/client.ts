import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { AscError, isRetryable, type AscErrorItem } from "./errors";
import { parseRateLimit } from "./rate-limit";
import { requestBudget, type Priority, type RequestBudget } from "./budget";
import { ascToken, forgetTokens, type SigningConnection } from "./token";

export type Query = Record<string, string | number | boolean | string[] | undefined>;
export type AscRequest = {
  method?: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  query?: Query;
  body?: unknown;
  priority?: Priority;
  /** Apple serves reports only as `application/a-gzip` and answers 406 to any other Accept. */
  accept?: "application/json" | "application/a-gzip";
};
export type AscResponse<T> = { status: number; body: T; rateLimit: { limit: number; remaining: number } | null };
export type RetryPolicy = { maxAttempts: number; maxTotalMs: number; baseDelayMs: number; maxDelayMs: number; timeoutMs: number };

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, maxTotalMs: 120_000, baseDelayMs: 500, maxDelayMs: 15_000, timeoutMs: 30_000 };

function toUrl(base: string, path: string, query?: Query) {
  const url = new URL(path, base);
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined) continue;
    url.searchParams.set(k, Array.isArray(v) ? v.join(",") : String(v));
  }
  return url;
}

/** Apple's Retry-After (seconds or an HTTP date) in full, else exponential backoff with full jitter. */
function delayFor(attempt: number, p: RetryPolicy, retryAfter: string | null) {
  if (retryAfter !== null) {
    const seconds = /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) : (Date.parse(retryAfter) - Date.now()) / 1000;
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  }
  return Math.random() * Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** (attempt - 1));
}

/** Reads Apple's error document, whatever the body turns out to be (a proxy's HTML page, say). */
function errorItems(text: string): AscErrorItem[] {
  try {
    return (JSON.parse(text) as { errors?: AscErrorItem[] }).errors ?? [];
  } catch {
    return [{ detail: text.slice(0, 200) }];
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * App Store Connect over HTTPS for one connection: signs with the connection's key,
 * retries what retrying can fix (429 honouring Retry-After, 5xx, resets, timeouts,
 * truncated bodies) within bounds, refreshes the token once on 401, and turns every other
 * failure into an AscError carrying Apple's code and field pointer.
 */
export function ascClient(
  conn: SigningConnection,
  options: { baseUrl?: string; retry?: Partial<RetryPolicy>; budget?: RequestBudget; priority?: Priority; onRetry?: (failure: AscError) => void } = {},
) {
  const policy = { ...DEFAULT_RETRY, timeoutMs: env.ASC_TIMEOUT_MS, ...options.retry };
  const base = options.baseUrl ?? env.ASC_API_BASE_URL;
  const budget = options.budget ?? requestBudget();
  // Apple's budget belongs to the key, whichever organisation or connection row uses it.
  // Apple's budget is per key; an individual key has no Issuer ID.
  const budgetKey = `${conn.issuerId ?? "user"}:${conn.keyId}`;
  const origin = new URL(base).origin;

  async function request<T>(req: AscRequest): Promise<AscResponse<T>> {
    return send<T>(req, false) as Promise<AscResponse<T>>;
  }

  /** Like request, but a successful answer's body is handed over unread, as a stream. */
  async function stream(req: AscRequest): Promise<Response> {
    return send(req, true) as Promise<Response>;
  }

  async function send<T>(req: AscRequest, raw: boolean): Promise<AscResponse<T> | Response> {
    const url = req.path.startsWith("http") ? new URL(req.path) : toUrl(base, req.path, req.query);
    // links.next and friends are followed only on Apple's own origin: the token goes nowhere else.
    if (url.origin !== origin) throw new AscError(0, [{ code: "FOREIGN_URL", detail: `refusing to send a token to ${url.origin}` }], 0);
    const method = req.method ?? "GET";
    // A request that may have reached Apple is repeated only if repeating it is harmless.
    const idempotent = method === "GET" || method === "DELETE";
    const started = Date.now();
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      await budget.acquire(budgetKey, req.priority ?? options.priority ?? "background");
      const { token } = await ascToken(conn);
      let status = 0;
      let items: AscErrorItem[] = [];
      let retryAfter: string | null = null;
      // For streams the timeout covers the wait for headers only; the body may take longer.
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(new DOMException("timed out", "TimeoutError")), policy.timeoutMs);
      try {
        const res = await fetch(url, {
          method,
          headers: { authorization: `Bearer ${token}`, accept: req.accept ?? "application/json", ...(req.body ? { "content-type": "application/json" } : {}) },
          body: req.body ? JSON.stringify(req.body) : undefined,
          signal: abort.signal,
        });
        if (raw) clearTimeout(timer);
        status = res.status;
        retryAfter = res.headers.get("retry-after");
        const rateLimit = parseRateLimit(res.headers.get("x-rate-limit"));
        if (rateLimit) await budget.learn(budgetKey, rateLimit);
        if (raw && res.ok) return res;
        // Reading the whole body inside the try: a truncated body throws here and is retried.
        const text = await res.text();
        if (res.ok) return { status, body: (text ? JSON.parse(text) : undefined) as T, rateLimit };
        items = text ? errorItems(text) : [];
        if (status === 401 && !refreshed) {
          // One fresh token: the cached one may have been signed with a key that was just replaced.
          refreshed = true;
          forgetTokens(conn.id);
          continue;
        }
      } catch (e) {
        // Network failure, timeout, or a success body cut short (unreadable or not JSON): all transient.
        const name = (e as Error).name;
        if (!["TimeoutError", "AbortError", "TypeError", "SyntaxError"].includes(name)) throw e;
        status = 0;
        items = [{ detail: name === "TimeoutError" || name === "AbortError" ? "timed out" : name === "SyntaxError" ? "truncated response" : "network error" }];
      } finally {
        clearTimeout(timer);
      }
      const elapsed = Date.now() - started;
      const worthRetrying = isRetryable(status) && (idempotent || status === 429 || status === 503);
      if (!worthRetrying || attempt >= policy.maxAttempts) throw new AscError(status, items, attempt);
      const wait = delayFor(attempt, policy, retryAfter);
      if (elapsed + wait > policy.maxTotalMs) throw new AscError(status, items, attempt);
      log.debug({ connectionId: conn.id, status, attempt, wait }, "retrying App Store Connect request");
      options.onRetry?.(new AscError(status, items, attempt));
      await sleep(wait);
    }
  }

  /** Every item of a list, following links.next with the largest page Apple allows. */
  async function* pages<T>(path: string, query: Query = {}, priority?: Priority): AsyncGenerator<T[]> {
    let next: string | null = toUrl(base, path, { limit: 200, ...query }).href;
    while (next) {
      const res: AscResponse<{ data: T[]; links?: { next?: string } }> = await request({ path: next, priority });
      yield res.body.data;
      next = res.body.links?.next ?? null;
    }
  }

  return { request, stream, pages };
}
