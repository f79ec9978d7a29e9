import { execFileSync, spawn } from "node:child_process";
import { expect, request as pwRequest, test } from "@playwright/test";
import { email, invite, jsonHeaders, newOwner, PASSWORD, signIn } from "./support/api";
import { count } from "./support/db";
import { E2E_NOSIGNUP_PORT, E2E_PORT } from "./support/ports";

const cliEnv = () => ({ ...process.env, REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379", DATABASE_URL: process.env.E2E_DATABASE_URL, REDIS_PREFIX: process.env.E2E_REDIS_PREFIX, NEXTAUTH_URL: `http://127.0.0.1:${E2E_PORT}`, NEXTAUTH_SECRET: "x".repeat(32), LOG_LEVEL: "silent", VAULT_KEKS: process.env.E2E_VAULT_KEKS, VAULT_ACTIVE_KEK: "e2e1" });

function admin(args: string[], input?: string) {
  return execFileSync(process.execPath, ["--import", "tsx", "scripts/admin.ts", ...args], { env: cliEnv(), input, encoding: "utf8" });
}

test("a user and organisation made with the admin CLI sign in through the browser", async ({ page }) => {
  const addr = email("cli");
  expect(admin(["create-user", "--email", addr, "--name", "Cli Person", "--password-stdin"], `${PASSWORD}\n`)).toContain(`created user ${addr}`);
  const out = admin(["create-org", "--name", "Cli Corp", "--owner", addr]);
  const slug = /slug=(\S+)/.exec(out)![1];
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(addr);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`/o/${slug}$`));
  await expect(page.getByRole("heading", { name: "Cli Corp", level: 1 })).toBeVisible();
  await expect(page.getByText("Your role: Owner")).toBeVisible();
});

test.describe("with sign-up disabled", () => {
  const base = `http://127.0.0.1:${E2E_NOSIGNUP_PORT}`;
  const primary = `http://127.0.0.1:${E2E_PORT}`;

  test("the sign-up page says so and the API creates nothing", async ({ browser }) => {
    const page = await (await browser.newContext({ baseURL: base })).newPage();
    await page.goto("/sign-up");
    await expect(page.getByRole("status")).toHaveText(/Sign-up is turned off on this server/);
    await expect(page.getByLabel("Work email")).toHaveCount(0);
    await page.goto("/sign-in");
    await expect(page.getByRole("link", { name: "Create an account" })).toHaveCount(0);

    const req = await pwRequest.newContext({ baseURL: base });
    const sneaky = email("sneaky");
    const res = await req.post("/api/signup", { headers: jsonHeaders(base), data: { name: "Sneaky", email: sneaky, password: PASSWORD, organizationName: `Sneaky Org ${sneaky}` } });
    expect(res.status()).toBe(403);
    expect((await res.json()).error).toMatchObject({ code: "signup_disabled", message: "Sign-up is turned off on this server. Ask an administrator for an invitation." });
    expect(await count("User", "email = $1", [sneaky])).toBe(0);
    expect(await count("Organization", "name = $1", [`Sneaky Org ${sneaky}`])).toBe(0);
  });

  test("an invitation still lets a new person create an account", async ({ browser }) => {
    const ownerReq = await pwRequest.newContext({ baseURL: base });
    // Accounts come from elsewhere on such a server: here the other server shares the database.
    const owner = await newOwner(await pwRequest.newContext({ baseURL: primary }), primary, "nosignup");
    await signIn(ownerReq, owner);
    const inv = await invite(ownerReq, base, owner.orgId, "SUPPORT");
    const page = await (await browser.newContext({ baseURL: base })).newPage();
    await page.goto(`/invite/${inv.token}`);
    await page.getByLabel("Your name").fill("Invited Ivy");
    await page.getByLabel("Work email").fill(email("ivy"));
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account and join" }).click();
    await expect(page.getByText("Your role: Support")).toBeVisible();
  });
});

test("health reports every dependency", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body).toMatchObject({ status: "ok", failing: [], checks: { database: { ok: true }, redis: { ok: true }, queue: { ok: true } } });
});

test("the web server refuses to start with a message naming each bad variable", async () => {
  const p = spawn(process.execPath, [".next/standalone/server.js"], {
    env: { PATH: process.env.PATH, NODE_ENV: "production", PORT: "3299", HOSTNAME: "127.0.0.1", DATABASE_URL: "mysql://x", NEXTAUTH_URL: "not a url" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  p.stderr!.on("data", (d) => (err += d));
  const exited = new Promise((r) => p.once("exit", r));
  const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r("still running"), 20_000))]);
  if (p.exitCode === null) p.kill("SIGKILL");
  expect(code).toBe(1);
  expect(err).toContain("web server cannot start");
  expect(err).toMatch(/DATABASE_URL must start with postgres/);
  expect(err).toContain("REDIS_URL is required");
  expect(err).toMatch(/NEXTAUTH_URL must be a URL/);
  expect(err).toContain("NEXTAUTH_SECRET is required");
});
