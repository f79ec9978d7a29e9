import { expect, request as pwRequest, test } from "@playwright/test";
import { invite, joinAs, jsonHeaders, newOwner } from "./support/api";

/** Admins read who did what, filter it, and page through it. */
test("the audit log lists, filters and pages events", async ({ browser, baseURL }) => {
  const ownerReq = await pwRequest.newContext({ baseURL });
  const owner = await newOwner(ownerReq, baseURL!, "audit");
  const viewer = await joinAs(ownerReq, await pwRequest.newContext({ baseURL }), baseURL!, owner.orgId, "VIEWER", "audited");
  const members = (await (await ownerReq.get(`/api/orgs/${owner.orgId}/members`)).json()).members as { id: string; user: { email: string } }[];
  const viewerMember = members.find((m) => m.user.email === viewer.email)!;
  await ownerReq.patch(`/api/orgs/${owner.orgId}/members/${viewerMember.id}`, { headers: jsonHeaders(baseURL!), data: { role: "SUPPORT" } });
  await ownerReq.patch(`/api/orgs/${owner.orgId}`, { headers: jsonHeaders(baseURL!), data: { name: "Audited Org" } });
  for (let i = 0; i < 55; i++) await invite(ownerReq, baseURL!, owner.orgId, "VIEWER");

  const ctx = await browser.newContext({ baseURL, storageState: await ownerReq.storageState() });
  const page = await ctx.newPage();
  await page.goto(`/o/${owner.slug}/audit`);
  const rows = page.locator("tbody tr");
  await expect(rows).toHaveCount(50);
  await expect(rows.first()).toContainText("Created invitation");
  await page.getByRole("link", { name: "Older →" }).click();
  await expect(rows.filter({ hasText: "Renamed organisation" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "Changed member role" })).toContainText(viewer.email);
  await expect(rows.filter({ hasText: "Changed member role" })).toContainText("→ SUPPORT");
  await expect(rows.filter({ hasText: "Joined organisation" })).toHaveCount(1);
  // Sign-ins are account events, shown on the account page, not in an organisation's log.
  await expect(rows.filter({ hasText: "Signed in" })).toHaveCount(0);

  await page.getByLabel("Action").selectOption({ label: "Changed member role" });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=member\.role_changed/);
  await expect(rows).toHaveCount(1);
  await expect(page.getByRole("link", { name: "Older →" })).toHaveCount(0);

  await page.getByRole("link", { name: "Clear" }).click();
  await expect(page).toHaveURL(new RegExp(`/o/${owner.slug}/audit$`));
  await expect(rows).toHaveCount(50);
  await expect(page.getByLabel("Action")).toHaveValue("");
  await page.getByLabel("Actor email").fill(viewer.email);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(rows.filter({ hasText: "Joined organisation" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "Created invitation" })).toHaveCount(0);

  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await page.goto(`/o/${owner.slug}/audit?from=${tomorrow}`);
  await expect(page.getByRole("heading", { name: "No events match" })).toBeVisible();

  const api = await ownerReq.get(`/api/orgs/${owner.orgId}/audit?action=org.renamed`);
  expect((await api.json()).events).toHaveLength(1);
  const bad = await ownerReq.get(`/api/orgs/${owner.orgId}/audit?from=yesterday`);
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error.field).toBe("from");
});
