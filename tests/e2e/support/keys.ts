import { createPrivateKey, generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";

/** An App Store Connect-shaped key (PKCS#8 PEM, P-256) with its public half and every encoding of its secret. */
export function ascKey() {
  const { privateKey, publicKey } = generateKeyPairSync("ec", {
    namedCurve: "prime256v1",
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  const obj = createPrivateKey(privateKey);
  const der = obj.export({ type: "pkcs8", format: "der" });
  const d = obj.export({ format: "jwk" }).d!;
  const body = privateKey.split("\n").filter((l) => l && !l.startsWith("-----")).join("");
  return {
    privateKey,
    publicKey,
    keyId: randomBytes(5).toString("hex").toUpperCase(),
    issuerId: randomUUID(),
    /** Strings that must never appear outside the vault. */
    secrets: [privateKey.trim(), body, ...body.match(/.{40}/g)!.slice(0, 3), der.toString("hex"), der.toString("base64"), d, Buffer.from(d, "base64url").toString("hex")],
  };
}

export function connectionBody(name = "Client team") {
  const k = ascKey();
  return { key: k, body: { name, issuerId: k.issuerId, keyId: k.keyId, privateKey: k.privateKey } };
}
