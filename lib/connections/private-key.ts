import { createHash, createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";

export const MAX_KEY_BYTES = 8 * 1024;

export class KeyProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KeyProblem";
  }
}

const HOW = "Download the key again from App Store Connect (Users and Access › Integrations) and upload the AuthKey_<KEY ID>.p8 file as it is.";

const LABEL_PROBLEMS: Record<string, string> = {
  "ENCRYPTED PRIVATE KEY": "This key is encrypted with a password. App Store Connect keys are not; upload the original .p8 file.",
  "RSA PRIVATE KEY": "This is an RSA key. App Store Connect keys are EC keys on the P-256 curve.",
  "EC PRIVATE KEY": "This is an EC key in SEC1 format (BEGIN EC PRIVATE KEY). Upload the PKCS#8 .p8 file (BEGIN PRIVATE KEY) as App Store Connect gave it.",
  "PUBLIC KEY": "This is a public key. Upload the private key (.p8) instead.",
  "CERTIFICATE": "This is a certificate, not a private key. Upload the .p8 private key instead.",
};

/**
 * The PEM text of `trimmed` when it is the base64 of a PEM file, as CI secret stores keep a
 * .p8 (`base64 -i AuthKey_XXXXXXXXXX.p8`, wrapped or not); null when it is not.
 */
function pemFromBase64(trimmed: string): string | null {
  const b64 = trimmed.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(b64) || b64.length % 4 === 1) return null;
  const decoded = Buffer.from(b64, "base64").toString("utf8").replace(/^\uFEFF/, "").trim();
  return decoded.startsWith("-----BEGIN ") ? decoded : null;
}

/**
 * Checks that `text` is what App Store Connect hands out: one PKCS#8 PEM block holding an
 * unencrypted EC private key on P-256, given as the PEM text or as the base64 of it. Each
 * way of being wrong gets its own message. The returned KeyObject is the only parsed form
 * of the key that leaves this function.
 */
export function parseAscPrivateKey(text: string): { key: KeyObject; der: Buffer; fingerprint: string; encoding: "pem" | "base64" } {
  if (Buffer.byteLength(text, "utf8") > MAX_KEY_BYTES) {
    throw new KeyProblem(`The key is larger than 8 KiB. An App Store Connect .p8 file is about 250 bytes. ${HOW}`);
  }
  const given = text.replace(/^\uFEFF/, "").trim();
  if (!given) throw new KeyProblem("The key is empty.");
  const decoded = given.startsWith("-----BEGIN ") ? null : pemFromBase64(given);
  return { ...parsePem(decoded ?? given), encoding: decoded ? "base64" : "pem" };
}

function parsePem(trimmed: string): { key: KeyObject; der: Buffer; fingerprint: string } {
  const begin = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(trimmed);
  if (!begin) {
    throw new KeyProblem(`This is not a PEM file: it has no "-----BEGIN PRIVATE KEY-----" line, and it is not the base64 of a PEM file either. ${HOW}`);
  }
  const label = begin[1];
  if (label !== "PRIVATE KEY") {
    throw new KeyProblem(LABEL_PROBLEMS[label] ?? `This PEM block is labelled "${label}", not "PRIVATE KEY". ${HOW}`);
  }
  const end = new RegExp(`-----END ${label}-----`).exec(trimmed);
  if (!end) throw new KeyProblem(`The key is truncated: the "-----END PRIVATE KEY-----" line is missing. ${HOW}`);
  if ((trimmed.match(/-----BEGIN /g) ?? []).length > 1) throw new KeyProblem("The file holds more than one PEM block. Upload just the one .p8 key.");
  const body = trimmed.slice(begin.index + begin[0].length, end.index).replace(/\s+/g, "");
  if (!body) throw new KeyProblem(`The key has no content between its BEGIN and END lines. ${HOW}`);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body) || body.length % 4 !== 0) {
    throw new KeyProblem(`The key's body is not valid base64 (it was cut short or edited). ${HOW}`);
  }
  const der = Buffer.from(body, "base64");
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  } catch {
    der.fill(0);
    throw new KeyProblem(`The key could not be read: its content is truncated or corrupt. ${HOW}`);
  }
  if (key.asymmetricKeyType !== "ec") {
    der.fill(0);
    const kind = key.asymmetricKeyType === "rsa" ? "an RSA key" : `a ${key.asymmetricKeyType} key`;
    throw new KeyProblem(`This is ${kind}. App Store Connect keys are EC keys on the P-256 curve.`);
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (curve !== "prime256v1") {
    der.fill(0);
    const name = curve === "secp384r1" ? "P-384" : curve === "secp521r1" ? "P-521" : (curve ?? "an unknown curve");
    throw new KeyProblem(`This EC key is on ${name}. App Store Connect keys are on P-256.`);
  }
  return { key, der, fingerprint: fingerprintOf(key) };
}

/** "SHA256:" and the base64 SHA-256 of the public key's SubjectPublicKeyInfo (DER). */
export function fingerprintOf(privateKey: KeyObject): string {
  const spki = createPublicKey(privateKey).export({ type: "spki", format: "der" });
  return `SHA256:${createHash("sha256").update(spki).digest("base64").replace(/=+$/, "")}`;
}
