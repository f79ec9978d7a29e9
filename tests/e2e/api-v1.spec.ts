import { expect, request as pwRequest, test, type APIRequestContext } from "@playwright/test";
import { importSPKI, jwtVerify } from "jose";
import { e2eNow } from "./support/clock";
import { jsonHeaders, newOwner } from "./support/api";
import { count, orgFingerprint } from "./support/db";
import { ascKey, connectionBody } from "./support/keys";

/** An admin's API token of a new organisation, and a request context that sends it. */
async function orgWithToken(baseURL: string, role = "ADMIN", label = "api") {
  const session = await pwRequest.newContext({ baseURL });
  const owner = await newOwner(session, baseURL, label);
  const res = await session.post(`/api/orgs/${owner.orgId}/api-tokens`, { headers: jsonHeaders(baseURL), data: { name: `${label} token`, role } });
  expect(res.status()).toBe(201);
  const { apiToken } = await res.json();
  const api = await pwRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${apiToken.token}` } });
  return { session, owner, api, token: apiToken as { id: string; token: string } };
}

async function newToken(session: APIRequestContext, baseURL: string, orgId: string, role: string) {
  const res = await session.post(`/api/orgs/${orgId}/api-tokens`, { headers: jsonHeaders(baseURL), data: { name: `${role} token`, role } });
  const { apiToken } = await res.json();
  return pwRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${apiToken.token}` } });
}

test("CI gets a short-lived token that verifies with the key's public half", async ({ baseURL }) => {
  const { api } = await orgWithToken(baseURL!);
  const { key, body } = connectionBody("Release pipeline");
  const created = await api.post("/api/v1/connections", { data: body });
  expect(created.status()).toBe(201);
  const { connection } = await created.json();
  expect(JSON.stringify(connection)).not.toContain("PRIVATE KEY");

  const res = await api.post(`/api/v1/connections/${connection.id}/token`, { data: { scope: ["GET /v1/apps"], expiresInSeconds: 900 } });
  expect(res.status()).toBe(200);
  expect(res.headers()["cache-control"]).toBe("no-store");
  const { token, expiresAt } = await res.json();
  // Checked at the run's pinned time, the servers' clock.
  const currentDate = new Date(e2eNow());
  const { payload, protectedHeader } = await jwtVerify(token, await importSPKI(key.publicKey, "ES256"), { audience: "appstoreconnect-v1", issuer: key.issuerId, currentDate });
  expect(protectedHeader).toEqual({ alg: "ES256", kid: key.keyId, typ: "JWT" });
  expect(Object.keys(payload).sort()).toEqual(["aud", "exp", "iat", "iss", "scope"]);
  // iat is back-dated by two minutes against clock skew; the token lives 900 s from now.
  expect(payload.exp! - payload.iat!).toBe(900 + 120);
  expect(Date.parse(expiresAt) / 1000).toBe(payload.exp);

  const bare = await (await api.post(`/api/v1/connections/${connection.id}/token`)).json();
  const p2 = (await jwtVerify(bare.token, await importSPKI(key.publicKey, "ES256"), { currentDate })).payload;
  expect(p2.exp! - p2.iat!).toBeLessThanOrEqual(1200);
  expect(p2.scope).toBeUndefined();

  const bad = await api.post(`/api/v1/connections/${connection.id}/token`, { data: { expiresInSeconds: 3600 } });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error).toMatchObject({ field: "expiresInSeconds", message: "At most 1200 seconds (20 minutes)." });

  const list = await (await api.get("/api/v1/connections")).json();
  expect(list.connections).toEqual([expect.objectContaining({ id: connection.id, keyId: key.keyId, issuerId: key.issuerId, status: "UNTESTED" })]);
  const tested = await (await api.post(`/api/v1/connections/${connection.id}/test`)).json();
  expect(tested.result).toMatchObject({ ok: false, status: "FAILING", httpStatus: 401, message: expect.stringMatching(/refused the key/) });
  expect((await api.delete(`/api/v1/connections/${connection.id}`)).status()).toBe(204);
  expect((await api.post(`/api/v1/connections/${connection.id}/token`)).status()).toBe(404);
});

