import { createPrivateKey, generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { expect, type APIRequestContext } from "@playwright/test";
import { jsonHeaders } from "./api";
import { SIM_URL } from "./sim";

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

/** The request body of an individual key (no Issuer ID). */
export function individualConnectionBody(name = "My individual key") {
  const k = ascKey();
  return { key: k, body: { name, keyKind: "INDIVIDUAL" as const, keyId: k.keyId, privateKey: k.privateKey } };
}

/** fastlane's API key file for the key: with its Issuer ID (a team key) unless `individual`; the key as PEM or, with `base64`, as fastlane's base64. */
export function fastlaneApiKeyFile(k: ReturnType<typeof ascKey>, opts: { individual?: boolean; base64?: boolean } = {}) {
  return JSON.stringify({
    key_id: k.keyId,
    ...(opts.individual ? {} : { issuer_id: k.issuerId }),
    key: opts.base64 ? Buffer.from(k.privateKey).toString("base64") : k.privateKey,
    ...(opts.base64 ? { is_key_content_base64: true } : {}),
    duration: 1200,
    in_house: false,
  });
}

/**
 * Adds an individual-key connection to the organisation and makes the simulator know the key,
 * for a user with the given Apple role on `teamIssuerId`'s team (left out: the simulator's
 * default account). Returns the connection's id and the key.
 */
export async function individualSimConnection(
  request: APIRequestContext,
  baseURL: string,
  orgId: string,
  opts: { role?: string; teamIssuerId?: string; name?: string } = {},
) {
  const { key, body } = individualConnectionBody(opts.name);
  const sim = await request.post(`${SIM_URL}/__sim/keys`, {
    data: { kind: "INDIVIDUAL", keyId: key.keyId, publicKey: key.publicKey, role: opts.role ?? "ADMIN", ...(opts.teamIssuerId ? { teamIssuerId: opts.teamIssuerId } : {}) },
  });
  expect(sim.status(), await sim.text()).toBe(201);
  const res = await request.post(`/api/orgs/${orgId}/connections`, { headers: jsonHeaders(baseURL), data: body });
  expect(res.status(), await res.text()).toBe(201);
  return { connectionId: (await res.json()).connection.id as string, key };
}
