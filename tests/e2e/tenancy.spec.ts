import { expect, request as pwRequest, test } from "@playwright/test";
import { jsonHeaders, newOwner } from "./support/api";
import { orgFingerprint } from "./support/db";
import { API_CASES, PAGE_CASES } from "./support/org-surface";
import { makeTarget } from "./support/target";

/**
 * Tenant isolation: a member of organisation B asks for organisation A's objects and gets
 * 404 with nothing changed; A's owner makes the same request in the same test and succeeds.
 */
test.describe("cross-tenant isolation", () => {
  for (const c of API_CASES) {
    test(`${c.method} /${c.route}: other tenant 404, owner ${c.method === "POST" ? 201 : "2xx"}`, async ({ baseURL }) => {
      const [ownerA, viewerA, ownerB] = await Promise.all([0, 1, 2].map(() => pwRequest.newContext({ baseURL })));
      const { target } = await makeTarget(ownerA, viewerA, baseURL!, "tenantA");
      await newOwner(ownerB, baseURL!, "tenantB");
      const before = await orgFingerprint(target.orgId);

      const opts = { headers: jsonHeaders(baseURL!), data: c.body?.(target) };
      const foreign = await ownerB.fetch(c.path(target), { method: c.method, ...opts });
      expect(foreign.status()).toBe(404);
      expect(await foreign.json()).toEqual({ error: { code: "not_found", message: "Organisation was not found." } });
      expect(await orgFingerprint(target.orgId)).toBe(before);

      const own = await ownerA.fetch(c.path(target), { method: c.method, ...opts });
      expect(own.status(), await own.text()).toBeLessThan(300);
      if (c.mutation) expect(await orgFingerprint(target.orgId)).not.toBe(before);
    });
  }

  for (const p of PAGE_CASES) {
    test(`page /${p.route}: other tenant 404, owner 200`, async ({ browser, baseURL }) => {
      const [ownerA, viewerA] = await Promise.all([0, 1].map(() => pwRequest.newContext({ baseURL })));
      const { target } = await makeTarget(ownerA, viewerA, baseURL!, "pageA");
      const ctxB = await browser.newContext({ baseURL });
      await newOwner(ctxB.request, baseURL!, "pageB");
      const pageB = await ctxB.newPage();
      const res = await pageB.goto(p.path(target));
      expect(res?.status()).toBe(404);
      await expect(pageB.getByRole("heading", { name: "Not found" })).toBeVisible();
      await expect(pageB.getByText(target.orgName)).toHaveCount(0);

      const ctxA = await browser.newContext({ baseURL, storageState: await ownerA.storageState() });
      const pageA = await ctxA.newPage();
      const ok = await pageA.goto(p.path(target));
      expect(ok?.status()).toBe(200);
      await expect(pageA.getByRole("navigation", { name: "Main" })).toBeVisible();
    });
  }

  test("the Sales page of one's own organisation, with another tenant's connection in the URL, names none of its apps", async ({ browser, baseURL }) => {
    const [ownerA, viewerA] = await Promise.all([0, 1].map(() => pwRequest.newContext({ baseURL })));
    const { target } = await makeTarget(ownerA, viewerA, baseURL!, "salesA");
    const ctxB = await browser.newContext({ baseURL });
    const ownerB = await newOwner(ctxB.request, baseURL!, "salesB");
    const pageB = await ctxB.newPage();
    const foreign = `/o/${ownerB.slug}/sales?connection=${target.connectionId}`;
    expect((await pageB.goto(foreign))?.status()).toBe(200);
    await expect(pageB.getByRole("heading", { level: 1, name: "Sales" })).toBeVisible();
    expect(await pageB.content()).not.toContain("TARGET1");
    expect(await pageB.content()).not.toContain("Target App");
    const api = await ctxB.request.get(`/api/orgs/${ownerB.orgId}/sales?from=2026-05-01&to=2026-05-31&connection=${target.connectionId}`);
    expect(api.status(), await api.text()).toBeLessThan(500);
    expect(await api.text()).not.toContain("TARGET1");

    // A's owner, on A's page with the same connection, sees the app in the picker.
    const ctxA = await browser.newContext({ baseURL, storageState: await ownerA.storageState() });
    const pageA = await ctxA.newPage();
    await pageA.goto(`/o/${target.slug}/sales?connection=${target.connectionId}`);
    await expect(pageA.getByRole("option", { name: "Target App (TARGET1)" })).toBeAttached();
  });
});
