import { createPrivateKey, generateKeyPairSync, sign } from "node:crypto";
import { decodeJwt, decodeProtectedHeader, importSPKI, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateApiToken } from "@/lib/api-tokens/authenticate";
import { createApiToken, revokeApiToken } from "@/lib/api-tokens/mutations";
import { CLOCK_SKEW_MARGIN_SECONDS } from "@/lib/asc/token";
import { flushAudits } from "@/lib/audit/buffer";
import { settled } from "@/lib/background";
import { mintToken } from "@/lib/connections/mint";
import { createConnection, deleteConnection, updateConnection } from "@/lib/connections/mutations";
import { getConnection, listConnections } from "@/lib/connections/queries";
import { ZCreateConnection } from "@/lib/connections/schemas";
import { testConnection } from "@/lib/connections/test-connection";
import { db, getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { getRedis } from "@/lib/redis";
import { makeOrgWithRoles } from "@/lib/seed/factories";
import { contextFor } from "./support/context";
import { FakeApple } from "./support/fake-apple";
import { ascKeyPair, issuerId, keyId } from "./support/keys";
import { failure } from "./support/failure";
import { AscSimulator } from "../asc-sim/server";
import { simConnection, simIndividualConnection } from "./support/sim-connection";

const apple = new FakeApple();
const sim = new AscSimulator({ seed: 5, sizes: { apps: 2, reviewsPerApp: 3 } });
const client = { ip: "198.51.100.1", userAgent: "ci" };

beforeAll(async () => {
  await sim.listen();
  await apple.start();
  // Read on this file's first use of the environment, which comes later.
  process.env.ASC_API_BASE_URL = apple.url;
});

afterAll(async () => {
  await sim.close();
  await apple.stop();
  await getRedis().quit();
  await getDb().$disconnect();
});

async function setup(label: string) {
  const { org, members } = await makeOrgWithRoles(label);
  const admin = await contextFor(org.id, members.ADMIN.id);
  const pair = ascKeyPair();
  const input = { name: `${label} client`, issuerId: issuerId(), keyId: keyId(), privateKey: pair.privateKey };
  const conn = await createConnection(admin, input);
  return { org, members, admin, pair, input, conn };
}

describe("uploading a key", () => {
  it("stores nothing on any validation failure, naming the field", async () => {
    const { org, admin, input } = await setup("upload");
    const before = await db.connection.count({ where: { organizationId: org.id } });
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    const cases: [Parameters<typeof createConnection>[1], string, RegExp][] = [
      [{ ...input, keyId: keyId(), privateKey: rsa.privateKey }, "privateKey", /RSA key/],
      [{ ...input, keyId: keyId(), privateKey: "" }, "privateKey", /empty/],
      [{ ...input, keyId: "ABCDEFGHIJ", privateKey: ascKeyPair().privateKey, fileName: "AuthKey_ZZZZZZZZZZ.p8" }, "keyId", /AuthKey_ZZZZZZZZZZ\.p8, so its Key ID is ZZZZZZZZZZ/],
      [{ ...input, privateKey: ascKeyPair().privateKey }, "keyId", /Key ID .* already exists/],
    ];
    for (const [bad, field, message] of cases) {
      const e = await failure(createConnection(admin, bad), AppError);
      expect(e.field).toBe(field);
      expect(e.publicMessage).toMatch(message);
    }
    expect(await db.connection.count({ where: { organizationId: org.id } })).toBe(before);
    expect(await db.connectionSecret.count({ where: { organizationId: org.id } })).toBe(before);
  });

  it("shows Issuer ID and Key ID only to owners and admins", async () => {
    const { org, members, conn } = await setup("visibility");
    for (const role of ["EDITOR", "SUPPORT", "VIEWER"] as const) {
      const rows = await listConnections(await contextFor(org.id, members[role].id));
      expect(rows).toEqual([{ id: conn.id, name: conn.name, status: "UNTESTED", fingerprint: conn.fingerprint, keyKind: "TEAM", capabilities: null }]);
    }
    const adminRows = await listConnections(await contextFor(org.id, members.OWNER.id));
    expect(adminRows[0]).toMatchObject({ keyId: conn.keyId, issuerId: conn.issuerId, createdBy: members.ADMIN.email });
  });

  it("replacing the key resets the status and the old key's tokens are not served", async () => {
    const { org, admin, conn } = await setup("replace");
    await db.connection.update({ where: { id: conn.id }, data: { status: "WORKING" } });
    const next = ascKeyPair();
    const updated = await updateConnection(admin, conn.id, { keyId: conn.keyId, privateKey: next.privateKey });
    expect(updated.status).toBe("UNTESTED");
    expect(updated.fingerprint).not.toBe(conn.fingerprint);
    const t = await mintToken(admin, conn.id, {});
    await expect(jwtVerify(t.token, await importSPKI(next.publicKey, "ES256"))).resolves.toBeTruthy();
    expect(await db.auditEvent.count({ where: { organizationId: org.id, action: "connection.key_replaced" } })).toBe(1);
  });
});

describe("test connection", () => {
  it("says in plain words whether Apple accepts the key, and stores the status", async () => {
    const { admin, pair, input, conn } = await setup("testconn");
    let r = await testConnection(admin, conn.id);
    expect(r).toMatchObject({ ok: false, status: "FAILING", httpStatus: 401 });
    expect(r.message).toMatch(/Issuer ID, Key ID or private key is wrong, or the key was revoked/);

    apple.keys.set(input.keyId, { publicKey: pair.publicKey, issuerId: input.issuerId, role: "FINANCE" });
    r = await testConnection(admin, conn.id);
    expect(r.message).toMatch(/The key works but its role .*\(403\)/);

    apple.keys.set(input.keyId, { publicKey: pair.publicKey, issuerId: input.issuerId, role: "ADMIN" });
    r = await testConnection(admin, conn.id);
    expect(r).toMatchObject({ ok: true, status: "WORKING", message: "Works: App Store Connect accepted the key.", httpStatus: 200 });
    // An account without apps: nothing more to probe, and sales wait for a vendor number.
    expect(r.capabilities).toMatchObject({ apps: { state: "works" }, metadata: { state: "not_checked" }, sales: { state: "not_checked" } });
    expect(await getConnection(admin, conn.id)).toMatchObject({ status: "WORKING", statusReason: null });
    expect({ ...apple.requests.at(-1), path: decodeURIComponent(apple.requests.at(-1)!.path) }).toEqual({ path: "/v1/apps?limit=1&fields[apps]=name", authorized: true });
  });

  it("reports a network failure", async () => {
    const { admin, conn } = await setup("offline");
    const saved = process.env.ASC_API_BASE_URL;
    await apple.stop();
    const r = await testConnection(admin, conn.id);
    expect(r.message).toMatch(/Could not reach App Store Connect/);
    await apple.start();
    process.env.ASC_API_BASE_URL = saved;
  });
});

describe("token broker", () => {
  it("mints verifiable tokens for a token's organisation and refuses everything else alike", async () => {
    const a = await setup("brokerA");
    const b = await setup("brokerB");
    const tokA = await createApiToken(a.admin, { name: "CI", role: "EDITOR" });
    const ctx = await authenticateApiToken(`Bearer ${tokA.token}`, client);
    const minted = await mintToken(ctx, a.conn.id, { scope: ["GET /v1/apps"], expiresInSeconds: 600 });
    const { payload } = await jwtVerify(minted.token, await importSPKI(a.pair.publicKey, "ES256"), { audience: "appstoreconnect-v1", issuer: a.input.issuerId });
    // Back-dated against clock skew: 600 s from now, issued CLOCK_SKEW_MARGIN_SECONDS ago.
    expect(payload.exp! - payload.iat!).toBe(600 + CLOCK_SKEW_MARGIN_SECONDS);
    expect(new Date(minted.expiresAt).getTime() / 1000).toBe(payload.exp);
    expect(payload.scope).toEqual(["GET /v1/apps"]);

    expect((await failure(mintToken(ctx, b.conn.id, {}), AppError)).code).toBe("not_found");
    // Last use and mint audits are written after the response, mint audits in batches.
    await flushAudits();
    await settled();
    const stored = await db.apiToken.findUniqueOrThrow({ where: { id: tokA.id }, select: { tokenHash: true, lastUsedAt: true } });
    expect(stored.tokenHash).not.toContain(tokA.token);
    expect(stored.lastUsedAt).not.toBeNull();
    expect(await db.auditEvent.count({ where: { organizationId: a.org.id, action: "token.minted" } })).toBe(1);

    await revokeApiToken(a.admin, tokA.id);
    for (const header of [`Bearer ${tokA.token}`, "Bearer ascd_wrong", "Basic abc", null]) {
      const e = await failure(authenticateApiToken(header, client), AppError);
      expect(e.publicMessage).toBe("Missing, invalid, expired or revoked API token.");
    }
  });

  it("limits a token to the connections it names, and expires it", async () => {
    const a = await setup("limits");
    const second = await createConnection(a.admin, { name: "Second", issuerId: issuerId(), keyId: keyId(), privateKey: ascKeyPair().privateKey });
    const limited = await createApiToken(a.admin, { name: "Limited", role: "EDITOR", connectionIds: [second.id] });
    const ctx = await authenticateApiToken(`Bearer ${limited.token}`, client);
    expect((await listConnections(ctx)).map((c) => c.id)).toEqual([second.id]);
    expect((await failure(mintToken(ctx, a.conn.id, {}), AppError)).code).toBe("not_found");
    await expect(mintToken(ctx, second.id, {})).resolves.toHaveProperty("token");
    // An admin token limited to one connection cannot change or delete another.
    const limitedAdmin = await authenticateApiToken(`Bearer ${(await createApiToken(a.admin, { name: "Limited admin", role: "ADMIN", connectionIds: [second.id] })).token}`, client);
    expect((await failure(updateConnection(limitedAdmin, a.conn.id, { name: "Hijacked" }), AppError)).code).toBe("not_found");
    expect((await failure(deleteConnection(limitedAdmin, a.conn.id), AppError)).code).toBe("not_found");
    expect(await db.connection.findFirst({ where: { id: a.conn.id }, select: { name: true } })).toEqual({ name: a.conn.name });
    await expect(updateConnection(limitedAdmin, second.id, { name: "Second renamed" })).resolves.toMatchObject({ name: "Second renamed" });
    const expiring = await createApiToken(a.admin, { name: "Short", role: "VIEWER", expiresInDays: 1 });
    await db.apiToken.update({ where: { id: expiring.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await failure(authenticateApiToken(`Bearer ${expiring.token}`, client), AppError)).code).toBe("unauthenticated");
    expect(createPrivateKey(a.pair.privateKey).asymmetricKeyType).toBe("ec");
  });
});

/** A token signed with `privateKey` exactly as given: header and payload are not checked here, so the simulator's checks are. */
function rawToken(privateKey: string, header: object, payload: object) {
  const part = (v: object) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const input = `${part(header)}.${part(payload)}`;
  return `${input}.${sign("sha256", Buffer.from(input), { key: createPrivateKey(privateKey), dsaEncoding: "ieee-p1363" }).toString("base64url")}`;
}
const appsWith = (token: string) => fetch(`${sim.url}/v1/apps?limit=1`, { headers: { authorization: `Bearer ${token}` } }).then(async (r) => (await r.body?.cancel(), r.status));

describe("individual keys", () => {
  it("are created without an Issuer ID, listed as individual keys, and minted by the broker as sub \"user\" tokens the simulator accepts", async () => {
    const conn = await simIndividualConnection(sim, "ADMIN");
    expect(conn).toMatchObject({ keyKind: "INDIVIDUAL", issuerId: null });
    const owner = await contextFor(conn.organizationId, conn.ownerId);
    expect((await listConnections(owner))[0]).toMatchObject({ keyKind: "INDIVIDUAL", issuerId: null, keyId: conn.keyId });

    const ci = await authenticateApiToken(`Bearer ${(await createApiToken(owner, { name: "CI", role: "EDITOR" })).token}`, client);
    const minted = await mintToken(ci, conn.id, { expiresInSeconds: 600 });
    expect(decodeProtectedHeader(minted.token)).toEqual({ alg: "ES256", kid: conn.keyId, typ: "JWT" });
    const { payload } = await jwtVerify(minted.token, await importSPKI(conn.pair.publicKey, "ES256"), { audience: "appstoreconnect-v1", subject: "user", algorithms: ["ES256"] });
    expect(Object.keys(payload).sort()).toEqual(["aud", "exp", "iat", "sub"]);
    expect(await appsWith(minted.token)).toBe(200);

    // Revoked at Apple: the same token is refused.
    sim.revokeKey(null, conn.keyId);
    expect(await appsWith(minted.token)).toBe(401);
  });

  it("the simulator refuses the mixed forms: iss with sub, an individual key under an iss, a team key without iss, and iat ahead of Apple's clock", async () => {
    const individual = await simIndividualConnection(sim, "ADMIN");
    const team = await simConnection(sim, "ADMIN");
    const now = Math.floor(Date.now() / 1000);
    const times = { iat: now - 60, exp: now + 600, aud: "appstoreconnect-v1" };
    const ind = (payload: object) => rawToken(individual.pair.privateKey, { alg: "ES256", kid: individual.keyId, typ: "JWT" }, { ...times, ...payload });
    const tm = (payload: object) => rawToken(team.pair.privateKey, { alg: "ES256", kid: team.keyId, typ: "JWT" }, { ...times, ...payload });
    // The well-formed tokens of each kind pass: the refusals below are for their form alone.
    expect(await appsWith(ind({ sub: "user" }))).toBe(200);
    expect(await appsWith(tm({ iss: team.issuerId }))).toBe(200);
    expect(await appsWith(ind({ sub: "user", iss: team.issuerId }))).toBe(401);
    expect(await appsWith(ind({ iss: team.issuerId }))).toBe(401);
    expect(await appsWith(ind({ sub: "someone" }))).toBe(401);
    expect(await appsWith(tm({}))).toBe(401);
    expect(await appsWith(tm({ sub: "user" }))).toBe(401);
    expect(await appsWith(tm({ iss: team.issuerId, sub: "user" }))).toBe(401);
    // iat is judged by Apple's clock, with no allowance: a second ahead is refused.
    expect(await appsWith(ind({ sub: "user", iat: now + 5 }))).toBe(401);
    sim.clockOffsetMs = -10 * 60_000;
    try {
      expect(await appsWith(tm({ iss: team.issuerId }))).toBe(401);
    } finally {
      sim.clockOffsetMs = 0;
    }
    expect(await appsWith(tm({ iss: team.issuerId }))).toBe(200);
  });

  it("take no Issuer ID, and a team key needs one, each refusal naming the field", async () => {
    const { org, admin } = await setup("kinds");
    const before = await db.connection.count({ where: { organizationId: org.id } });
    const issue = (body: object) => ZCreateConnection.safeParse(body).error?.issues.map((i) => [i.path.join("."), i.message]);
    expect(issue({ name: "x", keyKind: "INDIVIDUAL", issuerId: issuerId(), keyId: keyId(), privateKey: ascKeyPair().privateKey })).toEqual([["issuerId", expect.stringMatching(/individual key has no Issuer ID/)]]);
    expect(issue({ name: "x", keyId: keyId(), privateKey: ascKeyPair().privateKey })).toEqual([["issuerId", expect.stringMatching(/^Enter the Issuer ID/)]]);
    // Callers that skip the schema get the same rule from the mutation.
    expect((await failure(createConnection(admin, { name: "x", keyKind: "INDIVIDUAL", issuerId: issuerId(), keyId: keyId(), privateKey: ascKeyPair().privateKey }), AppError)).field).toBe("issuerId");
    expect((await failure(createConnection(admin, { name: "x", keyId: keyId(), privateKey: ascKeyPair().privateKey }), AppError)).field).toBe("issuerId");
    expect(await db.connection.count({ where: { organizationId: org.id } })).toBe(before);
  });

  it("rotate like team keys; the kind changes only with a new key", async () => {
    const conn = await simIndividualConnection(sim, "ADMIN");
    const owner = await contextFor(conn.organizationId, conn.ownerId);
    const next = ascKeyPair();
    const newId = keyId();
    const rotated = await updateConnection(owner, conn.id, { keyId: newId, privateKey: next.privateKey });
    expect(rotated).toMatchObject({ keyKind: "INDIVIDUAL", issuerId: null, keyId: newId, status: "UNTESTED" });
    const t = await mintToken(owner, conn.id, {});
    expect((await jwtVerify(t.token, await importSPKI(next.publicKey, "ES256"))).payload.sub).toBe("user");
    expect((await failure(updateConnection(owner, conn.id, { issuerId: issuerId() }), AppError)).field).toBe("issuerId");
    expect((await failure(updateConnection(owner, conn.id, { keyKind: "TEAM", issuerId: issuerId() }), AppError)).field).toBe("privateKey");

    const team = issuerId();
    const asTeam = await updateConnection(owner, conn.id, { keyKind: "TEAM", issuerId: team, keyId: keyId(), privateKey: ascKeyPair().privateKey });
    expect(asTeam).toMatchObject({ keyKind: "TEAM", issuerId: team });
    expect(decodeJwt((await mintToken(owner, conn.id, {})).token)).toMatchObject({ iss: team });
    const back = await updateConnection(owner, conn.id, { keyKind: "INDIVIDUAL", keyId: keyId(), privateKey: ascKeyPair().privateKey });
    expect(back).toMatchObject({ keyKind: "INDIVIDUAL", issuerId: null });
    expect(decodeJwt((await mintToken(owner, conn.id, {})).token)).not.toHaveProperty("iss");
  });
});

describe("credentials in the forms people have", () => {
  it("takes the base64 of the .p8 in the private key field, storing the key it decodes to", async () => {
    const { admin } = await setup("base64");
    const pair = ascKeyPair();
    const body = ZCreateConnection.parse({ name: "From a CI secret", issuerId: issuerId(), keyId: keyId(), privateKey: Buffer.from(pair.privateKey).toString("base64") });
    const c = await createConnection(admin, body);
    const t = await mintToken(admin, c.id, {});
    await expect(jwtVerify(t.token, await importSPKI(pair.publicKey, "ES256"))).resolves.toBeTruthy();
  });

  it("takes a fastlane API key file: with issuer_id a team key, without one an individual key; a bad key names the file's key", async () => {
    const { org, admin } = await setup("fastlane");
    const pair = ascKeyPair();
    const file = { key_id: keyId(), issuer_id: issuerId(), key: Buffer.from(pair.privateKey).toString("base64"), is_key_content_base64: true, duration: 1200, in_house: false };
    const team = await createConnection(admin, ZCreateConnection.parse({ name: "fastlane team", fastlaneApiKey: JSON.stringify(file) }));
    expect(team).toMatchObject({ keyKind: "TEAM", issuerId: file.issuer_id, keyId: file.key_id });
    await expect(jwtVerify((await mintToken(admin, team.id, {})).token, await importSPKI(pair.publicKey, "ES256"), { issuer: file.issuer_id })).resolves.toBeTruthy();

    const mine = await createConnection(admin, ZCreateConnection.parse({ name: "fastlane individual", fastlaneApiKey: { key_id: keyId(), key: ascKeyPair().privateKey } }));
    expect(mine).toMatchObject({ keyKind: "INDIVIDUAL", issuerId: null });

    const before = await db.connection.count({ where: { organizationId: org.id } });
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey;
    const bad = await failure(createConnection(admin, ZCreateConnection.parse({ name: "RSA", fastlaneApiKey: { key_id: keyId(), issuer_id: issuerId(), key: rsa } })), AppError);
    expect([bad.field, bad.publicMessage]).toEqual(["fastlaneApiKey.key", expect.stringMatching(/This is an RSA key/)]);
    const dup = await failure(createConnection(admin, ZCreateConnection.parse({ name: "Again", fastlaneApiKey: { ...file, key: pair.privateKey, is_key_content_base64: false } })), AppError);
    expect([dup.code, dup.field]).toEqual(["conflict", "fastlaneApiKey.key_id"]);
    expect(await db.connection.count({ where: { organizationId: org.id } })).toBe(before);
  });
});
