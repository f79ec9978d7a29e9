import { sign, type KeyObject } from "node:crypto";

export const ASC_AUDIENCE = "appstoreconnect-v1" as const;
export const MAX_TOKEN_SECONDS = 20 * 60;

/**
 * A team key's token names its team (`iss`, the Issuer ID); an individual key's token has no
 * `iss` and says `sub: "user"` instead (Apple: "Generating Tokens for API Requests").
 */
export type AscClaims = ({ iss: string; sub?: never } | { sub: "user"; iss?: never }) & { iat: number; exp: number; aud: typeof ASC_AUDIENCE; scope?: string[] };

const b64url = (v: object | Buffer) => (Buffer.isBuffer(v) ? v : Buffer.from(JSON.stringify(v))).toString("base64url");

/** Signs an App Store Connect token: ES256 with the key's Key ID in the header. */
export function signAscJwt(key: KeyObject, keyId: string, claims: AscClaims): string {
  if (claims.exp - claims.iat > MAX_TOKEN_SECONDS || claims.exp <= claims.iat) {
    throw new Error("App Store Connect tokens live at most 20 minutes");
  }
  const head = b64url({ alg: "ES256", kid: keyId, typ: "JWT" });
  const body = b64url(claims);
  // JOSE wants the raw r||s signature, not DER.
  const sig = sign("sha256", Buffer.from(`${head}.${body}`), { key, dsaEncoding: "ieee-p1363" });
  return `${head}.${body}.${b64url(sig)}`;
}
