import { generateKeyPairSync, randomBytes } from "node:crypto";

/** A fresh App Store Connect-shaped key: PKCS#8 PEM, EC P-256, with its public half. */
export function ascKeyPair() {
  const { privateKey, publicKey } = generateKeyPairSync("ec", {
    namedCurve: "prime256v1",
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  return { privateKey, publicKey };
}

export const keyId = () => randomBytes(5).toString("hex").toUpperCase();
export const issuerId = () => crypto.randomUUID();
