import { createPrivateKey, sign } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ascClient } from "@/lib/asc/client";
import { ascAppError, AscError } from "@/lib/asc/errors";
import { getDb } from "@/lib/db/client";
import { getRedis } from "@/lib/redis";
import { AscSimulator } from "../asc-sim/server";
import { ascKeyPair } from "./support/keys";
import { failure } from "./support/failure";
import { simConnection } from "./support/sim-connection";

const sim = new AscSimulator({ seed: 7, sizes: { apps: 2, reviewsPerApp: 450 }, hourlyBudget: 100_000 });
const fast = { baseDelayMs: 5, maxDelayMs: 50, timeoutMs: 1_000 };
let conn: Awaited<ReturnType<typeof setupConnection>>;

const setupConnection = (role: "ADMIN" | "SALES" | "CUSTOMER_SUPPORT" = "ADMIN") => simConnection(sim, role);

beforeAll(async () => {
  await sim.listen();
  conn = await setupConnection();
});

afterAll(async () => {
  await sim.close();
  await getRedis().quit();
  await getDb().$disconnect();
});

const client = (c = conn) => ascClient(c, { baseUrl: sim.url, retry: fast });
const appId = () => sim.state.apps[0].id;
const count = (route: string) => sim.stats.requests[route] ?? 0;

