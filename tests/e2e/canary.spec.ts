import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, request as pwRequest, test } from "@playwright/test";
import { Redis } from "ioredis";
import { jsonHeaders, newOwner } from "./support/api";
import { ascKey } from "./support/keys";

/**
 * A canary private key goes through every path that handles keys: the upload form, the
 * JSON route, the public API, a refused upload, a key replacement, token minting and the
 * connection test. Then every response, page, log line, Redis value (job payloads) and the
 * whole database are searched for any encoding of it.
 */
test("a canary private key never leaves the vault", async ({ page, baseURL }) => {
  const canary = ascKey();
  const seen: string[] = [];
  const keep = async (res: { text(): Promise<string> }) => (seen.push(await res.text()), res);
  const ctx = page.context().request;
  const owner = await newOwner(ctx, baseURL!, "canary");
  const h = jsonHeaders(baseURL!);

  // 1. The form (paste).
  await page.goto(`/o/${owner.slug}/connections`);
  page.on("response", async (r) => {
    if (r.request().resourceType() === "fetch" || r.request().resourceType() === "document") seen.push(await r.text().catch(() => ""));
  });
  await page.getByLabel("Name", { exact: true }).fill("Canary UI");
  await page.getByLabel("Issuer ID").fill(canary.issuerId);
  await page.getByLabel("Key ID").fill(canary.keyId);
  await page.getByLabel("…or paste the private key").fill(canary.privateKey);
  await page.getByRole("button", { name: "Add connection" }).click();
  await expect(page.getByTestId("connection-Canary UI")).toBeVisible();
  const list = await (await keep(await ctx.get(`/api/orgs/${owner.orgId}/connections`))).text();
  const uiConn = JSON.parse(list).connections[0].id as string;

  // 2. A refused upload (duplicate Key ID) and a refused replacement (file name mismatch) with the canary.
  await keep(await ctx.post(`/api/orgs/${owner.orgId}/connections`, { headers: h, data: { name: "Dup", issuerId: canary.issuerId, keyId: canary.keyId, privateKey: canary.privateKey } }));
  await keep(await ctx.patch(`/api/orgs/${owner.orgId}/connections/${uiConn}`, { headers: h, data: { keyId: canary.keyId, privateKey: canary.privateKey, fileName: "AuthKey_ZZZZZZZZZZ.p8" } }));
  // 3. A replacement with the canary, then a test and tokens.
  await keep(await ctx.patch(`/api/orgs/${owner.orgId}/connections/${uiConn}`, { headers: h, data: { keyId: canary.keyId, privateKey: canary.privateKey } }));
  await keep(await ctx.post(`/api/orgs/${owner.orgId}/connections/${uiConn}/test`, { headers: h }));
  const tokRes = await keep(await ctx.post(`/api/orgs/${owner.orgId}/api-tokens`, { headers: h, data: { name: "canary CI", role: "ADMIN" } }));
  const api = await pwRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${JSON.parse(await tokRes.text()).apiToken.token}` } });
  // 4. The public API: tokens, and an upload of the canary (refused as a duplicate Key ID).
  await keep(await api.post(`/api/v1/connections/${uiConn}/token`, { data: { scope: ["GET /v1/apps"] } }));
  await keep(await api.post("/api/v1/connections", { data: { name: "Canary API", issuerId: canary.issuerId, keyId: canary.keyId, privateKey: canary.privateKey } }));
  await keep(await api.get("/api/v1/connections"));

  // Pages that show connections, audit events and tokens.
  for (const path of ["connections", "audit", "settings/api-tokens"]) {
    await page.goto(`/o/${owner.slug}/${path}`);
    seen.push(await page.content());
  }

  // Redis: every value under this run's prefix, job payloads included.
  const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  for (const key of await redis.keys(`${process.env.E2E_REDIS_PREFIX}*`)) {
    const type = await redis.type(key);
    if (type === "string") seen.push((await redis.get(key)) ?? "");
    if (type === "hash") seen.push(JSON.stringify(await redis.hgetall(key)));
    if (type === "list") seen.push(JSON.stringify(await redis.lrange(key, 0, -1)));
  }
  redis.disconnect();

  const dump = execFileSync("pg_dump", ["--data-only", process.env.E2E_DATABASE_URL!], { encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
  const logDir = process.env.E2E_LOG_DIR!;
  const logs = readdirSync(logDir).map((f) => readFileSync(join(logDir, f), "utf8"));
  expect(logs.join("").length).toBeGreaterThan(0);
  expect(dump).toContain("Canary UI");

  const haystacks = { responsesAndPages: seen.join("\n"), database: dump, logs: logs.join("\n") };
  for (const [where, text] of Object.entries(haystacks)) {
    for (const secret of canary.secrets) expect(text.includes(secret), `${where} contains key material`).toBe(false);
  }
  expect(seen.length).toBeGreaterThan(10);
});
