import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { db, getDb } from "@/lib/db/client";
import { getRedis } from "@/lib/redis";
import { uniqueEmail } from "@/lib/seed/factories";

function admin(args: string[], stdin?: string) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/admin.ts", ...args], { input: stdin, encoding: "utf8", env: process.env });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

afterAll(async () => {
  await getRedis().quit();
  await getDb().$disconnect();
});

describe("admin CLI", () => {
  it("creates a user (password on stdin) and an organisation they own, who can then sign in", async () => {
    const email = uniqueEmail("cli");
    const u = admin(["create-user", "--email", email, "--name", "Cli Owner", "--password-stdin"], "a cli chosen passphrase\n");
    expect(u.err).toBe("");
    expect(u.code).toBe(0);
    expect(u.out).toContain(`created user ${email}`);
    const o = admin(["create-org", "--name", "Self Hosted Co", "--owner", email]);
    expect(o.code).toBe(0);
    const slug = /slug=(\S+)/.exec(o.out)?.[1];
    expect(slug).toMatch(/^self-hosted-co-/);
    const m = await db.membership.findFirstOrThrow({ where: { user: { email }, organization: { slug } }, select: { role: true } });
    expect(m.role).toBe("OWNER");
    await expect(signInWithPassword({ email, password: "a cli chosen passphrase" }, { ip: "127.0.0.1" })).resolves.toBeTruthy();

    const viewer = uniqueEmail("cli-viewer");
    expect(admin(["create-user", "--email", viewer, "--password", "another good passphrase"]).code).toBe(0);
    const add = admin(["add-member", "--org", slug!, "--email", viewer, "--role", "viewer"]);
    expect(add.out).toContain(`added ${viewer} to ${slug} as viewer`);
    const tok = admin(["create-api-token", "--org", slug!, "--name", "CI release", "--role", "editor", "--expires-days", "30"]);
    expect(tok.code).toBe(0);
    expect(tok.err).toMatch(/created API token "CI release" \(editor\)/);
    const secret = tok.out.trim();
    expect(secret).toMatch(/^ascd_[A-Za-z0-9_-]{43}$/);
    const stored = await db.apiToken.findFirstOrThrow({ where: { organization: { slug } }, select: { role: true, expiresAt: true, prefix: true } });
    expect(stored.role).toBe("EDITOR");
    expect(secret.startsWith(stored.prefix)).toBe(true);
    expect(stored.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(admin(["create-api-token", "--org", slug!, "--name", "x", "--role", "owner"]).err).toMatch(/^error: role: API tokens can be at most admin/);

    const list = admin(["list-orgs", "--json"]);
    const orgs = JSON.parse(list.out) as { slug: string; members: number }[];
    expect(orgs.find((x) => x.slug === slug)?.members).toBe(2);
  });

  it("prints clear errors naming the field, exits 1 and writes nothing", async () => {
    const users = await db.user.count();
    const cases: [string[], string | undefined, RegExp][] = [
      [["create-user", "--email", "not-an-email", "--password-stdin"], "long enough password", /^error: email: Enter a valid email address/],
      [["create-user", "--email", uniqueEmail("weak"), "--password", "short"], undefined, /^error: password: Use at least 10 characters/],
      [["create-org", "--name", "x".repeat(200), "--owner", uniqueEmail("nobody")], undefined, /^error: name: Use at most 80 characters/],
      [["create-org", "--name", "Fine", "--owner", uniqueEmail("nobody")], undefined, /^error: email: No user with email/],
      [["add-member", "--org", "no-such-org", "--email", uniqueEmail("x"), "--role", "viewer"], undefined, /^error: Organisation no-such-org was not found/],
      [["add-member", "--org", "x", "--email", uniqueEmail("x"), "--role", "superuser"], undefined, /^error: role: Choose one of/],
      [["frobnicate"], undefined, /^error: Unknown command "frobnicate"/],
    ];
    for (const [args, stdin, pattern] of cases) {
      const r = admin(args, stdin);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.err, args.join(" ")).toMatch(pattern);
    }
    expect(await db.user.count()).toBe(users);
  });

  it("refuses to run with a broken environment", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/admin.ts", "list-orgs"], { encoding: "utf8", env: { PATH: process.env.PATH, NODE_ENV: "test" } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/DATABASE_URL is required/);
  });
});