describe("App Store Connect client against the simulator", () => {
  it("reads every page through links.next, 200 at a time", async () => {
    const before = count("GET /v1/apps/{id}/customerReviews");
    const ids: string[] = [];
    for await (const page of client().pages<{ id: string }>(`/v1/apps/${appId()}/customerReviews`, { sort: "-createdDate" })) ids.push(...page.map((r) => r.id));
    expect(ids).toHaveLength(450);
    expect(new Set(ids).size).toBe(450);
    expect(count("GET /v1/apps/{id}/customerReviews") - before).toBe(3);
  });

  it("retries 5xx and succeeds once the simulator recovers", async () => {
    sim.faults = { failNext: { count: 3, status: 503 } };
    const before = count("GET /v1/apps");
    const res = await client().request<{ data: unknown[] }>({ path: "/v1/apps", query: { limit: 1 } });
    expect(res.body.data).toHaveLength(1);
    expect(count("GET /v1/apps") - before).toBe(4);
    expect(res.rateLimit?.limit).toBe(100_000);
  });

  it("reads everything through a 30 % share of 503s", async () => {
    sim.faults = { errorRate: 0.3, errorStatus: 503, errorSeed: 4 };
    const before = count("GET /v1/apps/{id}/customerReviews");
    const ids: string[] = [];
    for await (const page of ascClient(conn, { baseUrl: sim.url, retry: { ...fast, maxAttempts: 10 } }).pages<{ id: string }>(`/v1/apps/${appId()}/customerReviews`)) ids.push(...page.map((r) => r.id));
    sim.faults = {};
    expect(new Set(ids).size).toBe(450);
    // Three pages, and some were answered 503 first.
    expect(count("GET /v1/apps/{id}/customerReviews") - before).toBeGreaterThan(3);
  });

  it("honours Retry-After through a burst of 429s", async () => {
    sim.faults = { failNext: { count: 2, status: 429, retryAfterSeconds: 0 } };
    await expect(client().request({ path: "/v1/apps" })).resolves.toMatchObject({ status: 200 });
  });

  it("retries a timeout and a truncated body", async () => {
    sim.faults = { hangNext: 1 };
    await expect(client().request({ path: "/v1/apps" })).resolves.toMatchObject({ status: 200 });
    sim.faults = { truncateNext: 2 };
    await expect(client().request({ path: "/v1/apps" })).resolves.toMatchObject({ status: 200 });
  });

  it("gives up within its bounds with a typed error", async () => {
    sim.faults = { failNext: { count: 50, status: 500 } };
    const e = await failure(ascClient(conn, { baseUrl: sim.url, retry: { ...fast, maxAttempts: 3 } }).request({ path: "/v1/apps" }), AscError);
    expect([e.status, e.code, e.attempts]).toEqual([500, "UNEXPECTED_ERROR", 3]);
    sim.faults = {};
  });

  it("does not retry 403, 404 or 409, and surfaces Apple's code and field", async () => {
    const review = sim.state.reviews.get(appId())![0];
    const reply = (c = conn, responseBody = "Thanks!") =>
      client(c).request({
        method: "POST",
        path: "/v1/customerReviewResponses",
        body: { data: { type: "customerReviewResponses", attributes: { responseBody }, relationships: { review: { data: { type: "customerReviews", id: review.id } } } } },
      });
    await expect(reply()).resolves.toMatchObject({ status: 201 });
    const before = count("POST /v1/customerReviewResponses");
    // A second reply overwrites the first at Apple; a too-long one is Apple's 409.
    const conflict = await failure(reply(conn, "x".repeat(5971)), AscError);
    expect([conflict.status, conflict.code, conflict.pointer, conflict.attempts]).toEqual([409, "ENTITY_ERROR.ATTRIBUTE.INVALID.TOO_LONG", "/data/attributes/responseBody", 1]);
    expect(ascAppError(conflict)).toMatchObject({ code: "conflict", status: 409, field: "responseBody", publicMessage: expect.stringMatching(/longer than 5970 characters/) });
    const sales = await setupConnection("SALES");
    const forbidden = await failure(reply(sales), AscError);
    expect([forbidden.status, forbidden.code, forbidden.attempts]).toEqual([403, "FORBIDDEN_ERROR", 1]);
    const support = await setupConnection("CUSTOMER_SUPPORT");
    const loc = sim.state.versionLocs[0];
    const edit = await failure(client(support).request({ method: "PATCH", path: `/v1/appStoreVersionLocalizations/${loc.id}`, body: { data: { type: "appStoreVersionLocalizations", id: loc.id, attributes: { promotionalText: "x" } } } }), AscError);
    expect([edit.status, edit.code, edit.attempts]).toEqual([403, "FORBIDDEN_ERROR", 1]);
    const missing = await failure(client().request({ path: "/v1/apps/999/customerReviews" }), AscError);
    expect([missing.status, missing.code, missing.attempts]).toEqual([404, "NOT_FOUND", 1]);
    expect(count("POST /v1/customerReviewResponses") - before).toBe(2);
  });

  it("refreshes the token exactly once on 401", async () => {
    sim.faults = { unauthorizedNext: 1 };
    const before = sim.stats.unauthorized;
    await expect(client().request({ path: "/v1/apps" })).resolves.toMatchObject({ status: 200 });
    expect(sim.stats.unauthorized - before).toBe(1);
    sim.faults = { unauthorizedNext: 5 };
    const e = await failure(client().request({ path: "/v1/apps" }), AscError);
    expect([e.status, e.code, e.attempts]).toEqual([401, "NOT_AUTHORIZED", 2]);
    expect(sim.stats.unauthorized - before).toBe(3);
    sim.faults = {};
  });

  it("does not repeat a POST that may have reached Apple, and reads an error page that is not JSON", async () => {
    const review = sim.state.reviews.get(appId())![1];
    sim.faults = { failNext: { count: 1, status: 500 } };
    const before = count("POST /v1/customerReviewResponses");
    const e = await failure(
      client().request({ method: "POST", path: "/v1/customerReviewResponses", body: { data: { type: "customerReviewResponses", attributes: { responseBody: "Hi" }, relationships: { review: { data: { type: "customerReviews", id: review.id } } } } } }),
      AscError,
    );
    expect([e.status, e.attempts]).toEqual([500, 1]);
    expect(count("POST /v1/customerReviewResponses") - before).toBe(1);
    sim.faults = {};

    const { createServer } = await import("node:http");
    let hits = 0;
    const proxy = createServer((_req, res) => {
      hits++;
      res.writeHead(404, { "content-type": "text/html" });
      res.end("<html><body>Not Found</body></html>");
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
    const port = (proxy.address() as { port: number }).port;
    const html = await failure(ascClient(conn, { baseUrl: `http://127.0.0.1:${port}`, retry: fast }).request({ path: "/v1/apps" }), AscError);
    proxy.close();
    expect([html.status, html.attempts, hits]).toEqual([404, 1, 1]);
  });

  it("never sends its token to another origin", async () => {
    const e = await failure(client().request({ path: "https://evil.example/v1/apps" }), AscError);
    expect(e.code).toBe("FOREIGN_URL");
  });

  it("refuses limit over 200 like Apple, without retrying", async () => {
    const e = await failure(client().request({ path: "/v1/apps", query: { limit: 201 } }), AscError);
    expect([e.status, e.code, e.parameter, e.attempts]).toEqual([400, "PARAMETER_ERROR.INVALID", "limit", 1]);
  });
});

describe("simulator authentication", () => {
  const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString("base64url");
  function jwt(header: object, claims: object, key = conn.pair.privateKey) {
    const data = `${b64(header)}.${b64(claims)}`;
    const sig = sign("sha256", Buffer.from(data), { key: createPrivateKey(key), dsaEncoding: "ieee-p1363" });
    return `${data}.${sig.toString("base64url")}`;
  }
  const now = () => Math.floor(Date.now() / 1000);
  const good = () => ({ header: { alg: "ES256", kid: conn.keyId, typ: "JWT" }, claims: { iss: conn.issuerId, iat: now(), exp: now() + 600, aud: "appstoreconnect-v1" } });
  const call = async (token: string, path = "/v1/apps") => fetch(`${sim.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

  it("accepts a well-formed token, and a scope that matches", async () => {
    const g = good();
    expect((await call(jwt(g.header, g.claims))).status).toBe(200);
    expect((await call(jwt(g.header, { ...g.claims, scope: ["GET /v1/apps"] }))).status).toBe(200);
  });

  it.each([
    ["wrong alg", (g: ReturnType<typeof good>) => jwt({ ...g.header, alg: "HS256" }, g.claims)],
    ["unknown kid", (g: ReturnType<typeof good>) => jwt({ ...g.header, kid: "ZZZZZZZZZZ" }, g.claims)],
    ["wrong iss", (g: ReturnType<typeof good>) => jwt(g.header, { ...g.claims, iss: crypto.randomUUID() })],
    ["wrong aud", (g: ReturnType<typeof good>) => jwt(g.header, { ...g.claims, aud: "appstoreconnect-v2" })],
    ["expired", (g: ReturnType<typeof good>) => jwt(g.header, { ...g.claims, iat: now() - 900, exp: now() - 1 })],
    ["lifetime over 20 minutes", (g: ReturnType<typeof good>) => jwt(g.header, { ...g.claims, exp: g.claims.iat + 1201 })],
    ["bad signature", (g: ReturnType<typeof good>) => jwt(g.header, g.claims, ascKeyPair().privateKey)],
    ["scope mismatch", (g: ReturnType<typeof good>) => jwt(g.header, { ...g.claims, scope: ["GET /v1/customerReviews"] })],
  ])("rejects %s with 401 and Apple's error document", async (_name, make) => {
    const res = await call(make(good()));
    expect(res.status).toBe(401);
    const body = await res.json();
    expect(body.errors[0]).toMatchObject({ status: "401", code: "NOT_AUTHORIZED" });
  });
});
