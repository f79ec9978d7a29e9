import http from "node:http";
import { pageOf } from "./paging";
import { AuthFailure, authenticate, publicKeyFromPem, type SimKey, type SimRole } from "./auth";
import { prng, publishDue, seedState, type SimSizes, type SimState } from "./data";
import * as metadataDocs from "./metadata";
import { changeLocalization, createLocalization, heldLocalizations, listWithLocalizations, patchLocalization } from "./metadata";
import { DEFAULT_MEDIA_CONFIG, heldMedia, type MediaConfig } from "./media";
import { thumbnail } from "./media-images";
import { routeMedia } from "./media-routes";
import { UploadOrigin } from "./upload-origin";
import { moveVersion } from "./version-states";
import { financeReport, salesReport } from "./sales";
import { AnalyticsOrigin } from "./analytics-origin";
import { type AnalyticsConfig, DEFAULT_ANALYTICS_CONFIG } from "./analytics-reports";
import { noteKeywordChange, routeAnalytics } from "./analytics-routes";
import { analyticsControl } from "./analytics-control";
import type { AscApp, AscCustomerReview } from "@/lib/asc/types";

/**
 * A local App Store Connect: Apple's authentication, paging, rate limits and error
 * documents for the resources the dashboard uses, plus a control API under /__sim/.
 */
export type Faults = {
  /** The next N API requests answer with this status (500, 503 or 429). */
  failNext?: { count: number; status: 500 | 503 | 429; retryAfterSeconds?: number };
  /** The next N API requests never answer. */
  hangNext?: number;
  /** The next N API requests send half a body and close. */
  truncateNext?: number;
  /** The next N API requests answer 401 even with a good token. */
  unauthorizedNext?: number;
  /** Extra latency on every API request. */
  latencyMs?: number;
  /** A share (0 to 1) of API requests answer with errorStatus, drawn from a seeded sequence. */
  errorRate?: number;
  errorStatus?: 500 | 503;
  errorSeed?: number;
  /** Sales reports of these days (YYYY-MM-DD) always arrive as bytes that are not gzip. */
  corruptReportDays?: string[];
  /** Teams (Issuer IDs) whose account holder has not accepted the latest agreements: their requests get Apple's 403. */
  agreementsExpired?: string[];
  /** The next N part uploads on the upload origin answer 500 and store nothing. */
  uploadPartFailNext?: number;
  /** The next N committed screenshots or previews fail processing (IMAGE_TOOL_FAILURE / VIDEO_TOOL_FAILURE). */
  mediaProcessingFailNext?: number;
};

export type SimOptions = { /** Part size and processing times of uploaded screenshots and previews. */ media?: Partial<MediaConfig>; seed?: number; sizes?: Partial<SimSizes>; hourlyBudget?: number; /** Length of the rolling budget window; Apple's is an hour. */ budgetWindowMs?: number };

type Ctx = { req: http.IncomingMessage; res: http.ServerResponse; url: URL; key: SimKey; state: SimState; seed: number };
type ErrorItem = { status: string; code: string; title: string; detail: string; source?: { pointer?: string; parameter?: string } };

const ROLES_THAT_REPLY: SimRole[] = ["ADMIN", "APP_MANAGER", "CUSTOMER_SUPPORT"];
/** Where the key registry keeps a key: team keys under their issuer, individual keys (issuerId null) under their Key ID alone. */
const keyEntry = (issuerId: string | null, keyId: string) => (issuerId === null ? `individual\n${keyId}` : `team\n${issuerId}\n${keyId}`);
/** The longest developer response App Store Connect takes, in UTF-16 code units (see createResponse). */
const RESPONSE_BODY_MAX = 5970;

export class AscSimulator {
  state: SimState;
  faults: Faults = {};
  clockOffsetMs = 0;
  hourlyBudget: number;
  private keys = new Map<string, SimKey>();
  private spent = new Map<string, number[]>();
  stats = { requests: {} as Record<string, number>, byKey: {} as Record<string, number>, rateLimited: 0, unauthorized: 0, /** Requests to the upload origin, by route; Apple's budget does not count them. */ uploads: {} as Record<string, number> };
  /** How uploads are split and how long processing takes, on Apple's clock (tests move it with clockOffsetMs or /__sim/clock). */
  media: MediaConfig;
  /** Where upload operations point: a separate origin (another port), which never sees the API's tokens. */
  readonly uploadOrigin = new UploadOrigin({
    count: (route) => void (this.stats.uploads[route] = (this.stats.uploads[route] ?? 0) + 1),
    failPartOnce: () => this.takeFault("uploadPartFailNext"),
  });
  /** Analytics reports: first-data delay, completeness, inactivity, snapshot history and the keyword uplift (POST /__sim/analytics/config). */
  analytics: AnalyticsConfig = { ...DEFAULT_ANALYTICS_CONFIG };
  /** Where analytics segment URLs point: another origin, pre-signed, which never sees the API's tokens. */
  readonly analyticsOrigin = new AnalyticsOrigin(() => this.now());
  /** Every API exchange, when recording is on (conformance tests read them). */
  exchanges: { method: string; url: string; requestBody?: unknown; status: number; responseBody?: unknown }[] = [];
  recording = false;
  private server?: http.Server;
  private hung = new Set<http.ServerResponse>();
  port = 0;

