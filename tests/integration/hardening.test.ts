import { randomBytes, scryptSync } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, describe, expect, it } from "vitest";
import { POST as nextAuthPost } from "@/app/api/auth/[...nextauth]/route";
import { POST as signUpPost } from "@/app/api/signup/route";
import { dummyHash, hashPassword, SCRYPT_PARAMS } from "@/lib/auth/password";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { reserveAttempt, SIGN_IN_LIMITS, SIGN_UP_LIMIT } from "@/lib/auth/throttle";
import { db, getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { readCappedFormData } from "@/lib/http/capped-body";
import { getRedis } from "@/lib/redis";
import { DEFAULT_PASSWORD, makeUser, uniqueEmail } from "@/lib/seed/factories";
import { failure } from "./support/failure";

const ORIGIN = "http://127.0.0.1:3999";
const noParams = { params: Promise.resolve({}) };

afterAll(async () => {
  await getRedis().quit();
  await getDb().$disconnect();
});

/** A body sent in chunks without Content-Length (or with one that lies), counting what the server pulled. */
function endlessBody(totalBytes: number, chunk = 16 * 1024) {
  const pulled = { bytes: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.bytes >= totalBytes) return controller.close();
      pulled.bytes += chunk;
      controller.enqueue(new Uint8Array(chunk).fill(0x20));
    },
  });
  return { stream, pulled };
}

function post(url: string, body: BodyInit, headers: Record<string, string> = {}) {
  return new NextRequest(url, { method: "POST", body, headers: { origin: ORIGIN, "content-type": "application/json", ...headers }, duplex: "half" } as never);
}

function signUpRequest(body: unknown, ip: string) {
  return post(`${ORIGIN}/api/signup`, JSON.stringify(body), { "x-forwarded-for": ip });
}

describe("request bodies are capped while they are read", () => {
  it("a chunked JSON body without Content-Length is refused with 413 as soon as it passes 64 KB", async () => {
    const { stream, pulled } = endlessBody(8 * 1024 * 1024);
    const res = await signUpPost(post(`${ORIGIN}/api/signup`, stream), noParams);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: { code: "too_large", message: "The request body is too large (the limit is 64 KB)." } });
    expect(pulled.bytes).toBeLessThan(256 * 1024);
  });

  it("a Content-Length that understates the body does not get it read whole", async () => {
    const { stream, pulled } = endlessBody(8 * 1024 * 1024);
    const res = await signUpPost(post(`${ORIGIN}/api/signup`, stream, { "content-length": "100" }), noParams);
    expect(res.status).toBe(413);
    expect(pulled.bytes).toBeLessThan(256 * 1024);
  });

  it("the sign-in endpoint refuses an oversized chunked body with 413 before reading it all", async () => {
    const { stream, pulled } = endlessBody(8 * 1024 * 1024);
    const req = post(`${ORIGIN}/api/auth/callback/credentials`, stream, { "content-type": "application/x-www-form-urlencoded" });
    const res = await nextAuthPost(req, { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) });
    expect(res.status).toBe(413);
    expect(pulled.bytes).toBeLessThan(256 * 1024);
  });

  it("multipart uploads read through the capped reader stop at their limit and parse when within it", async () => {
    const form = new FormData();
    form.set("file", new Blob([new Uint8Array(300 * 1024)]), "metadata.zip");
    const encoded = new Request(`${ORIGIN}/x`, { method: "POST", body: form });
    const bytes = new Uint8Array(await encoded.arrayBuffer());
    const type = encoded.headers.get("content-type")!;
    const big = failure(readCappedFormData(post(`${ORIGIN}/x`, new Blob([bytes]).stream(), { "content-type": type }), 100 * 1024), AppError);
    expect([(await big).status, (await big).code]).toEqual([413, "too_large"]);
    const ok = await readCappedFormData(post(`${ORIGIN}/x`, new Blob([bytes]).stream(), { "content-type": type }), 1024 * 1024);
    expect((ok.get("file") as File).size).toBe(300 * 1024);
  });
});

