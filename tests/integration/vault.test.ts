import { execFileSync } from "node:child_process";
import { createPrivateKey, randomBytes } from "node:crypto";
import { importSPKI, jwtVerify } from "jose";
import { afterAll, describe, expect, it } from "vitest";
import { ascToken } from "@/lib/asc/token";
import { createConnection, deleteConnection } from "@/lib/connections/mutations";
import { db, getDb } from "@/lib/db/client";
import { getRedis } from "@/lib/redis";
import { makeOrg, makeUser } from "@/lib/seed/factories";
import { VaultIntegrityError } from "@/lib/vault/envelope";
import { vaultKeks } from "@/lib/vault/keks";
import { rewrapAll, withConnectionKey } from "@/lib/vault/store";
import { contextFor } from "./support/context";
import { ascKeyPair, issuerId, keyId } from "./support/keys";

afterAll(async () => {
  await getRedis().quit();
  await getDb().$disconnect();
});

async function ownerWithConnection() {
  const owner = await makeUser();
  const org = await makeOrg(owner);
  const ctx = await contextFor(org.id, owner.id);
  const pair = ascKeyPair();
  const conn = await createConnection(ctx, { name: "Client", issuerId: issuerId(), keyId: keyId(), privateKey: pair.privateKey });
  return { ctx, org, pair, conn };
}

const ref = (orgId: string, id: string) => ({ organizationId: orgId, connectionId: id });

