import { createPublicKey, verify, type KeyObject } from "node:crypto";

/**
 * A key registered with the simulated App Store Connect. A team key is found by its
 * (Issuer ID, Key ID); an individual key by its Key ID alone, as its tokens carry no `iss`.
 */
export type SimKey = {
  kind: SimKeyKind;
  /**
   * The team (issuer) whose account the key sees: a team key's own Issuer ID; for an
   * individual key, its user's team ("" when that is the simulator's default account).
   */
  issuerId: string;
  keyId: string;
  publicKey: KeyObject;
  role: SimRole;
};
/** TEAM keys act for the team; INDIVIDUAL keys act as one user, with that user's role, and cannot read Sales and Finance reports. */
export type SimKeyKind = "TEAM" | "INDIVIDUAL";
export type SimRole = "ADMIN" | "APP_MANAGER" | "DEVELOPER" | "MARKETING" | "SALES" | "FINANCE" | "CUSTOMER_SUPPORT" | "READ_ONLY";

export class AuthFailure extends Error {}

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
 * its (iss, kid), or for its kid alone when it says `sub: "user"` (an individual key),
 * audience appstoreconnect-v1, not expired, at most 20 minutes of life, not issued in the
 * future, and, when a scope is given, the request must match one entry.
 *
 * Apple ("Generating Tokens for API Requests") gives a team key's payload as iss, iat, exp,
 * aud (and scope), and an individual key's as sub "user", iat, exp, aud (and scope),
 * without iss. Where it is silent, the stricter reading: a token with both iss and sub, a
 * team key's token without iss, an individual key's kid under an iss, or an iat later than
 * Apple's clock (no allowance for skew) is refused.
 *
 * `lookup(null, kid)` finds an individual key; `lookup(iss, kid)` a team key.
 */
export function authenticate(
  authorization: string | undefined,
  request: { method: string; pathAndQuery: string },
  lookup: (issuerId: string | null, keyId: string) => SimKey | undefined,
  nowSeconds: number,
): SimKey {
  const token = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(authorization ?? "")?.[1];
  if (!token) throw new AuthFailure("missing bearer token");
  const [h, p, s] = token.split(".");
  const header = part(h, "header");
  const claims = part(p, "payload");
  if (header.alg !== "ES256") throw new AuthFailure("alg must be ES256");
  if (header.typ !== undefined && header.typ !== "JWT") throw new AuthFailure("typ must be JWT");
  if (typeof header.kid !== "string") throw new AuthFailure("kid is required");
  let key: SimKey | undefined;
  if (claims.sub !== undefined) {
    if (claims.sub !== "user") throw new AuthFailure('sub, when given, is "user" (an individual key)');
    if (claims.iss !== undefined) throw new AuthFailure("an individual key's token has no iss");
    key = lookup(null, header.kid);
    if (!key || key.kind !== "INDIVIDUAL") throw new AuthFailure("unknown individual key id");
  } else {
    if (typeof claims.iss !== "string") throw new AuthFailure("iss is required (a team key's token)");
    key = lookup(claims.iss, header.kid);
    if (!key || key.kind !== "TEAM") throw new AuthFailure("unknown issuer or key id");
  }
  const sig = Buffer.from(s, "base64url");
  if (sig.length !== 64 || !verify("sha256", Buffer.from(`${h}.${p}`), { key: key.publicKey, dsaEncoding: "ieee-p1363" }, sig)) {
    throw new AuthFailure("bad signature");
  }
  if (claims.aud !== "appstoreconnect-v1") throw new AuthFailure("aud must be appstoreconnect-v1");
  const { iat, exp } = claims;
  if (!Number.isInteger(exp) || !Number.isInteger(iat)) throw new AuthFailure("iat and exp must be whole seconds");
  if ((exp as number) <= nowSeconds) throw new AuthFailure("token expired");
  if ((iat as number) > nowSeconds) throw new AuthFailure("iat in the future");
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
