import { request as httpRequest } from "node:http";
import { expect, request as pwRequest, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { invite, newOwner, PASSWORD, signIn, signUp } from "./support/api";
import { PAGE_CASES, type Target } from "./support/org-surface";
import { E2E_PORT } from "./support/ports";
import { makeTarget } from "./support/target";

/**
 * Every page answers with a Content-Security-Policy whose script-src allows scripts by a
 * nonce of that response only (no 'unsafe-inline'), every script in the page carries it,
 * and the page still hydrates in Chromium with no policy violation.
 */
const baseURL = `http://127.0.0.1:${E2E_PORT}`;

type Shared = { target: Target; owner: { email: string; password: string }; inviteToken: string; signedIn: BrowserContext };
let shared: Shared;

/** A context that records every CSP violation the page reports, and console errors that name the policy. */
async function watchedContext(browser: Browser, storageState?: Awaited<ReturnType<BrowserContext["storageState"]>>) {
  const ctx = await browser.newContext({ baseURL, storageState });
  await ctx.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`));
  });
  return ctx;
}

function consoleViolations(page: Page) {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load)/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

/** Loads `path`, checks its policy and scripts, waits until React has hydrated it; returns the nonce. */
async function loadChecked(page: Page, path: string) {
  const res = await page.goto(path);
  expect(res, path).not.toBeNull();
  expect(res!.status(), path).toBe(200);
  const policy = res!.headers()["content-security-policy"] ?? "";
  const scriptSrc = policy.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src")) ?? "";
  expect(scriptSrc, `script-src of ${path}`).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  const nonce = /'nonce-([^']+)'/.exec(scriptSrc)![1];

  const html = await res!.text();
  const tags = html.match(/<script\b[^>]*>/g) ?? [];
  expect(tags.length, `scripts in ${path}`).toBeGreaterThan(0);
  for (const tag of tags) expect(tag, `a script of ${path}`).toContain(`nonce="${nonce}"`);

  // Hydrated: React has attached itself to the page's elements.
  await expect
    .poll(() => page.evaluate(() => Object.keys(document.body).some((k) => k.startsWith("__react"))), { message: `${path} hydrates` })
    .toBe(true);
  return nonce;
}

async function expectNoViolations(page: Page, fromConsole: string[]) {
  expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
  expect(fromConsole).toEqual([]);
}

test.describe("Content-Security-Policy with a per-request nonce", () => {
  test.describe.configure({ mode: "serial", timeout: 120_000 });

  test.beforeAll(async ({ browser }) => {
    const [ownerReq, viewerReq] = await Promise.all([0, 1].map(() => pwRequest.newContext({ baseURL })));
    const { target, owner } = await makeTarget(ownerReq, viewerReq, baseURL, "csp");
    const inv = await invite(ownerReq, baseURL, target.orgId, "VIEWER");
    const signedIn = await watchedContext(browser, await ownerReq.storageState());
    shared = { target, owner, inviteToken: inv.token, signedIn };
  });

  const signedOutPages = [
    { name: "/sign-in", path: () => "/sign-in" },
    { name: "/sign-up", path: () => "/sign-up" },
    { name: "/invite/[token]", path: () => `/invite/${shared.inviteToken}` },
  ];
  for (const p of signedOutPages) {
    test(`signed out ${p.name}: nonce on every script, fresh per request, no violation`, async ({ browser }) => {
      const page = await (await watchedContext(browser)).newPage();
      const fromConsole = consoleViolations(page);
      const first = await loadChecked(page, p.path());
      const second = await loadChecked(page, p.path());
      expect(second).not.toBe(first);
      await expectNoViolations(page, fromConsole);
    });
  }

  const signedInPages = [
    { name: "/ (the dashboard it leads to)", path: () => "/" },
    { name: "/account", path: () => "/account" },
    { name: "/orgs/new", path: () => "/orgs/new" },
    ...PAGE_CASES.map((c) => ({ name: `/${c.route}`, path: () => c.path(shared.target) })),
  ];
  for (const p of signedInPages) {
    test(`signed in ${p.name}: nonce on every script, fresh per request, no violation`, async () => {
      const page = await shared.signedIn.newPage();
      const fromConsole = consoleViolations(page);
      const first = await loadChecked(page, p.path());
      const second = await loadChecked(page, p.path());
      expect(second).not.toBe(first);
      await expectNoViolations(page, fromConsole);
      await page.close();
    });
  }

  test("the sign-in form works under the policy and leads to the dashboard", async ({ browser }) => {
    const page = await (await watchedContext(browser)).newPage();
    const fromConsole = consoleViolations(page);
    await loadChecked(page, "/sign-in");
    await page.getByLabel("Email").fill(shared.owner.email);
    await page.getByLabel("Password").fill(shared.owner.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(new RegExp(`/o/${shared.target.slug}$`));
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    await expectNoViolations(page, fromConsole);
  });
});

test.describe("Strict-Transport-Security", () => {
  test("is not sent over plain http, even when a client claims https without a trusted proxy", async ({ request }) => {
    const plain = await request.get("/sign-in");
    expect(plain.status()).toBe(200);
    expect(plain.headers()["strict-transport-security"]).toBeUndefined();
    const claimed = await request.get("/sign-in", { headers: { "x-forwarded-proto": "https" } });
    expect(claimed.status()).toBe(200);
    expect(claimed.headers()["strict-transport-security"]).toBeUndefined();
  });
});

test("signing up an address that already has an account answers as for a new one and signs nobody in", async ({ baseURL }) => {
  const ownerReq = await pwRequest.newContext({ baseURL });
  const owner = await newOwner(ownerReq, baseURL!, "dupowner");
  const intruder = await pwRequest.newContext({ baseURL });
  const res = await intruder.post("/api/signup", {
    headers: { origin: baseURL!, "content-type": "application/json" },
    data: { name: "owner", email: owner.email, password: `not ${PASSWORD}`, organizationName: "Intruder Org" },
  });
  expect(res.status()).toBe(201);
  expect(await res.json()).toEqual({ account: { email: owner.email, name: "owner" } });
  expect((await intruder.get("/api/orgs")).status()).toBe(401);
  // A brand-new address gets the same status (support/api.ts checks 201).
  await signUp(await pwRequest.newContext({ baseURL }), baseURL!, { label: "owner" });
});

test.describe("sign-up form for an address that already has an account", () => {
  test("with another password: the form asks to sign in instead, and nothing is created", async ({ browser, baseURL }) => {
    const owner = await newOwner(await pwRequest.newContext({ baseURL }), baseURL!, "formdup");
    const page = await (await browser.newContext({ baseURL })).newPage();
    await page.goto("/sign-up");
    await page.getByLabel("Your name").fill("Copy Cat");
    await page.getByLabel("Work email").fill(owner.email);
    await page.getByLabel("Password", { exact: true }).fill(`not the owner's ${PASSWORD}`);
    await page.getByLabel("Organisation name").fill(`Copycat of ${owner.orgName}`);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText(
      "We could not sign you in with this email and password. If you already have an account, sign in instead.",
    );
    await expect(page).toHaveURL(/\/sign-up$/);
    expect((await page.request.get("/api/orgs")).status()).toBe(401);
    const mine = await pwRequest.newContext({ baseURL });
    await signIn(mine, owner);
    expect((await (await mine.get("/api/orgs")).json()).organizations.map((o: { name: string }) => o.name)).toEqual([owner.orgName]);
  });

  test("with their own password, through an invitation: signed in and joined", async ({ browser, baseURL }) => {
    const inviterReq = await pwRequest.newContext({ baseURL });
    const inviter = await newOwner(inviterReq, baseURL!, "inviter");
    const inv = await invite(inviterReq, baseURL!, inviter.orgId, "SUPPORT");
    const member = await newOwner(await pwRequest.newContext({ baseURL }), baseURL!, "already");
    const page = await (await browser.newContext({ baseURL })).newPage();
    await page.goto(`/invite/${inv.token}`);
    await page.getByLabel("Your name").fill("Already Here");
    await page.getByLabel("Work email").fill(member.email);
    await page.getByLabel("Password").fill(member.password);
    await page.getByRole("button", { name: "Create account and join" }).click();
    await expect(page).toHaveURL(new RegExp(`/o/${inviter.slug}$`));
    await expect(page.getByText("Your role: Support")).toBeVisible();
  });
});

/** POSTs `totalBytes` in chunks with no Content-Length (chunked transfer), straight over a socket. */
function postChunked(path: string, totalBytes: number, contentType: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest(`${baseURL}${path}`, { method: "POST", headers: { origin: baseURL, "content-type": contentType } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < totalBytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

test("the running server refuses a chunked body over the cap with 413 (JSON routes and sign-in)", async () => {
  const signUpRes = await postChunked("/api/signup", 4 * 1024 * 1024, "application/json");
  expect(signUpRes.status).toBe(413);
  expect(JSON.parse(signUpRes.body)).toEqual({ error: { code: "too_large", message: "The request body is too large (the limit is 64 KB)." } });
  const signInRes = await postChunked("/api/auth/callback/credentials", 4 * 1024 * 1024, "application/x-www-form-urlencoded");
  expect(signInRes.status).toBe(413);
  expect(JSON.parse(signInRes.body).error.code).toBe("too_large");
});
