import { createPrivateKey, generateKeyPairSync } from "node:crypto";
import { importSPKI, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateApiToken } from "@/lib/api-tokens/authenticate";
import { createApiToken, revokeApiToken } from "@/lib/api-tokens/mutations";
import { mintToken } from "@/lib/connections/mint";
import { createConnection, deleteConnection, updateConnection } from "@/lib/connections/mutations";
import { getConnection, listConnections } from "@/lib/connections/queries";
import { testConnection } from "@/lib/connections/test-connection";
import { db, getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { getRedis } from "@/lib/redis";
import { makeOrgWithRoles } from "@/lib/seed/factories";
import { contextFor } from "./support/context";
import { FakeApple } from "./support/fake-apple";
import { ascKeyPair, issuerId, keyId } from "./support/keys";
import { failure } from "./support/failure";

const apple = new FakeApple();
const client = { ip: "198.51.100.1", userAgent: "ci" };

beforeAll(async () => {
  await apple.start();
  // Read on this file's first use of the environment, which comes later.
  process.env.ASC_API_BASE_URL = apple.url;
});

afterAll(async () => {
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
      expect(rows).toEqual([{ id: conn.id, name: conn.name, status: "UNTESTED", fingerprint: conn.fingerprint }]);
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
    expect(r.message).toMatch(/role is too low \(403\)/);

    apple.keys.set(input.keyId, { publicKey: pair.publicKey, issuerId: input.issuerId, role: "ADMIN" });
    r = await testConnection(admin, conn.id);
    expect(r).toEqual({ ok: true, status: "WORKING", message: "Works: App Store Connect accepted the key.", httpStatus: 200 });
    expect(await getConnection(admin, conn.id)).toMatchObject({ status: "WORKING", statusReason: null });
    expect(apple.requests.at(-1)).toEqual({ path: "/v1/apps?limit=1&fields[apps]=name", authorized: true });
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
    expect(payload.exp! - payload.iat!).toBe(600);
    expect(new Date(minted.expiresAt).getTime() / 1000).toBe(payload.exp);
    expect(payload.scope).toEqual(["GET /v1/apps"]);

    expect((await failure(mintToken(ctx, b.conn.id, {}), AppError)).code).toBe("not_found");
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