  constructor(private opts: SimOptions = {}) {
    this.state = seedState(opts.seed ?? 1, { apps: 3, reviewsPerApp: 40, ...opts.sizes });
    this.hourlyBudget = opts.hourlyBudget ?? 3600;
    this.media = { ...DEFAULT_MEDIA_CONFIG, ...opts.media };
  }

  /** Uses up one occurrence of a counted fault; true when it applies to this request. */
  takeFault(name: "uploadPartFailNext" | "mediaProcessingFailNext") {
    if (!this.faults[name]) return false;
    this.faults[name]--;
    return true;
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Apple's clock (simulated): report availability and token times (iat, exp) are judged by it. */
  /** Apple's analytics clock: the simulator's, moved on by the clockShiftDays control. */
  analyticsNow(state: SimState) {
    return this.now() + this.analyticsConfig(state).clockShiftDays * 86_400_000;
  }

  /** An account's analytics settings: its own when a test gave it some, else the simulator's. */
  analyticsConfig(state: SimState) {
    return state.analytics.config ?? this.analytics;
  }

  now() {
    return Date.now() + this.clockOffsetMs;
  }

  /**
   * Makes a key known, as creating it in App Store Connect does. A team key (the default
   * kind) belongs to its issuer; an individual key to one user of a team (`teamIssuerId`,
   * whose account its tokens see; left out: the default account) and is found by its Key ID.
   */
  registerKey(k: { kind?: "TEAM"; issuerId: string; keyId: string; publicKey: string; role: SimRole } | { kind: "INDIVIDUAL"; teamIssuerId?: string; keyId: string; publicKey: string; role: SimRole }) {
    const publicKey = publicKeyFromPem(k.publicKey);
    if (k.kind === "INDIVIDUAL") this.keys.set(keyEntry(null, k.keyId), { kind: "INDIVIDUAL", issuerId: k.teamIssuerId ?? "", keyId: k.keyId, role: k.role, publicKey });
    else this.keys.set(keyEntry(k.issuerId, k.keyId), { kind: "TEAM", issuerId: k.issuerId, keyId: k.keyId, role: k.role, publicKey });
  }

  /** Forgets a key (a team key by its issuer and Key ID; an individual key, issuerId null, by its Key ID), as revoking it in App Store Connect does: its tokens get 401 from then on. */
  revokeKey(issuerId: string | null, keyId: string) {
    this.keys.delete(keyEntry(issuerId, keyId));
  }

  /**
   * Teams (issuers) with an account of their own; keys of any other issuer see the
   * default account (`state`). Returns the team's state for tests to inspect and change.
   */
  private teams = new Map<string, { state: SimState; seed: number }>();
  addTeam(issuerId: string, opts: { seed: number; sizes: SimSizes }) {
    const state = seedState(opts.seed, opts.sizes);
    this.teams.set(issuerId, { state, seed: opts.seed });
    return state;
  }

  async listen(port = 0, host = "127.0.0.1") {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    // Idle keep-alive sockets stay open longer than any client here waits between requests:
    // with Node's 5 s default, a client reusing a socket just as the server closes it sees
    // ECONNRESET.
    this.server.keepAliveTimeout = 65_000;
    this.server.headersTimeout = 66_000;
    await new Promise<void>((r) => this.server!.listen(port, host, r));
    this.port = (this.server!.address() as { port: number }).port;
    await this.uploadOrigin.listen(host);
    await this.analyticsOrigin.listen(host);
    return this;
  }

  async close() {
    for (const r of this.hung) r.destroy();
    await this.uploadOrigin.close();
    await this.analyticsOrigin.close();
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    this.record(res, status, body);
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  }

  private pending = new WeakMap<http.ServerResponse, { method: string; url: string; requestBody?: unknown }>();

  private record(res: http.ServerResponse, status: number, responseBody: unknown) {
    const p = this.pending.get(res);
    if (this.recording && p) this.exchanges.push({ ...p, status, responseBody });
  }

  private error(res: http.ServerResponse, status: number, items: Omit<ErrorItem, "status">[], headers: Record<string, string> = {}) {
    this.send(res, status, { errors: items.map((e) => ({ id: crypto.randomUUID(), status: String(status), ...e })) }, headers);
  }

  private draw?: { seed: number; next: () => number };

  /** Fault decisions come from a seeded sequence, so a run with the same faults fails the same requests. */
  private faultDraw() {
    const seed = this.faults.errorSeed ?? 1;
    if (this.draw?.seed !== seed) this.draw = { seed, next: prng(seed) };
    return this.draw.next();
  }

  private async body(req: http.IncomingMessage, res?: http.ServerResponse): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const parsed = text ? JSON.parse(text) : undefined;
    const p = res && this.pending.get(res);
    if (p) p.requestBody = parsed;
    return parsed;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? "/", this.url);
    try {
      if (url.pathname.startsWith("/__sim/")) return await this.control(req, res, url);
      if (url.pathname.startsWith("/image/thumb/") && (req.method === "GET" || req.method === "HEAD")) return this.image(req, res, url);
      this.pending.set(res, { method: req.method ?? "GET", url: url.href });
      await this.api(req, res, url);
    } catch (e) {
      this.error(res, 500, [{ code: "UNEXPECTED_ERROR", title: "An unexpected error occurred.", detail: (e as Error).message }]);
    }
  }

  /** Apple's image host: public (no token), outside the key's budget and the API's request counts (media-images.ts). */
  private image(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
    const accounts = [this.state, ...[...this.teams.values()].map((t) => t.state)].map((s) => s.media);
    const answer = thumbnail(accounts, url.pathname, this.now(), this.media);
    res.writeHead(answer.status, { "content-type": answer.contentType, "content-length": String(answer.body.length), "cache-control": "no-cache" });
    res.end(req.method === "HEAD" ? undefined : answer.body);
  }

  /** The control API for tests, benchmarks and the demo. */
  private async control(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
    const body = (req.method === "POST" || req.method === "PATCH" ? await this.body(req) : undefined) as Record<string, unknown> | undefined;
    // The account an issuer's keys see: its own team's, else the default one.
    const account = (issuerId: unknown) => (typeof issuerId === "string" && this.teams.get(issuerId)?.state) || this.state;
    if (url.pathname.startsWith("/__sim/analytics/")) {
      const issuer = url.searchParams.get("issuerId") ?? (body?.issuerId as string | undefined);
      const team = issuer ? this.teams.get(issuer) : undefined;
      const state = team?.state ?? this.state;
      // Settings given with an issuerId are that account's alone, so tests of different teams do not meet.
      if (team && req.method === "POST") state.analytics.config ??= { ...this.analytics };
      const answer = analyticsControl({ method: req.method ?? "GET", url, body, state, seed: team?.seed ?? this.opts.seed ?? 1, config: this.analyticsConfig(state), now: this.analyticsNow(state) });
      return this.send(res, answer.status, answer.body);
    }
    switch (`${req.method} ${url.pathname}`) {
      case "POST /__sim/keys": {
        // { issuerId, keyId, publicKey, role } for a team key; { kind: "INDIVIDUAL", keyId, publicKey, role, teamIssuerId? } for an individual key.
        const individual = body?.kind === "INDIVIDUAL";
        if (body?.kind !== undefined && body.kind !== "TEAM" && !individual) return this.send(res, 422, { error: 'kind is "TEAM" or "INDIVIDUAL"' });
        if (typeof body?.keyId !== "string" || typeof body.publicKey !== "string" || typeof body.role !== "string") return this.send(res, 422, { error: "keyId, publicKey and role are required" });
        if (!individual && typeof body.issuerId !== "string") return this.send(res, 422, { error: "issuerId is required for a team key" });
        if (individual && body.issuerId !== undefined) return this.send(res, 422, { error: "an individual key has no issuerId; teamIssuerId names the team whose data its user sees" });
        this.registerKey(body as never);
        return this.send(res, 201, { ok: true });
      }
      case "GET /__sim/stats":
        return this.send(res, 200, this.stats);
      case "POST /__sim/faults":
        this.faults = (body ?? {}) as Faults;
        return this.send(res, 200, { faults: this.faults });
      case "POST /__sim/teams": {
        // An account of its own for one issuer, so a test can size its data without touching other tests' keys.
        if (typeof body?.issuerId !== "string" || !body.issuerId) return this.send(res, 422, { error: "issuerId is required" });
        const state = this.addTeam(body.issuerId, { seed: Number(body.seed ?? 1), sizes: { apps: 3, reviewsPerApp: 40, ...(body.sizes as object) } });
        return this.send(res, 201, { apps: state.apps.length });
      }
      case "GET /__sim/localizations":
        return this.send(res, 200, { apps: heldLocalizations(account(url.searchParams.get("issuerId")), url.searchParams.get("appId") ?? undefined) });
      case "PATCH /__sim/localizations": {
        const ok = changeLocalization(account(body?.issuerId), String(body?.id ?? ""), (body?.attributes ?? {}) as Record<string, unknown>);
        return this.send(res, ok ? 200 : 404, { ok });
      }
      case "POST /__sim/versions/state": {
        // A version submitted, reviewed or released in App Store Connect: { issuerId?, versionId, appVersionState }.
        const moved = moveVersion(account(body?.issuerId), String(body?.versionId ?? ""), String(body?.appVersionState ?? ""));
        return this.send(res, moved.ok ? 200 : 422, moved);
      }
      case "POST /__sim/reviews/remove": {
        // A review the customer withdrew: gone from every list, replies to it refused.
        const state = account(body?.issuerId);
        const id = String(body?.reviewId ?? "");
        if (!state.reviewById.delete(id)) return this.send(res, 404, { ok: false });
        for (const [appId, list] of state.reviews) state.reviews.set(appId, list.filter((r) => r.id !== id));
        state.responses.delete(id);
        return this.send(res, 200, { ok: true });
      }
      case "POST /__sim/responses": {
        // A reply written elsewhere (in App Store Connect itself), already published.
        const state = account(body?.issuerId);
        const id = String(body?.reviewId ?? "");
        if (!state.reviewById.has(id)) return this.send(res, 404, { ok: false });
        state.responses.set(id, { id: `resp-${state.nextId++}`, reviewId: id, responseBody: String(body?.responseBody ?? "Answered elsewhere."), lastModifiedDate: new Date(this.now()).toISOString(), state: "PUBLISHED" });
        return this.send(res, 201, { ok: true });
      }
      case "POST /__sim/reports": {
        // A hand-written Sales Summary for one day (TSV; "" is a day without sales); null goes back to the generated one.
        const state = account(body?.issuerId);
        const day = String(body?.day ?? "");
        if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return this.send(res, 422, { error: "day is YYYY-MM-DD" });
        if (typeof body?.tsv === "string") state.customReports.set(day, body.tsv);
        else state.customReports.delete(day);
        return this.send(res, 200, { ok: true });
      }
      case "GET /__sim/reviews": {
        const state = account(url.searchParams.get("issuerId"));
        return this.send(res, 200, { reviews: [...state.reviewById.values()].map((r) => ({ id: r.id, appId: r.appId, rating: r.rating, createdDate: r.createdDate, hasResponse: state.responses.has(r.id) })) });
      }
      case "GET /__sim/responses": {
        const state = account(url.searchParams.get("issuerId"));
        return this.send(res, 200, { responses: [...state.responses.values()] });
      }
      case "POST /__sim/usage": {
        const charged = this.chargeElsewhere(String(body?.issuerId ?? ""), String(body?.keyId ?? ""), Number(body?.count ?? 0));
        return this.send(res, 200, { charged });
      }
      case "POST /__sim/media":
        // { partSize?, screenshotProcessingMs?, previewReceivedMs?, previewProcessingMs? }
        for (const k of Object.keys(DEFAULT_MEDIA_CONFIG) as (keyof MediaConfig)[]) if (Number.isInteger(body?.[k]) && Number(body?.[k]) >= (k === "partSize" ? 1 : 0)) this.media[k] = Number(body?.[k]);
        return this.send(res, 200, { media: this.media });
      case "GET /__sim/media/state": {
        // What the account holds: sets with their assets, file names, checksums and delivery states ({ locId?, issuerId? }).
        const state = account(url.searchParams.get("issuerId"));
        return this.send(res, 200, { sets: heldMedia(state.media, state.versionLocs, this.now(), this.media, url.searchParams.get("locId") ?? undefined) });
      }
      case "POST /__sim/clock":
        this.clockOffsetMs = Date.parse(String(body?.now)) - Date.now();
        return this.send(res, 200, { now: new Date(this.now()).toISOString() });
      case "POST /__sim/reset": {
        this.state = seedState(Number(body?.seed ?? this.opts.seed ?? 1), { apps: 3, reviewsPerApp: 40, ...(body?.sizes as object) });
        this.stats = { requests: {}, byKey: {}, rateLimited: 0, unauthorized: 0, uploads: {} };
        this.spent.clear();
        this.faults = {};
        this.analytics = { ...DEFAULT_ANALYTICS_CONFIG };
        if (body?.hourlyBudget) this.hourlyBudget = Number(body.hourlyBudget);
        return this.send(res, 200, { apps: this.state.apps.length });
      }
      default:
        return this.send(res, 404, { error: "unknown control endpoint" });
    }
  }

  /** Rolling-hour budget per key; returns the X-Rate-Limit header or null when it is spent. */
  private charge(key: { issuerId: string; keyId: string }, count = 1): { header: string; ok: boolean } {
    const id = `${key.issuerId}\n${key.keyId}`;
    const now = Date.now();
    const times = (this.spent.get(id) ?? []).filter((t) => t > now - (this.opts.budgetWindowMs ?? 3_600_000));
    const ok = times.length + count <= this.hourlyBudget;
    if (ok) for (let i = 0; i < count; i++) times.push(now);
    this.spent.set(id, times);
    return { ok, header: `user-hour-lim:${this.hourlyBudget};user-hour-rem:${Math.max(0, this.hourlyBudget - times.length)};` };
  }

  /**
   * Requests made with the same key outside the dashboard (a CI job, fastlane, a script):
   * Apple's budget is per key, so they use up what the dashboard can spend, and the
   * dashboard learns of them only from `user-hour-rem`.
   */
  chargeElsewhere(issuerId: string, keyId: string, count: number) {
    let charged = 0;
    while (charged < count && this.charge({ issuerId, keyId }).ok) charged++;
    return charged;
  }

  private async api(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
    const route = `${req.method} ${url.pathname.replace(/\/[0-9][^/]*/g, "/{id}")}`;
    this.stats.requests[route] = (this.stats.requests[route] ?? 0) + 1;
    // Apple's clock, which may differ from ours: the capability check reads it to spot skew.
    res.setHeader("date", new Date(this.now()).toUTCString());
    if (this.faults.latencyMs) await new Promise((r) => setTimeout(r, this.faults.latencyMs));

    let key: SimKey;
    try {
      key = authenticate(req.headers.authorization, { method: req.method ?? "GET", pathAndQuery: `${url.pathname}${url.search}` }, (i, k) => this.keys.get(keyEntry(i, k)), Math.floor(this.now() / 1000));
      if (this.faults.unauthorizedNext) {
        this.faults.unauthorizedNext--;
        throw new AuthFailure("forced");
      }
    } catch (e) {
      if (!(e instanceof AuthFailure)) throw e;
      this.stats.unauthorized++;
      return this.error(res, 401, [{ code: "NOT_AUTHORIZED", title: "Authentication credentials are missing or invalid.", detail: "Provide a properly configured and signed bearer token, and make sure that it has not expired." }]);
    }
    this.stats.byKey[key.keyId] = (this.stats.byKey[key.keyId] ?? 0) + 1;
    const budget = this.charge(key);
    const rl = { "X-Rate-Limit": budget.header };
    if (!budget.ok) {
      this.stats.rateLimited++;
      return this.error(res, 429, [{ code: "RATE_LIMIT_EXCEEDED", title: "The request rate limit has been reached.", detail: "We've received too many requests for this API. Please wait and try again or slow down your request rate." }], rl);
    }
    if (this.faults.hangNext) {
      this.faults.hangNext--;
      this.hung.add(res);
      return;
    }
    if (this.faults.errorRate && this.faultDraw() < this.faults.errorRate) {
      return this.error(res, this.faults.errorStatus ?? 503, [{ code: "UNEXPECTED_ERROR", title: "An unexpected error occurred.", detail: "The server encountered an unexpected error." }], rl);
    }
    if (this.faults.failNext?.count) {
      const f = this.faults.failNext;
      f.count--;
      if (f.status === 429) {
        this.stats.rateLimited++;
        const h = { ...rl, ...(f.retryAfterSeconds !== undefined ? { "Retry-After": String(f.retryAfterSeconds) } : {}) };
        return this.error(res, 429, [{ code: "RATE_LIMIT_EXCEEDED", title: "The request rate limit has been reached.", detail: "Too many requests." }], h);
      }
      return this.error(res, f.status, [{ code: "UNEXPECTED_ERROR", title: "An unexpected error occurred.", detail: "The server encountered an unexpected error." }], rl);
    }
    if (this.faults.agreementsExpired?.includes(key.issuerId)) {
      return this.error(res, 403, [{ code: "FORBIDDEN.REQUIRED_AGREEMENTS_MISSING_OR_EXPIRED", title: "A required agreement is missing or has expired.", detail: "This request requires an in-effect agreement that has not been signed or has expired." }], rl);
    }
    const team = this.teams.get(key.issuerId);
    const ctx: Ctx = { req, res, url, key, state: team?.state ?? this.state, seed: team?.seed ?? this.opts.seed ?? 1 };
    if (req.method === "GET" && (url.pathname === "/v1/salesReports" || url.pathname === "/v1/financeReports")) return this.sales(ctx, rl);
    const result = await this.route(ctx);
    if (!result) return this.error(res, 404, [{ code: "NOT_FOUND", title: "The specified resource does not exist", detail: `The path provided does not match a defined resource type.` }], rl);
    if ("errors" in result) return this.error(res, result.status, result.errors, rl);
    const payload = JSON.stringify(result.body);
    if (this.faults.truncateNext) {
      this.faults.truncateNext--;
      res.writeHead(result.status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(payload)), ...rl });
      // Headers and half the body reach the client before the connection drops.
      res.write(payload.slice(0, Math.floor(payload.length / 2)), () => setTimeout(() => res.destroy(), 20));
      return;
    }
    this.record(res, result.status, result.body);
    res.writeHead(result.status, { "content-type": "application/json", ...rl });
    res.end(result.status === 204 ? undefined : payload);
  }

  private route(ctx: Ctx): Promise<{ status: number; body: unknown } | { status: number; errors: Omit<ErrorItem, "status">[] } | null> | { status: number; body: unknown } | { status: number; errors: Omit<ErrorItem, "status">[] } | null {
    const { req, url } = ctx;
    const parts = url.pathname.split("/").filter(Boolean);
    const m = req.method;
    if (parts[0] !== "v1") return null;
    const limitError = this.limit(url);
    if (limitError) return limitError;
    if (m === "GET" && parts.length === 2 && parts[1] === "apps") return this.page(url, "apps", ctx.state.apps.map((a) => this.appDoc(a)));
    if (m === "GET" && parts.length === 3 && parts[1] === "apps") {
      const app = ctx.state.apps.find((a) => a.id === parts[2]);
      return app ? { status: 200, body: { data: this.appDoc(app), links: { self: url.href } } } : null;
    }
    if (m === "GET") publishDue(ctx.state);
    if (m === "GET" && parts.length === 4 && parts[1] === "apps" && parts[3] === "customerReviews") {
      const list = ctx.state.reviews.get(parts[2]);
      if (!list) return null;
      const sort = url.searchParams.get("sort");
      let sorted = sort === "createdDate" ? [...list].reverse() : sort === "rating" || sort === "-rating" ? [...list].sort((a, b) => (sort === "rating" ? a.rating - b.rating : b.rating - a.rating)) : list;
      const exists = url.searchParams.get("exists[publishedResponse]");
      if (exists !== null) sorted = sorted.filter((r) => ctx.state.responses.has(r.id) === (exists === "true"));
      const rating = url.searchParams.get("filter[rating]");
      if (rating) sorted = sorted.filter((r) => rating.split(",").includes(String(r.rating)));
      const withResponse = url.searchParams.get("include")?.split(",").includes("response");
      const docs = sorted.map((r) => {
        const doc = this.reviewDoc(r);
        const resp = ctx.state.responses.get(r.id);
        return withResponse ? { ...doc, relationships: { response: { ...(resp ? { data: { type: "customerReviewResponses" as const, id: resp.id } } : {}) } } } : doc;
      });
      const page = this.page(url, "customerReviews", docs) as { status: number; body: { data: { relationships?: { response?: { data?: { id: string } } } }[]; included?: unknown[] } };
      if (withResponse) {
        const ids = new Set(page.body.data.map((d) => d.relationships?.response?.data?.id).filter(Boolean));
        page.body.included = [...ctx.state.responses.values()].filter((r) => ids.has(r.id)).map((r) => this.responseDoc(r));
      }
      return page;
    }
    if (m === "GET" && parts.length === 4 && parts[1] === "customerReviews" && parts[3] === "response") {
      if (!ctx.state.reviewById.has(parts[2])) return { status: 404, errors: [{ code: "NOT_FOUND", title: "The specified resource does not exist", detail: `There is no resource of type 'customerReviews' with id '${parts[2]}'` }] };
      const resp = ctx.state.responses.get(parts[2]);
      return resp
        ? { status: 200, body: { data: this.responseDoc(resp), links: { self: url.href } } }
        : { status: 404, errors: [{ code: "NOT_FOUND", title: "The specified resource does not exist", detail: `The review '${parts[2]}' has no response.` }] };
    }
    // A version's reviews as linkages (type and id), newest first, 200 a page at most.
    if (m === "GET" && parts.length === 5 && parts[1] === "appStoreVersions" && parts[3] === "relationships" && parts[4] === "customerReviews") {
      if (!ctx.state.versions.some((v) => v.id === parts[2])) return { status: 404, errors: [{ code: "NOT_FOUND", title: "The specified resource does not exist", detail: `There is no resource of type 'appStoreVersions' with id '${parts[2]}'` }] };
      const linkages = [...ctx.state.reviewById.values()].filter((r) => r.versionId === parts[2]).sort((a, b) => b.createdDate.localeCompare(a.createdDate)).map((r) => ({ type: "customerReviews", id: r.id }));
      return this.page(url, "customerReviews", linkages);
    }
    if (m === "POST" && url.pathname === "/v1/customerReviewResponses") return this.createResponse(ctx);
    if (m === "GET" && parts.length === 4 && parts[1] === "apps" && (parts[3] === "appInfos" || parts[3] === "appStoreVersions")) {
      return listWithLocalizations(ctx.state, this.url, url, parts[2], parts[3]);
    }
    if (m === "GET" && parts.length === 4 && (parts[1] === "appInfos" || parts[1] === "appStoreVersions")) {
      const { infoLocDoc, versionLocDoc } = metadataDocs;
      const all = parts[1] === "appInfos"
        ? ctx.state.infoLocs.filter((l) => l.appInfoId === parts[2]).map((l) => infoLocDoc(this.url, l))
        : ctx.state.versionLocs.filter((l) => l.versionId === parts[2]).map((l) => versionLocDoc(this.url, l));
      return this.page(url, parts[3], all);
    }
    const locKind = parts[1] === "appInfoLocalizations" || parts[1] === "appStoreVersionLocalizations" ? parts[1] : null;
    if (locKind && m === "PATCH" && parts.length === 3) {
      const keywordsBefore = ctx.state.versionLocs.find((l) => l.id === parts[2])?.keywords;
      return this.body(req, ctx.res).then((b) => {
        const answer = patchLocalization(ctx.state, this.url, ctx.key.role, locKind, parts[2], b as never);
        if (answer?.status === 200 && locKind === "appStoreVersionLocalizations") noteKeywordChange(ctx.state, parts[2], keywordsBefore, this.analyticsNow(ctx.state));
        return answer;
      });
    }
    if (locKind && m === "POST" && parts.length === 2) return this.body(req, ctx.res).then((b) => createLocalization(ctx.state, this.url, ctx.key.role, locKind, b as never));
    if (m === "DELETE" && parts.length === 3 && parts[1] === "customerReviewResponses") {
      const found = [...ctx.state.responses.values()].find((r) => r.id === parts[2]);
      // A response that was deleted or overwritten (its id replaced) is gone.
      if (!found) return { status: 404, errors: [{ code: "NOT_FOUND", title: "The specified resource does not exist", detail: `There is no resource of type 'customerReviewResponses' with id '${parts[2]}'` }] };
      ctx.state.responses.delete(found.reviewId);
      return { status: 204, body: undefined };
    }
    const analytics = routeAnalytics({ state: ctx.state, seed: ctx.seed, base: this.url, origin: this.analyticsOrigin, role: ctx.key.role, now: this.analyticsNow(ctx.state), hostNow: this.now(), url, method: m ?? "GET", parts, body: () => this.body(req, ctx.res), config: this.analyticsConfig(ctx.state) });
    if (analytics) return analytics;
    return routeMedia({ state: ctx.state, base: this.url, origin: this.uploadOrigin, role: ctx.key.role, now: this.now(), url, method: m ?? "GET", parts, body: () => this.body(req, ctx.res), config: this.media, takeFault: (f) => this.takeFault(f) }) ?? null;
  }

  private sales(ctx: Ctx, rl: Record<string, string>) {
    const { req, res, url, key } = ctx;
    // Reports are served only as gzip; Apple refuses any other Accept (including */* and none).
    const accept = (req.headers.accept ?? "").split(",").map((v) => v.split(";")[0].trim().toLowerCase());
    if (!accept.includes("application/a-gzip")) {
      // Apple: a 406 "is in plain text, not JSON" (About the HTTP status code).
      const text = `The provided Accept header is not supported for this request. Requested: ${req.headers.accept ?? "(none)"}. Allowed: application/a-gzip`;
      res.writeHead(406, { "content-type": "text/plain; charset=utf-8", ...rl });
      res.end(text);
      return;
    }
    if (!["ADMIN", "SALES", "FINANCE"].includes(key.role)) {
      return this.error(res, 403, [{ code: "FORBIDDEN_ERROR", title: "This request is forbidden for security reasons", detail: "The API key in use does not allow this request" }], rl);
    }
    const report = url.pathname === "/v1/financeReports" ? financeReport : salesReport;
    const answer = report(ctx.state, ctx.seed, url, this.now());
    if (answer.status !== 200) {
      const title = answer.status === 404 ? "The specified resource does not exist" : answer.status === 410 ? "The requested resource is no longer available" : "A parameter has an invalid value";
      return this.error(res, answer.status, [{ code: answer.code, title, detail: answer.detail, ...(answer.parameter ? { source: { parameter: answer.parameter } } : {}) }], rl);
    }
    this.record(res, 200, undefined);
    if (this.faults.corruptReportDays?.includes(url.searchParams.get("filter[reportDate]") ?? "")) {
      const junk = Buffer.from("this is not a gzip stream\n".repeat(20));
      res.writeHead(200, { "content-type": "application/a-gzip", "content-length": String(junk.length), ...rl });
      res.end(junk);
      return;
    }
    if (this.faults.truncateNext) {
      this.faults.truncateNext--;
      res.writeHead(200, { "content-type": "application/a-gzip", "content-length": String(answer.gzip.length), ...rl });
      res.write(answer.gzip.subarray(0, Math.floor(answer.gzip.length / 2)), () => setTimeout(() => res.destroy(), 20));
      return;
    }
    res.writeHead(200, { "content-type": "application/a-gzip", "content-length": String(answer.gzip.length), ...rl });
    res.end(answer.gzip);
  }

  private limit(url: URL) {
    const raw = url.searchParams.get("limit");
    if (raw === null) return null;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > 200) {
      return { status: 400, errors: [{ code: "PARAMETER_ERROR.INVALID", title: "A parameter has an invalid value", detail: `'${raw}' is not a valid value for the parameter 'limit'. The maximum is 200.`, source: { parameter: "limit" } }] };
    }
    return null;
  }

  /** Apple-style paging: an opaque cursor in links.next, meta.paging with total and limit. */
  private page(url: URL, type: string, all: { id: string; type: string; attributes?: Record<string, unknown> }[]) {
    const fields = url.searchParams.get(`fields[${type}]`)?.split(",");
    const shape = (d: (typeof all)[number]) => (fields ? { ...d, attributes: Object.fromEntries(Object.entries(d.attributes ?? {}).filter(([k]) => fields.includes(k))) } : d);
    return { status: 200, body: pageOf(url, all, shape) };
  }

  private appDoc(a: SimState["apps"][number]): AscApp {
    return { type: "apps", id: a.id, attributes: { name: a.name, bundleId: a.bundleId, sku: a.sku, primaryLocale: a.primaryLocale }, links: { self: `${this.url}/v1/apps/${a.id}` } };
  }

  private reviewDoc(r: { id: string; rating: number; title: string; body: string; reviewerNickname: string; createdDate: string; territory: string }): AscCustomerReview {
    const { id, rating, title, body, reviewerNickname, createdDate, territory } = r;
    return {
      type: "customerReviews",
      id,
      attributes: { rating, title, body, reviewerNickname, createdDate, territory: territory as NonNullable<AscCustomerReview["attributes"]>["territory"] },
      links: { self: `${this.url}/v1/customerReviews/${id}` },
    };
  }

  private responseDoc(r: { id: string; responseBody: string; lastModifiedDate: string; state: "PENDING_PUBLISH" | "PUBLISHED" }) {
    return { type: "customerReviewResponses" as const, id: r.id, attributes: { responseBody: r.responseBody, lastModifiedDate: r.lastModifiedDate, state: r.state }, links: { self: `${this.url}/v1/customerReviewResponses/${r.id}` } };
  }

  private async createResponse(ctx: Ctx) {
    const body = (await this.body(ctx.req, ctx.res)) as { data?: { type?: string; attributes?: { responseBody?: string }; relationships?: { review?: { data?: { id?: string } } } } };
    if (!ROLES_THAT_REPLY.includes(ctx.key.role)) {
      return { status: 403, errors: [{ code: "FORBIDDEN_ERROR", title: "This request is forbidden for security reasons", detail: "The API key in use does not allow this request" }] };
    }
    const reviewId = body?.data?.relationships?.review?.data?.id;
    const text = body?.data?.attributes?.responseBody;
    if (body?.data?.type !== "customerReviewResponses" || !reviewId || typeof text !== "string" || !text.trim()) {
      return { status: 422, errors: [{ code: "ENTITY_UNPROCESSABLE", title: "The request entity is not valid.", detail: "responseBody and the review relationship are required.", source: { pointer: "/data/attributes/responseBody" } }] };
    }
    if (!ctx.state.reviewById.has(reviewId)) {
      return { status: 404, errors: [{ code: "NOT_FOUND", title: "The specified resource does not exist", detail: `There is no resource of type 'customerReviews' with id '${reviewId}'`, source: { pointer: "/data/relationships/review" } }] };
    }
    // Apple documents no maximum; 5,970 is what App Store Connect's reply form and every
    // client we found enforce, in "characters". The stricter reading of that word is UTF-16
    // code units (Java's and JavaScript's length): an emoji outside the BMP counts twice.
    if (text.length > RESPONSE_BODY_MAX) {
      return { status: 409, errors: [{ code: "ENTITY_ERROR.ATTRIBUTE.INVALID.TOO_LONG", title: "An attribute value is too long.", detail: `The response body is longer than ${RESPONSE_BODY_MAX} characters.`, source: { pointer: "/data/attributes/responseBody" } }] };
    }
    // "If a response already exists, this endpoint updates the response by overwriting it."
    // Apple does not say whether the id survives; the stricter reading is a new response
    // (new id, PENDING_PUBLISH again) that replaces the old one, whose id then resolves to nothing.
    const r = { id: `resp-${ctx.state.nextId++}`, reviewId, responseBody: text, lastModifiedDate: new Date(this.now()).toISOString(), state: "PENDING_PUBLISH" as const };
    ctx.state.responses.set(reviewId, r);
    return { status: 201, body: { data: this.responseDoc(r), links: { self: `${this.url}/v1/customerReviewResponses/${r.id}` } } };
  }
}