describe("sign-up", () => {
  const newAccount = (label: string) => ({ name: "Sam", email: uniqueEmail(label), password: DEFAULT_PASSWORD, organizationName: `Org ${randomBytes(3).toString("hex")}` });

  it("is limited per client: past the hourly limit, 429 with Retry-After and a clear message, and nothing is created", async () => {
    const ip = "203.0.113.41";
    for (let i = 0; i < SIGN_UP_LIMIT.max(); i++) {
      expect((await signUpPost(signUpRequest(newAccount("limit"), ip), noParams)).status).toBe(201);
    }
    const over = newAccount("over");
    const res = await signUpPost(signUpRequest(over, ip), noParams);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(55 * 60);
    expect((await res.json()).error).toEqual({ code: "rate_limited", message: "Too many accounts were created from this device or network. Try again in 60 minutes." });
    expect(await db.user.count({ where: { email: over.email } })).toBe(0);
    // Another client is not affected.
    expect((await signUpPost(signUpRequest(newAccount("other"), "203.0.113.42"), noParams)).status).toBe(201);
  });

  it("counts an IPv6 /64 as one client", async () => {
    for (let i = 0; i < SIGN_UP_LIMIT.max(); i++) {
      const ip = `2001:db8:41:7:${(i + 1).toString(16)}::${i + 5}`;
      expect((await signUpPost(signUpRequest(newAccount("v6"), ip), noParams)).status).toBe(201);
    }
    expect((await signUpPost(signUpRequest(newAccount("v6"), "2001:db8:41:7:ffff:ffff:ffff:fffe"), noParams)).status).toBe(429);
    expect((await signUpPost(signUpRequest(newAccount("v6"), "2001:db8:41:8::1"), noParams)).status).toBe(201);
  });

  it("answers a taken address exactly as a new one, creates nothing, and only the account's password signs in", async () => {
    const first = { ...newAccount("dup"), password: "the owner's own passphrase" };
    const a = await signUpPost(signUpRequest(first, "203.0.113.51"), noParams);
    const users = await db.user.count();
    const orgs = await db.organization.count();
    const memberships = await db.membership.count();

    const hashStarted = performance.now();
    await hashPassword("timing reference");
    const hashMs = performance.now() - hashStarted;
    const again = { ...first, password: "an attacker's guess 123", organizationName: "Attacker Org" };
    const started = performance.now();
    const b = await signUpPost(signUpRequest(again, "203.0.113.52"), noParams);
    const tookMs = performance.now() - started;

    expect([b.status, b.headers.get("content-type")]).toEqual([a.status, a.headers.get("content-type")]);
    expect(b.status).toBe(201);
    expect(await b.json()).toEqual(await a.json());
    // The password is hashed either way, so the answer does not come back conspicuously fast.
    expect(tookMs).toBeGreaterThan(hashMs * 0.5);
    expect([await db.user.count(), await db.organization.count(), await db.membership.count()]).toEqual([users, orgs, memberships]);
    expect(await db.organization.count({ where: { name: "Attacker Org" } })).toBe(0);
    const wrong = await failure(signInWithPassword({ email: first.email, password: again.password }, { ip: "203.0.113.52" }), AppError);
    expect(wrong.publicMessage).toBe("Email or password is incorrect.");
    expect((await signInWithPassword({ email: first.email, password: first.password }, { ip: "203.0.113.51" })).user.email).toBe(first.email);
  });
});

describe("password hashing cost", () => {
  const oldHash = (password: string) => {
    const salt = randomBytes(16);
    const key = scryptSync(password.normalize("NFKC"), salt, 32, { N: 2 ** 14, r: 8, p: 1 });
    return ["scrypt", 2 ** 14, 8, 1, salt.toString("base64url"), key.toString("base64url")].join("$");
  };
  const storedHash = async (id: string) => (await db.user.findUniqueOrThrow({ where: { id }, select: { passwordHash: true } })).passwordHash;
  const current = `scrypt$${SCRYPT_PARAMS.N}$${SCRYPT_PARAMS.r}$${SCRYPT_PARAMS.p}$`;

  it("meets OWASP's scrypt guidance (N=2^15, r=8, p=3), for the dummy hash too", async () => {
    expect(SCRYPT_PARAMS).toEqual({ N: 2 ** 15, r: 8, p: 3 });
    expect(await hashPassword("x".repeat(12))).toMatch(/^scrypt\$32768\$8\$3\$/);
    expect(await dummyHash()).toMatch(/^scrypt\$32768\$8\$3\$/);
  });

  it("a hash made with older settings is replaced at the next successful sign-in, and the password keeps working", async () => {
    const u = await makeUser();
    await db.user.update({ where: { id: u.id }, data: { passwordHash: oldHash(DEFAULT_PASSWORD) } });
    const bad = await failure(signInWithPassword({ email: u.email, password: "not the password" }, { ip: "198.51.100.61" }), AppError);
    expect(bad.code).toBe("unauthenticated");
    expect((await storedHash(u.id))).toMatch(/^scrypt\$16384\$8\$1\$/);

    await signInWithPassword({ email: u.email, password: DEFAULT_PASSWORD }, { ip: "198.51.100.61" });
    const upgraded = (await storedHash(u.id));
    expect(upgraded.startsWith(current)).toBe(true);
    await signInWithPassword({ email: u.email, password: DEFAULT_PASSWORD }, { ip: "198.51.100.61" });
    expect((await storedHash(u.id))).toBe(upgraded);
  });
});

describe("per-client sign-in limit", () => {
  const attempts = async (ips: string[]) => {
    for (let i = 0; i < SIGN_IN_LIMITS.client.max; i++) await reserveAttempt(uniqueEmail("guess"), ips[i % ips.length]);
  };

  it("two IPv6 addresses in the same /64 share one limit; another /64 does not", async () => {
    await attempts(["2001:db8:aa:1::1", "2001:db8:aa:1:8000::7"]);
    const e = await failure(reserveAttempt(uniqueEmail("guess"), "2001:0db8:00aa:0001:ffff:ffff:ffff:ffff"), AppError);
    expect([e.status, e.publicMessage]).toEqual([429, "Too many failed sign-in attempts for this device or network. Try again in 15 minutes."]);
    await expect(reserveAttempt(uniqueEmail("guess"), "2001:db8:aa:2::1")).resolves.toBeUndefined();
  });

  it("IPv4 stays per address, and an IPv4-mapped IPv6 address counts as its IPv4 address", async () => {
    await attempts(["192.0.2.77"]);
    expect((await failure(reserveAttempt(uniqueEmail("guess"), "::ffff:192.0.2.77"), AppError)).code).toBe("rate_limited");
    await expect(reserveAttempt(uniqueEmail("guess"), "192.0.2.78")).resolves.toBeUndefined();
  });
});