test("each malformed key gets a 422 naming the field, and nothing is stored", async ({ baseURL }) => {
  const { api, owner } = await orgWithToken(baseURL!, "ADMIN", "badkeys");
  const good = ascKey();
  const lines = good.privateKey.trim().split("\n");
  const rsa = (await import("node:crypto")).generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  const p384 = (await import("node:crypto")).generateKeyPairSync("ec", { namedCurve: "secp384r1", privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  const enc = (await import("node:crypto")).generateKeyPairSync("ec", { namedCurve: "prime256v1", privateKeyEncoding: { type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "x" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  const base = { name: "Bad", issuerId: good.issuerId, keyId: good.keyId };
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ privateKey: rsa.privateKey }, "privateKey", /RSA key/],
    [{ privateKey: p384.privateKey }, "privateKey", /P-384/],
    [{ privateKey: enc.privateKey }, "privateKey", /encrypted with a password/],
    [{ privateKey: good.privateKey.replace(/PRIVATE KEY/g, "OPENSSH PRIVATE KEY") }, "privateKey", /labelled "OPENSSH PRIVATE KEY"/],
    [{ privateKey: lines.slice(0, -1).join("\n") }, "privateKey", /truncated/],
    [{ privateKey: good.privateKey.replace(lines[1], "%%%" + lines[1].slice(3)) }, "privateKey", /not valid base64/],
    [{ privateKey: rsa.publicKey }, "privateKey", /public key/],
    [{ privateKey: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----" }, "privateKey", /certificate/],
    [{ privateKey: "" }, "privateKey", /empty/],
    [{ privateKey: good.privateKey + "\n".padEnd(9000, "A") }, "privateKey", /larger than 8 KiB/],
    [{ privateKey: good.privateKey, issuerId: "not-a-uuid" }, "issuerId", /UUID/],
    [{ privateKey: good.privateKey, keyId: "abc123" }, "keyId", /10 upper-case letters and digits/],
    [{ privateKey: good.privateKey, fileName: "AuthKey_AAAAAAAAAA.p8" }, "keyId", /its Key ID is AAAAAAAAAA/],
    [{ privateKey: good.privateKey, name: "" }, "name", /Enter a name/],
  ];
  for (const [change, field, message] of cases) {
    const res = await api.post("/api/v1/connections", { data: { ...base, ...change } });
    expect(res.status(), field).toBe(422);
    const { error } = await res.json();
    expect(error.field, String(message)).toBe(field);
    expect(error.message).toMatch(message);
  }
  expect(await count("Connection", `"organizationId" = $1`, [owner.orgId])).toBe(0);
  expect(await count("ConnectionSecret", `"organizationId" = $1`, [owner.orgId])).toBe(0);
  expect((await api.post("/api/v1/connections", { data: { ...base, privateKey: good.privateKey } })).status()).toBe(201);
  const dup = await api.post("/api/v1/connections", { data: { ...base, name: "Again", privateKey: ascKey().privateKey } });
  expect(dup.status()).toBe(409);
  expect((await dup.json()).error).toMatchObject({ code: "conflict", field: "keyId" });
  expect(await count("Connection", `"organizationId" = $1`, [owner.orgId])).toBe(1);
});

test("API tokens: another organisation's connection is 404, bad or revoked tokens are 401, low roles are 403", async ({ baseURL }) => {
  const a = await orgWithToken(baseURL!, "ADMIN", "tenantA");
  const b = await orgWithToken(baseURL!, "ADMIN", "tenantB");
  const { connection } = await (await a.api.post("/api/v1/connections", { data: connectionBody().body })).json();
  const before = await orgFingerprint(a.owner.orgId);
  for (const [method, path] of [["POST", "token"], ["POST", "test"], ["DELETE", ""]] as const) {
    const url = `/api/v1/connections/${connection.id}${path ? `/${path}` : ""}`;
    const res = await b.api.fetch(url, { method });
    expect(res.status(), `${method} ${url}`).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "Connection was not found." } });
    // The owner's token, in the same test, succeeds.
    if (method === "POST") expect((await a.api.fetch(url, { method })).status()).toBe(200);
  }
  expect((await b.api.get("/api/v1/connections")).ok()).toBe(true);
  expect((await (await b.api.get("/api/v1/connections")).json()).connections).toEqual([]);

  const expectRefused = async (ctx: APIRequestContext) => {
    const res = await ctx.post(`/api/v1/connections/${connection.id}/token`);
    expect(res.status()).toBe(401);
    expect(res.headers()["www-authenticate"]).toContain("Bearer");
    expect((await res.json()).error.message).toBe("Missing, invalid, expired or revoked API token.");
  };
  await expectRefused(await pwRequest.newContext({ baseURL }));
  await expectRefused(await pwRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: "Bearer ascd_forged" } }));
  expect((await a.session.delete(`/api/orgs/${a.owner.orgId}/api-tokens/${a.token.id}`, { headers: jsonHeaders(baseURL!) })).status()).toBe(204);
  await expectRefused(a.api);
  // Cookies do not authenticate the public API.
  await expectRefused(a.session);

  for (const role of ["SUPPORT", "VIEWER"]) {
    const low = await newToken(a.session, baseURL!, a.owner.orgId, role);
    const mint = await low.post(`/api/v1/connections/${connection.id}/token`);
    expect(mint.status(), role).toBe(403);
    const list = await low.get("/api/v1/connections");
    // Support answers reviews and sees nothing else.
    if (role === "SUPPORT") expect(list.status()).toBe(403);
    else expect((await list.json()).connections).toEqual([{ id: connection.id, name: connection.name, status: expect.any(String), fingerprint: connection.fingerprint, keyKind: "TEAM", capabilities: expect.objectContaining({ keyKind: "TEAM", apps: expect.objectContaining({ state: "fails" }) }) }]);
  }
  const editor = await newToken(a.session, baseURL!, a.owner.orgId, "EDITOR");
  expect((await editor.post(`/api/v1/connections/${connection.id}/token`)).status()).toBe(200);
  expect((await editor.post("/api/v1/connections", { data: connectionBody().body })).status()).toBe(403);
  expect(before).not.toBe("");
});

