import { expect, request as pwRequest, test, type BrowserContext } from "@playwright/test";
import { email, jsonHeaders, newOwner, PASSWORD, signUp } from "./support/api";
import { e2eDb } from "./support/db";

async function sessionCookie(ctx: BrowserContext) {
  const c = (await ctx.cookies()).find((c) => c.name.endsWith("next-auth.session-token"));
  expect(c, "session cookie").toBeTruthy();
  return c!;
}

/** A request carrying only the given cookie, as a thief who copied it would send. */
async function withCookie(baseURL: string, cookie: { name: string; value: string }) {
  const ctx = await pwRequest.newContext({ baseURL, extraHTTPHeaders: { cookie: `${cookie.name}=${cookie.value}` } });
  return ctx.get("/api/orgs");
}

test("the session cookie is HttpOnly and SameSite=Lax", async ({ browser, baseURL }) => {
  const ctx = await browser.newContext({ baseURL });
  await newOwner(ctx.request, baseURL!, "cookie");
  const c = await sessionCookie(ctx);
  expect(c.httpOnly).toBe(true);
  expect(c.sameSite).toBe("Lax");
  expect(c.secure).toBe(false); // served over plain http here; https turns it on (lib/auth/next-auth.ts)
});

test("after sign-out the old session cookie is refused", async ({ browser, baseURL }) => {
  const ctx = await browser.newContext({ baseURL });
  const owner = await newOwner(ctx.request, baseURL!, "signout");
  const page = await ctx.newPage();
  await page.goto(`/o/${owner.slug}`);
  const stolen = await sessionCookie(ctx);
  expect((await withCookie(baseURL!, stolen)).status()).toBe(200);

  await page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  const replay = await withCookie(baseURL!, stolen);
  expect(replay.status()).toBe(401);
  const again = await browser.newContext({ baseURL, storageState: { cookies: [stolen], origins: [] } });
  const p2 = await again.newPage();
  await p2.goto(`/o/${owner.slug}`);
  await expect(p2).toHaveURL(/\/sign-in/);
});

test("a password change refuses every older session cookie and keeps this browser signed in", async ({ browser, baseURL }) => {
  const acct = await signUp(await pwRequest.newContext({ baseURL }), baseURL!, { label: "pwchange" });
  const laptop = await browser.newContext({ baseURL });
  const phone = await browser.newContext({ baseURL });
  for (const ctx of [laptop, phone]) {
    const p = await ctx.newPage();
    await p.goto("/sign-in");
    await p.getByLabel("Email").fill(acct.email);
    await p.getByLabel("Password").fill(acct.password);
    await p.getByRole("button", { name: "Sign in" }).click();
    await expect(p.getByRole("navigation", { name: "Main" })).toBeVisible();
  }
  const laptopOld = await sessionCookie(laptop);
  const phoneOld = await sessionCookie(phone);

  const page = await laptop.newPage();
  await page.goto("/account");
  await page.getByLabel("Current password").fill(acct.password);
  await page.getByLabel("New password").fill("an entirely new passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toHaveText("Password changed. Other sessions were signed out.");

  expect((await withCookie(baseURL!, laptopOld)).status()).toBe(401);
  expect((await withCookie(baseURL!, phoneOld)).status()).toBe(401);
  expect((await laptop.request.get("/api/orgs")).status()).toBe(200);
  const phonePage = await phone.newPage();
  await phonePage.goto("/");
  await expect(phonePage).toHaveURL(/\/sign-in/);
});

test("repeated failed sign-ins are throttled with a clear message", async ({ page, baseURL }) => {
  const acct = await signUp(await pwRequest.newContext({ baseURL }), baseURL!, { label: "throttle" });
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(acct.email);
  for (let i = 0; i < 5; i++) {
    await page.getByLabel("Password").fill(`wrong password ${i}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Email or password is incorrect.");
  }
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(/^Too many failed sign-in attempts for this account\. Try again in 1[45] minutes\.$/);
  await expect(page).toHaveURL(/\/sign-in/);
});

test("security headers are sent on pages and API routes", async ({ request }) => {
  for (const path of ["/sign-in", "/api/health"]) {
    const res = await request.get(path);
    const h = res.headers();
    expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(h["content-security-policy"]).toContain("default-src 'self'");
    expect(h["x-frame-options"]).toBe("DENY");
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["referrer-policy"]).toBe("same-origin");
    expect(h["x-powered-by"]).toBeUndefined();
  }
});

test("signed-out API calls get 401 and signed-out pages go to sign-in", async ({ page, request, baseURL }) => {
  const res = await request.post("/api/orgs", { headers: jsonHeaders(baseURL!), data: { name: "Nope" } });
  expect(res.status()).toBe(401);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Faccount/);
  expect(email("x")).toMatch(/@example\.test$/);
});

test("a forged X-Forwarded-For does not change the client address that throttling and the audit log use", async ({ baseURL }) => {
  const acct = await signUp(await pwRequest.newContext({ baseURL }), baseURL!, { label: "forger" });
  const forger = await pwRequest.newContext({ baseURL, extraHTTPHeaders: { "x-forwarded-for": "203.0.113.50" } });
  const { csrfToken } = await (await forger.get("/api/auth/csrf")).json();
  await forger.post("/api/auth/callback/credentials", { form: { csrfToken, email: acct.email, password: "not the password", json: "true" }, maxRedirects: 0 });
  const { rows } = await e2eDb().query(`SELECT ip FROM "AuditEvent" WHERE action = 'auth.sign_in_failed' AND "actorEmail" = $1`, [acct.email]);
  expect(rows).toEqual([{ ip: "127.0.0.1" }]);
});
