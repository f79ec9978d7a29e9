import { createPublicKey, verify, type KeyObject } from "node:crypto";

/** A key registered with the simulated App Store Connect, as Apple keeps it per (issuer, key id). */
export type SimKey = { issuerId: string; keyId: string; publicKey: KeyObject; role: SimRole };
export type SimRole = "ADMIN" | "APP_MANAGER" | "DEVELOPER" | "MARKETING" | "SALES" | "FINANCE" | "CUSTOMER_SUPPORT" | "READ_ONLY";

export class AuthFailure extends Error {}

const SKEW_SECONDS = 60;

function part(segment: string, what: string): Record<string, unknown> {
  try {
    const v = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    if (v && typeof v === "object" && !Array.isArray(v)) return v;
  } catch {
    // fall through
  }
  throw new AuthFailure(`malformed ${what}`);
}

export function publicKeyFromPem(pem: string): KeyObject {
  const k = createPublicKey(pem);
  if (k.asymmetricKeyType !== "ec" || k.asymmetricKeyDetails?.namedCurve !== "prime256v1") throw new Error("keys must be EC P-256");
  return k;
}

/**
 * Checks a bearer token the way App Store Connect does: ES256 over the key registered for
 * its (iss, kid), audience appstoreconnect-v1, not expired, at most 20 minutes of life, not
 * issued in the future, and, when a scope is given, the request must match one entry.
 */
export function authenticate(
  authorization: string | undefined,
  request: { method: string; pathAndQuery: string },
  lookup: (issuerId: string, keyId: string) => SimKey | undefined,
  nowSeconds: number,
): SimKey {
  const token = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(authorization ?? "")?.[1];
  if (!token) throw new AuthFailure("missing bearer token");
  const [h, p, s] = token.split(".");
  const header = part(h, "header");
  const claims = part(p, "payload");
  if (header.alg !== "ES256") throw new AuthFailure("alg must be ES256");
  if (header.typ !== undefined && header.typ !== "JWT") throw new AuthFailure("typ must be JWT");
  if (typeof header.kid !== "string" || typeof claims.iss !== "string") throw new AuthFailure("kid and iss are required");
  const key = lookup(claims.iss, header.kid);
  if (!key) throw new AuthFailure("unknown issuer or key id");
  const sig = Buffer.from(s, "base64url");
  if (sig.length !== 64 || !verify("sha256", Buffer.from(`${h}.${p}`), { key: key.publicKey, dsaEncoding: "ieee-p1363" }, sig)) {
    throw new AuthFailure("bad signature");
  }
  if (claims.aud !== "appstoreconnect-v1") throw new AuthFailure("aud must be appstoreconnect-v1");
  const { iat, exp } = claims;
  if (!Number.isInteger(exp) || !Number.isInteger(iat)) throw new AuthFailure("iat and exp must be whole seconds");
  if ((exp as number) <= nowSeconds) throw new AuthFailure("token expired");
  if ((iat as number) > nowSeconds + SKEW_SECONDS) throw new AuthFailure("iat in the future");
  if ((exp as number) - (iat as number) > 20 * 60 || (exp as number) > nowSeconds + 20 * 60) throw new AuthFailure("lifetime over 20 minutes");
  if (claims.scope !== undefined) {
    if (!Array.isArray(claims.scope) || !claims.scope.every((x) => typeof x === "string")) throw new AuthFailure("scope must be a list");
    if (!claims.scope.some((entry) => scopeAllows(entry as string, request))) throw new AuthFailure("scope does not allow this request");
  }
  return key;
}

/** "GET /v1/apps?filter[platform]=IOS" allows that method on that path, with at least those query values. */
function scopeAllows(entry: string, request: { method: string; pathAndQuery: string }) {
  const [method, target] = entry.split(" ");
  if (!target || method !== request.method) return false;
  const want = new URL(target, "http://x");
  const got = new URL(request.pathAndQuery, "http://x");
  if (want.pathname !== got.pathname) return false;
  for (const [k, v] of want.searchParams) if (got.searchParams.get(k) !== v) return false;
  return true;
}
