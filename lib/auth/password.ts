import { randomBytes, scrypt, type ScryptOptions } from "node:crypto";
import { safeEqual } from "@/lib/crypto/tokens";

// OWASP's Password Storage Cheat Sheet lists equivalent scrypt settings; N=2^15, r=8, p=3
// is the one that keeps memory at 32 MiB per hash (p runs sequentially) instead of the
// 128 MiB of N=2^17, so a burst of sign-ups or sign-ins cannot exhaust the server's memory
// while each guess still costs as much CPU. Hashes made with other settings are upgraded
// at the next successful sign-in (see needsRehash).
export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 3 } as const;
const PARAMS = SCRYPT_PARAMS;
const KEY_LEN = 32;

function derive(password: string, salt: Buffer, o: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { N: o.N, r: o.r, p: o.p, maxmem: 128 * o.N * o.r * 2 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, KEY_LEN, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** Encoded as `scrypt$N$r$p$salt$hash` (base64url) so parameters can change later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ["scrypt", PARAMS.N, PARAMS.r, PARAMS.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = encoded.split("$");
  if (alg !== "scrypt" || !salt || !hash) return false;
  const key = await derive(password, Buffer.from(salt, "base64url"), { N: Number(n), r: Number(r), p: Number(p) });
  return safeEqual(key, Buffer.from(hash, "base64url"));
}

/** True when a stored hash was made with other settings than today's and should be replaced. */
export function needsRehash(encoded: string): boolean {
  const [alg, n, r, p] = encoded.split("$");
  return alg !== "scrypt" || Number(n) !== PARAMS.N || Number(r) !== PARAMS.r || Number(p) !== PARAMS.p;
}

// A hash of a random password, verified against when the email is unknown so that
// response time does not reveal whether an account exists.
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString("hex"));
  return dummy;
}
