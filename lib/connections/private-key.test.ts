import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseAscPrivateKey } from "./private-key";

const pem = (o: { privateKey: string }) => o.privateKey;
const ec = (namedCurve: string) => pem(generateKeyPairSync("ec", { namedCurve, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }));
const good = ec("prime256v1");

describe("parseAscPrivateKey", () => {
  it("accepts a PKCS#8 P-256 key, with CRLF line ends and surrounding blanks, and fingerprints its public half", () => {
    const a = parseAscPrivateKey(good);
    const b = parseAscPrivateKey(`\n  ${good.replace(/\n/g, "\r\n")}  \n`);
    expect(a.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(a.key.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
  });

  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  const encrypted = generateKeyPairSync("ec", {
    namedCurve: "prime256v1",
    privateKeyEncoding: { type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "pw" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  }).privateKey;
  const sec1 = generateKeyPairSync("ec", { namedCurve: "prime256v1", privateKeyEncoding: { type: "sec1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey;
  const lines = good.trim().split("\n");

  it.each([
    ["an RSA key", rsa.privateKey, /This is an RSA key/],
    ["a P-384 key", ec("secp384r1"), /on P-384\. App Store Connect keys are on P-256/],
    ["a secp256k1 key", ec("secp256k1"), /on secp256k1/],
    ["an Ed25519 key", pem(generateKeyPairSync("ed25519", { privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } })), /This is a ed25519 key/],
    ["an encrypted PKCS#8 key", encrypted, /encrypted with a password/],
    ["a SEC1 EC key", sec1, /SEC1 format/],
    ["a wrong label", good.replace(/PRIVATE KEY/g, "OPENSSH PRIVATE KEY"), /labelled "OPENSSH PRIVATE KEY"/],
    ["a public key", rsa.publicKey, /This is a public key/],
    ["a certificate", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", /This is a certificate/],
    ["a missing END line", lines.slice(0, -1).join("\n"), /truncated: the "-----END PRIVATE KEY-----" line is missing/],
    ["a truncated body", [lines[0], lines[1], lines[2].slice(0, 8), lines.at(-1)].join("\n"), /truncated or corrupt|not valid base64/],
    ["a body cut to a whole number of base64 blocks", [lines[0], lines[1], lines.at(-1)].join("\n"), /truncated or corrupt/],
    ["a non-base64 body", good.replace(lines[1], lines[1].slice(0, 10) + "!?" + lines[1].slice(12)), /not valid base64/],
    ["an empty file", "   \n", /The key is empty/],
    ["not PEM at all", "hello", /not a PEM file/],
    ["over 8 KiB", good + "x".repeat(8 * 1024), /larger than 8 KiB/],
    ["two keys", good + good, /more than one PEM block/],
  ])("rejects %s with its own message", (_name, text, message) => {
    expect(() => parseAscPrivateKey(text)).toThrow(message);
  });
});

describe("parseAscPrivateKey with the base64 of the .p8 (as CI secret stores hold it)", () => {
  const b64 = (text: string) => Buffer.from(text).toString("base64");
  const base = parseAscPrivateKey(good);

  it("reads it as the same key, on one line or wrapped at 76 columns as base64(1) writes it", () => {
    expect(base.encoding).toBe("pem");
    const one = parseAscPrivateKey(b64(good));
    const wrapped = parseAscPrivateKey(`${b64(good).match(/.{1,76}/g)!.join("\n")}\n`);
    const crlf = parseAscPrivateKey(b64(good.replace(/\n/g, "\r\n")));
    for (const r of [one, wrapped, crlf]) {
      expect(r.encoding).toBe("base64");
      expect(r.fingerprint).toBe(base.fingerprint);
      expect(r.der.equals(base.der)).toBe(true);
    }
  });

  it.each([
    ["the base64 of an RSA key", b64(generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey), /This is an RSA key/],
    ["the base64 of a P-384 key", b64(ec("secp384r1")), /on P-384/],
    [
      "the base64 of an encrypted key",
      b64(generateKeyPairSync("ec", { namedCurve: "prime256v1", privateKeyEncoding: { type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "pw" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey),
      /encrypted with a password/,
    ],
    ["the base64 of a PEM cut short", b64(good).slice(0, 200), /truncated: the "-----END PRIVATE KEY-----" line is missing/],
    ["the base64 of a huge file", b64(good + "x".repeat(7 * 1024)), /larger than 8 KiB/],
    ["the key's body without its BEGIN and END lines", good.split("\n").filter((l) => l && !l.startsWith("-----")).join(""), /not a PEM file.*not the base64 of a PEM file either/],
    ["base64 of something else", b64("just some text, not a key"), /not a PEM file/],
  ])("rejects %s with the message of the PEM check", (_name, text, message) => {
    expect(() => parseAscPrivateKey(text)).toThrow(message);
  });
});