describe("credential vault in the database", () => {
  it("decrypts to the key that was uploaded", async () => {
    const { org, pair, conn } = await ownerWithConnection();
    const der = createPrivateKey(pair.privateKey).export({ type: "pkcs8", format: "der" });
    expect(await withConnectionKey(ref(org.id, conn.id), (d) => Buffer.from(d).equals(der))).toBe(true);
  });

  it("refuses a ciphertext copied onto another credential or organisation", async () => {
    const a = await ownerWithConnection();
    const b = await ownerWithConnection();
    const rowA = await db.connectionSecret.findUniqueOrThrow({
      where: { organizationId_connectionId: ref(a.org.id, a.conn.id) },
      select: { wrappedKey: true, ciphertext: true, kekId: true },
    });
    await db.connectionSecret.update({ where: { organizationId_connectionId: ref(b.org.id, b.conn.id) }, data: rowA });
    let used = false;
    await expect(withConnectionKey(ref(b.org.id, b.conn.id), () => (used = true))).rejects.toBeInstanceOf(VaultIntegrityError);
    expect(used).toBe(false);
    // A re-wrap reports the row it cannot open instead of stopping at it.
    const withNew = { keys: new Map([...vaultKeks().keys, ["tmp", randomBytes(32)]]), activeId: "tmp" };
    const r = await rewrapAll({ keks: withNew });
    expect(r.failed).toEqual([b.conn.id]);
    await rewrapAll({ keks: { ...withNew, activeId: vaultKeks().activeId } });
    await deleteConnection(b.ctx, b.conn.id);
  });

  it("re-wraps every data key under a new KEK, after which the old KEK can be removed and every key still signs", async () => {
    const made = await Promise.all([ownerWithConnection(), ownerWithConnection(), ownerWithConnection()]);
    const old = vaultKeks();
    const withNew = { keys: new Map([...old.keys, ["rot2", randomBytes(32)]]), activeId: "rot2" };
    const before = await db.connectionSecret.findMany({ select: { connectionId: true, ciphertext: true } });
    const result = await rewrapAll({ batchSize: 2, keks: withNew });
    expect(result.remaining).toBe(0);
    expect(result.moved).toBeGreaterThanOrEqual(3);
    expect(await rewrapAll({ keks: withNew })).toEqual({ moved: 0, remaining: 0, failed: [] });
    const after = await db.connectionSecret.findMany({ select: { connectionId: true, kekId: true, ciphertext: true } });
    for (const row of after) {
      expect(row.kekId).toBe("rot2");
      // The private key's own ciphertext is untouched: only the data key was re-wrapped.
      expect(Buffer.from(row.ciphertext).equals(Buffer.from(before.find((b) => b.connectionId === row.connectionId)!.ciphertext))).toBe(true);
    }
    const onlyNew = { keys: new Map([["rot2", withNew.keys.get("rot2")!]]), activeId: "rot2" };
    for (const m of made) {
      const sig = await withConnectionKey(ref(m.org.id, m.conn.id), (der) => createPrivateKey({ key: der, format: "der", type: "pkcs8" }).asymmetricKeyDetails?.namedCurve, onlyNew);
      expect(sig).toBe("prime256v1");
      await expect(withConnectionKey(ref(m.org.id, m.conn.id), () => 1, old)).rejects.toThrow(/"rot2" is not configured/);
    }
    // Put the run's KEK back for the other tests of this file.
    await rewrapAll({ keks: { keys: new Map([...old.keys, ...onlyNew.keys]), activeId: old.activeId } });
  });

  it("signs tokens that an independent ES256 verifier accepts, with exactly Apple's claims", async () => {
    const { org, pair, conn } = await ownerWithConnection();
    const full = await db.connection.findFirstOrThrow({ where: { id: conn.id } });
    const signed = await ascToken(full, { scope: ["GET /v1/apps?filter[platform]=IOS"] });
    const { payload, protectedHeader } = await jwtVerify(signed.token, await importSPKI(pair.publicKey, "ES256"), {
      audience: "appstoreconnect-v1",
      issuer: full.issuerId!,
      algorithms: ["ES256"],
    });
    expect(protectedHeader).toEqual({ alg: "ES256", kid: full.keyId, typ: "JWT" });
    expect(Object.keys(payload).sort()).toEqual(["aud", "exp", "iat", "iss", "scope"]);
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(1200);
    expect(payload.scope).toEqual(["GET /v1/apps?filter[platform]=IOS"]);
    // Cached: the same token comes back, and the decryption was audited once.
    expect((await ascToken(full, { scope: ["GET /v1/apps?filter[platform]=IOS"] })).token).toBe(signed.token);
    const events = await db.auditEvent.findMany({ where: { organizationId: org.id, action: "connection.key_decrypted" }, select: { metadata: true } });
    expect(events).toEqual([{ metadata: { count: 1, keyId: full.keyId } }]);
    const other = await ascToken(full, { ttlSeconds: 300 });
    expect(other.token).not.toBe(signed.token);
    const again = await db.auditEvent.findMany({ where: { organizationId: org.id, action: "connection.key_decrypted" }, select: { metadata: true } });
    expect(again).toEqual([{ metadata: { count: 2, keyId: full.keyId } }]);
  });

  it("stores neither the PEM, its base64 body nor the raw key bytes anywhere in the database", async () => {
    const { pair } = await ownerWithConnection();
    const body = pair.privateKey.split("\n").filter((l) => l && !l.startsWith("-----")).join("");
    const der = createPrivateKey(pair.privateKey).export({ type: "pkcs8", format: "der" });
    const jwk = createPrivateKey(pair.privateKey).export({ format: "jwk" });
    const rawD = Buffer.from(jwk.d!, "base64url");
    const dump = execFileSync("pg_dump", ["--data-only", process.env.DATABASE_URL!], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    expect(dump.length).toBeGreaterThan(1000);
    for (const needle of [pair.privateKey, body, body.slice(0, 40), der.toString("hex"), rawD.toString("hex"), der.toString("base64"), jwk.d!]) {
      expect(dump.includes(needle)).toBe(false);
    }
  });

  it("destroys the wrapped data key when the connection is deleted", async () => {
    const { ctx, org, conn } = await ownerWithConnection();
    await deleteConnection(ctx, conn.id);
    expect(await db.connectionSecret.count({ where: { organizationId: org.id } })).toBe(0);
    expect(await db.connection.count({ where: { id: conn.id } })).toBe(0);
  });

  it("seals an individual key (no Issuer ID) the same way: bound to its organisation and credential, re-wrapped, signing sub \"user\" tokens", async () => {
    const owner = await makeUser();
    const org = await makeOrg(owner);
    const ctx = await contextFor(org.id, owner.id);
    const pair = ascKeyPair();
    const conn = await createConnection(ctx, { name: "Mine", keyKind: "INDIVIDUAL", keyId: keyId(), privateKey: pair.privateKey });
    expect(conn).toMatchObject({ keyKind: "INDIVIDUAL", issuerId: null });
    const der = createPrivateKey(pair.privateKey).export({ type: "pkcs8", format: "der" });
    expect(await withConnectionKey(ref(org.id, conn.id), (d) => Buffer.from(d).equals(der))).toBe(true);
    // The same ciphertext on another credential does not open: the binding never needed an Issuer ID.
    const other = await ownerWithConnection();
    const row = await db.connectionSecret.findUniqueOrThrow({ where: { organizationId_connectionId: ref(org.id, conn.id) }, select: { wrappedKey: true, ciphertext: true, kekId: true } });
    await db.connectionSecret.update({ where: { organizationId_connectionId: ref(other.org.id, other.conn.id) }, data: row });
    await expect(withConnectionKey(ref(other.org.id, other.conn.id), () => 1)).rejects.toBeInstanceOf(VaultIntegrityError);
    await deleteConnection(other.ctx, other.conn.id);

    const old = vaultKeks();
    const withNew = { keys: new Map([...old.keys, ["ind2", randomBytes(32)]]), activeId: "ind2" };
    await rewrapAll({ keks: withNew });
    expect(await withConnectionKey(ref(org.id, conn.id), (d) => Buffer.from(d).equals(der), withNew)).toBe(true);
    await rewrapAll({ keks: { ...withNew, activeId: old.activeId } });

    const full = await db.connection.findFirstOrThrow({ where: { id: conn.id } });
    const { payload, protectedHeader } = await jwtVerify((await ascToken(full)).token, await importSPKI(pair.publicKey, "ES256"), { audience: "appstoreconnect-v1", algorithms: ["ES256"] });
    expect(protectedHeader.kid).toBe(full.keyId);
    expect(payload.sub).toBe("user");
    expect(payload).not.toHaveProperty("iss");
  });
});