test("members below admin see no key details in the dashboard either", async ({ baseURL }) => {
  const a = await orgWithToken(baseURL!, "ADMIN", "members");
  const { key, body } = connectionBody("Visible team");
  await a.api.post("/api/v1/connections", { data: body });
  const { joinAs } = await import("./support/api");
  for (const role of ["SUPPORT", "VIEWER", "EDITOR"]) {
    const member = await pwRequest.newContext({ baseURL });
    await joinAs(a.session, member, baseURL!, a.owner.orgId, role);
    const res = await member.get(`/api/orgs/${a.owner.orgId}/connections`);
    if (role === "SUPPORT") {
      expect(res.status()).toBe(403);
      continue;
    }
    const text = await res.text();
    expect(text).toContain("Visible team");
    expect(text).not.toContain(key.keyId);
    expect(text).not.toContain(key.issuerId);
  }
});

test("the OpenAPI document describes the public API", async ({ request }) => {
  const res = await request.get("/api/v1/openapi.json");
  expect(res.status()).toBe(200);
  const doc = await res.json();
  expect(doc.openapi).toBe("3.0.3");
  expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/connections", "/connections/{connectionId}/token"]));
  // A key comes as fields (a team key's Issuer ID, or an individual key without) or as a fastlane API key file.
  const create = doc.paths["/connections"].post.requestBody.content["application/json"].schema;
  expect(create.required).toEqual(["name"]);
  expect(Object.keys(create.properties)).toEqual(expect.arrayContaining(["keyKind", "issuerId", "keyId", "privateKey", "fastlaneApiKey"]));
  // The test's answer includes the capability report.
  const test = doc.paths["/connections/{connectionId}/test"].post.responses["200"].content["application/json"].schema;
  expect(Object.keys(test.properties.result.properties)).toEqual(expect.arrayContaining(["ok", "message", "capabilities"]));
});
