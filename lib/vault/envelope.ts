import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Envelope encryption of one secret: a fresh 256-bit data key encrypts it with
 * AES-256-GCM, and a versioned key-encryption key (KEK) wraps the data key, also with
 * AES-256-GCM. The associated data binds both ciphertexts to the format version, the
 * organisation and the credential, so a blob copied onto another row does not open.
 */
export const FORMAT_VERSION = 1;
const NONCE = 12;
const TAG = 16;

export type Keks = { keys: ReadonlyMap<string, Buffer>; activeId: string };
export type Binding = { organizationId: string; credentialId: string };
export type Sealed = { formatVersion: number; kekId: string; wrappedKey: Buffer; ciphertext: Buffer };

export class VaultIntegrityError extends Error {
  constructor(what: string) {
    super(`vault integrity check failed: ${what}`);
    this.name = "VaultIntegrityError";
  }
}

function aad(kind: "data" | "wrap", v: number, b: Binding, kekId?: string) {
  return Buffer.from(JSON.stringify([kind, v, b.organizationId, b.credentialId, kekId ?? null]), "utf8");
}

function gcmSeal(key: Buffer, plaintext: Buffer, ad: Buffer): Buffer {
  const nonce = randomBytes(NONCE);
  const c = createCipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG });
  c.setAAD(ad);
  const body = Buffer.concat([c.update(plaintext), c.final()]);
  return Buffer.concat([nonce, body, c.getAuthTag()]);
}

function gcmOpen(key: Buffer, blob: Buffer, ad: Buffer, what: string): Buffer {
  // A shorter blob would let a truncated tag through; refuse before touching the cipher.
  if (blob.length < NONCE + TAG + 1) throw new VaultIntegrityError(`${what} is truncated`);
  const nonce = blob.subarray(0, NONCE);
  const tag = blob.subarray(blob.length - TAG);
  const body = blob.subarray(NONCE, blob.length - TAG);
  const d = createDecipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG });
  d.setAAD(ad);
  d.setAuthTag(tag);
  const out = d.update(body);
  try {
    return Buffer.concat([out, d.final()]);
  } catch {
    out.fill(0);
    throw new VaultIntegrityError(`${what} failed authentication`);
  } finally {
    out.fill(0);
  }
}

function kek(keks: Keks, id: string): Buffer {
  const k = keks.keys.get(id);
  if (!k) throw new VaultIntegrityError(`key-encryption key "${id}" is not configured`);
  return k;
}

/** Encrypts `plaintext` under a fresh data key wrapped by the active KEK. The data key is zeroed. */
export function seal(plaintext: Buffer, binding: Binding, keks: Keks): Sealed {
  const dataKey = randomBytes(32);
  try {
    const ciphertext = gcmSeal(dataKey, plaintext, aad("data", FORMAT_VERSION, binding));
    const wrappedKey = gcmSeal(kek(keks, keks.activeId), dataKey, aad("wrap", FORMAT_VERSION, binding, keks.activeId));
    return { formatVersion: FORMAT_VERSION, kekId: keks.activeId, wrappedKey, ciphertext };
  } finally {
    dataKey.fill(0);
  }
}

/**
 * Decrypts and hands the plaintext to `consume`, then zeroes every buffer that held key
 * material, whatever `consume` did. Returns what `consume` returns.
 */
export function open<T>(sealed: Sealed, binding: Binding, keks: Keks, consume: (plaintext: Buffer) => T): T {
  if (sealed.formatVersion !== FORMAT_VERSION) throw new VaultIntegrityError(`unknown format version ${sealed.formatVersion}`);
  const dataKey = gcmOpen(kek(keks, sealed.kekId), sealed.wrappedKey, aad("wrap", sealed.formatVersion, binding, sealed.kekId), "wrapped data key");
  let plaintext: Buffer | undefined;
  try {
    plaintext = gcmOpen(dataKey, sealed.ciphertext, aad("data", sealed.formatVersion, binding), "ciphertext");
    return consume(plaintext);
  } finally {
    dataKey.fill(0);
    plaintext?.fill(0);
  }
}

/** Moves a data key under the active KEK without decrypting the secret itself. */
export function rewrap(sealed: Sealed, binding: Binding, keks: Keks): Sealed {
  if (sealed.kekId === keks.activeId) return sealed;
  const dataKey = gcmOpen(kek(keks, sealed.kekId), sealed.wrappedKey, aad("wrap", sealed.formatVersion, binding, sealed.kekId), "wrapped data key");
  try {
    const wrappedKey = gcmSeal(kek(keks, keks.activeId), dataKey, aad("wrap", sealed.formatVersion, binding, keks.activeId));
    return { ...sealed, kekId: keks.activeId, wrappedKey };
  } finally {
    dataKey.fill(0);
  }
}
