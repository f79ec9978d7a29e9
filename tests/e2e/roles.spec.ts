import { jsonHeaders } from "./support/api";
import { orgFingerprint } from "./support/db";
import { expect, test } from "./support/fixtures";
import { API_CASES, PAGE_CASES } from "./support/org-surface";

/** Every mutation is checked on the server: a viewer gets 403 and the organisation is unchanged. */
test("a viewer's attempts to change anything get 403 and change nothing", async ({ baseURL, org, target, signedIn }) => {
  const viewer = await signedIn(org.members.VIEWER);
  const mutations = API_CASES.filter((c) => c.mutation);
  expect(mutations.length).toBeGreaterThanOrEqual(6);
  const before = await orgFingerprint(target.orgId);
  for (const c of mutations) {
    const res = await viewer.fetch(c.path(target), { method: c.method, headers: jsonHeaders(baseURL!), data: c.body?.(target) });
    expect(res.status(), `${c.method} ${c.route}`).toBe(403);
    expect((await res.json()).error.code).toBe("forbidden");
  }
  expect(await orgFingerprint(target.orgId)).toBe(before);
});

test("admin-only pages answer 403 to a viewer, and the sidebar hides them", async ({ browser, baseURL, org, target, signedIn }) => {
  const viewer = await signedIn(org.members.VIEWER);
  const ctx = await browser.newContext({ baseURL, storageState: await viewer.storageState() });
  const page = await ctx.newPage();
  for (const p of PAGE_CASES.filter((p) => p.route.endsWith("audit") || p.route.endsWith("members"))) {
    const res = await page.goto(p.path(target));
    expect(res?.status(), p.route).toBe(403);
    await expect(page.getByRole("heading", { name: "Your role does not allow this" })).toBeVisible();
  }
  await page.goto(`/o/${target.slug}`);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Reviews" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Audit log" })).toHaveCount(0);
});

test("a cross-site request is refused before it changes anything", async ({ baseURL, org, target, signedIn }) => {
  const owner = await signedIn(org.members.OWNER);
  const before = await orgFingerprint(target.orgId);
  const evil = await owner.patch(`/api/orgs/${target.orgId}`, {
    headers: { origin: "https://evil.example", "content-type": "application/json" },
    data: { name: "pwned" },
  });
  expect(evil.status()).toBe(403);
  expect((await evil.json()).error.code).toBe("csrf");
  const form = await owner.patch(`/api/orgs/${target.orgId}`, {
    headers: { origin: new URL(baseURL!).origin },
    form: { name: "pwned" },
  });
  expect(form.status()).toBe(403);
  expect(await orgFingerprint(target.orgId)).toBe(before);
});
