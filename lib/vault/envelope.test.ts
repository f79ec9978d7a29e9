import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { open, rewrap, seal, VaultIntegrityError, type Sealed } from "./envelope";

const k1 = { keys: new Map([["k1", randomBytes(32)]]), activeId: "k1" };
const binding = { organizationId: "org_a", credentialId: "cred_1" };
const secret = Buffer.from("-----BEGIN PRIVATE KEY-----\nnot really\n-----END PRIVATE KEY-----\n");

const read = (s: Sealed, b = binding, keks = k1) => open(s, b, keks, (p) => Buffer.from(p));

function flips(buf: Buffer) {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i++) {
    for (let bit = 0; bit < 8; bit++) {
      const copy = Buffer.from(buf);
      copy[i] ^= 1 << bit;
      out.push(copy);
    }
  }
  return out;
}

describe("envelope encryption", () => {
  it("round-trips, and never stores the plaintext or the data key in the clear", () => {
    const s = seal(secret, binding, k1);
    expect(read(s)).toEqual(secret);
    expect(s.ciphertext.includes(secret)).toBe(false);
    expect(s.wrappedKey).toHaveLength(12 + 32 + 16);
    expect(s.ciphertext).toHaveLength(12 + secret.length + 16);
  });

  it("uses a fresh data key and nonce every time", () => {
    const a = seal(secret, binding, k1);
    const b = seal(secret, binding, k1);
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
    expect(a.wrappedKey.equals(b.wrappedKey)).toBe(false);
  });

  it("fails with an integrity error, returning nothing, when any single bit of nonce, ciphertext, tag or wrapped key flips", () => {
    const s = seal(secret, binding, k1);
    let calls = 0;
    const variants = [
      ...flips(s.ciphertext).map((ciphertext) => ({ ...s, ciphertext })),
      ...flips(s.wrappedKey).map((wrappedKey) => ({ ...s, wrappedKey })),
    ];
    expect(variants.length).toBe((s.ciphertext.length + s.wrappedKey.length) * 8);
    for (const v of variants) {
      expect(() => open(v, binding, k1, () => calls++)).toThrow(VaultIntegrityError);
    }
    expect(calls).toBe(0);
  });

  it("refuses a ciphertext bound to another credential or organisation", () => {
    const s = seal(secret, binding, k1);
    expect(() => read(s, { ...binding, credentialId: "cred_2" })).toThrow(VaultIntegrityError);
    expect(() => read(s, { ...binding, organizationId: "org_b" })).toThrow(VaultIntegrityError);
  });

  it("refuses a truncated tag", () => {
    const s = seal(secret, binding, k1);
    for (const cut of [1, 4, 8, 15, 16]) {
      expect(() => read({ ...s, ciphertext: s.ciphertext.subarray(0, s.ciphertext.length - cut) })).toThrow(VaultIntegrityError);
      expect(() => read({ ...s, wrappedKey: s.wrappedKey.subarray(0, s.wrappedKey.length - cut) })).toThrow(VaultIntegrityError);
    }
  });

  it("re-wraps under a new KEK without touching the ciphertext, after which the old KEK can go", () => {
    const s = seal(secret, binding, k1);
    const both = { keys: new Map([...k1.keys, ["k2", randomBytes(32)]]), activeId: "k2" };
    const moved = rewrap(s, binding, both);
    expect(moved.kekId).toBe("k2");
    expect(moved.ciphertext.equals(s.ciphertext)).toBe(true);
    const onlyK2 = { keys: new Map([["k2", both.keys.get("k2")!]]), activeId: "k2" };
    expect(read(moved, binding, onlyK2)).toEqual(secret);
    expect(() => read(s, binding, onlyK2)).toThrow(/"k1" is not configured/);
  });

  it("refuses a wrapped key whose KEK label was changed", () => {
    const both = { keys: new Map([...k1.keys, ["k2", randomBytes(32)]]), activeId: "k1" };
    const s = seal(secret, binding, both);
    expect(() => read({ ...s, kekId: "k2" }, binding, both)).toThrow(VaultIntegrityError);
  });

  it("zeroes the plaintext after use", () => {
    const s = seal(secret, binding, k1);
    let seen: Buffer | undefined;
    open(s, binding, k1, (p) => {
      seen = p;
      expect(p.equals(secret)).toBe(true);
    });
    expect(seen!.every((b) => b === 0)).toBe(true);
  });
});
