import { afterAll, describe, expect, it } from "vitest";
import { changePassword } from "@/lib/auth/change-password";
import { resolveSession, revokeSession } from "@/lib/auth/sessions";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { signUp } from "@/lib/auth/sign-up";
import { SIGN_IN_LIMITS } from "@/lib/auth/throttle";
import { db, getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { getRedis } from "@/lib/redis";
import { DEFAULT_PASSWORD, makeUser, uniqueEmail } from "@/lib/seed/factories";
import { failure } from "./support/failure";

const client = (ip = "198.51.100.7") => ({ ip, userAgent: "vitest" });

afterAll(async () => {
  await getRedis().quit();
  await getDb().$disconnect();
});

describe("sign-up", () => {
  it("creates the user, their first organisation as owner, and an audit entry", async () => {
    const email = uniqueEmail("signup");
    const { user, organization } = (await signUp({ name: "Ada", email, password: DEFAULT_PASSWORD, organizationName: "Ada's Apps" }, client()))!;
    const m = await db.membership.findFirstOrThrow({ where: { userId: user.id }, select: { role: true, organization: { select: { name: true, slug: true } } } });
    expect(m).toEqual({ role: "OWNER", organization: { name: "Ada's Apps", slug: organization.slug } });
    expect(await db.auditEvent.count({ where: { action: "org.created", actorId: user.id } })).toBe(1);
  });

  it("answers a taken email as a new one would and creates nothing", async () => {
    const email = uniqueEmail("taken");
    await signUp({ name: "A", email, password: DEFAULT_PASSWORD, organizationName: "First" }, client());
    const orgsBefore = await db.organization.count();
    const usersBefore = await db.user.count();
    expect(await signUp({ name: "B", email, password: DEFAULT_PASSWORD, organizationName: "Second" }, client())).toBeNull();
    expect(await db.organization.count()).toBe(orgsBefore);
    expect(await db.user.count()).toBe(usersBefore);
  });

  it("stores a scrypt hash, never the password", async () => {
    const u = await makeUser({ password: "a passphrase nobody guesses" });
    const row = await db.user.findUniqueOrThrow({ where: { id: u.id }, select: { passwordHash: true } });
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(row.passwordHash).not.toContain("passphrase");
  });
});

describe("sign-in", () => {
  it("opens a server-side session that revocation ends", async () => {
    const u = await makeUser();
    const { sessionSecret } = await signInWithPassword({ email: u.email, password: DEFAULT_PASSWORD }, client());
    expect((await resolveSession(sessionSecret))?.id).toBe(u.id);
    await revokeSession(sessionSecret);
    expect(await resolveSession(sessionSecret)).toBeNull();
  });

  it("answers the same for an unknown email and a wrong password", async () => {
    const u = await makeUser();
    const a = await failure(signInWithPassword({ email: u.email, password: "wrong password!" }, client("198.51.100.20")), AppError);
    const b = await failure(signInWithPassword({ email: uniqueEmail("nobody"), password: "wrong password!" }, client("198.51.100.20")), AppError);
    expect(a.publicMessage).toBe("Email or password is incorrect.");
    expect(b.publicMessage).toBe(a.publicMessage);
    expect(await db.auditEvent.count({ where: { action: "auth.sign_in_failed", actorId: u.id } })).toBe(1);
  });

  it("locks an account after repeated failures, even with the right password, from any client", async () => {
    const u = await makeUser();
    for (let i = 0; i < SIGN_IN_LIMITS.account.max; i++) {
      await failure(signInWithPassword({ email: u.email, password: "not the password" }, client(`192.0.2.${i + 1}`)), AppError);
    }
    const e = await failure(signInWithPassword({ email: u.email, password: DEFAULT_PASSWORD }, client("192.0.2.200")), AppError);
    expect(e.code).toBe("rate_limited");
    expect(e.publicMessage).toMatch(/^Too many failed sign-in attempts for this account\. Try again in 1[45] minutes\.$/);
    expect(e.options.retryAfterSeconds).toBeGreaterThan(800);
  });

  it("counts parallel guesses before checking them, so a burst gets no more than the limit", async () => {
    const u = await makeUser();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => signInWithPassword({ email: u.email, password: `guess number ${i}` }, client(`192.0.2.${100 + i}`))),
    );
    const codes = results.map((r) => (r.status === "rejected" ? (r.reason as AppError).code : "signed-in"));
    expect(codes.filter((c) => c === "unauthenticated")).toHaveLength(SIGN_IN_LIMITS.account.max);
    expect(codes.filter((c) => c === "rate_limited")).toHaveLength(20 - SIGN_IN_LIMITS.account.max);
  });

  it("throttles a client that fails across many accounts", async () => {
    const ip = "192.0.2.250";
    for (let i = 0; i < SIGN_IN_LIMITS.client.max; i++) {
      await failure(signInWithPassword({ email: uniqueEmail("spray"), password: "not the password" }, client(ip)), AppError);
    }
    const u = await makeUser();
    const e = await failure(signInWithPassword({ email: u.email, password: DEFAULT_PASSWORD }, client(ip)), AppError);
    expect(e.publicMessage).toMatch(/for this device or network/);
    // Another client signs in to the same account untouched.
    await expect(signInWithPassword({ email: u.email, password: DEFAULT_PASSWORD }, client("192.0.2.251"))).resolves.toBeTruthy();
  });
});

describe("password change", () => {
  it("ends every existing session and issues a new one", async () => {
    const u = await makeUser();
    const s1 = (await signInWithPassword({ email: u.email, password: DEFAULT_PASSWORD }, client())).sessionSecret;
    const s2 = (await signInWithPassword({ email: u.email, password: DEFAULT_PASSWORD }, client())).sessionSecret;
    const fresh = await changePassword(u, { currentPassword: DEFAULT_PASSWORD, newPassword: "a brand new passphrase" }, client());
    expect(await resolveSession(s1)).toBeNull();
    expect(await resolveSession(s2)).toBeNull();
    expect((await resolveSession(fresh))?.id).toBe(u.id);
    await expect(signInWithPassword({ email: u.email, password: "a brand new passphrase" }, client())).resolves.toBeTruthy();
  });

  it("refuses a wrong current password and keeps the sessions", async () => {
    const u = await makeUser();
    const s = (await signInWithPassword({ email: u.email, password: DEFAULT_PASSWORD }, client())).sessionSecret;
    const e = await failure(changePassword(u, { currentPassword: "not it at all", newPassword: "another passphrase" }, client()), AppError);
    expect(e.field).toBe("currentPassword");
    expect(await resolveSession(s)).not.toBeNull();
  });
});
