import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { jsonHeaders, newOwner } from "./support/api";
import { connectionBody } from "./support/keys";
import { addSimTeam, registerSimKey, SIM_URL } from "./support/sim";

/**
 * Analytics from Apple's Analytics Reports API, against the simulator: each test's team has
 * an account of its own, with analytics settings of its own (first reports at once instead of
 * 24 to 48 hours later; Apple's analytics clock moved on by `clockShiftDays`).
 */

async function simAnalytics(request: APIRequestContext, issuerId: string, config: Record<string, number>) {
  const res = await request.post(`${SIM_URL}/__sim/analytics/config`, { data: { issuerId, ...config } });
  expect(res.status(), await res.text()).toBe(200);
}

/** A connection of the owner's organisation to a simulator team of its own, whose key has `role`. */
async function connect(page: Page, request: APIRequestContext, baseURL: string, orgId: string, name: string, role = "ADMIN") {
  const ctx = page.context().request;
  const { key, body } = connectionBody(name);
  await addSimTeam(request, key.issuerId, { apps: 1, reviewsPerApp: 2, locales: 3 });
  await registerSimKey(request, key, role);
  await simAnalytics(request, key.issuerId, { firstDataMinHours: 0, firstDataMaxHours: 0 });
  const conn = await ctx.post(`/api/orgs/${orgId}/connections`, { headers: jsonHeaders(baseURL), data: body });
  expect(conn.status(), await conn.text()).toBe(201);
  return { key, connectionId: (await conn.json()).connection.id as string };
}

/** Starts a sync of `kind` and waits until its run has finished as `expected`. */
async function syncNow(page: Page, baseURL: string, orgId: string, connectionId: string, kind: string, expected = "SUCCEEDED") {
  const ctx = page.context().request;
  const sync = `/api/orgs/${orgId}/connections/${connectionId}/sync`;
  const started = await ctx.post(sync, { headers: jsonHeaders(baseURL), data: { kind } });
  expect(started.status(), await started.text()).toBe(202);
  const { runId } = await started.json();
  await expect
    .poll(async () => (await (await ctx.get(sync)).json()).history.find((r: { id: string }) => r.id === runId)?.status, { timeout: 45_000 })
    .toBe(expected);
}

test("a keyword push to de-DE is marked on the chart, and its before/after finds the uplift Apple's traffic got", async ({ page, request, baseURL }) => {
  test.setTimeout(180_000);
  const owner = await newOwner(page.context().request, baseURL!, "analytics-uplift");
  const { key, connectionId } = await connect(page, request, baseURL!, owner.orgId, "ASO team");
  // A daily schedule keeps the request read; here the 20 days pass at once, so Apple's inactivity limit is set past them.
  await simAnalytics(request, key.issuerId, { inactivityDays: 30 });
  await syncNow(page, baseURL!, owner.orgId, connectionId, "FULL");
  await syncNow(page, baseURL!, owner.orgId, connectionId, "ANALYTICS");

  // The ASO manager pushes new de-DE keywords.
  await page.goto(`/o/${owner.slug}/apps`);
  await page.getByRole("link", { name: "Sim App 1" }).click();
  const de = page.getByRole("textbox", { name: "Keywords, de-DE" });
  await de.fill("foto,bearbeiten,filter,collage");
  await expect(page.getByRole("status").filter({ hasText: "All changes saved as drafts." })).toBeVisible();
  await page.getByRole("button", { name: "Review and push (1)" }).click();
  await page.getByRole("button", { name: "Push 1 change" }).click();
  await expect(page.getByRole("region", { name: "Push report" })).toContainText("1 pushed · 0 conflicts · 0 refused");

  // Twenty days pass at Apple; the analytics sync reads what they brought.
  await simAnalytics(request, key.issuerId, { clockShiftDays: 20 });
  await syncNow(page, baseURL!, owner.orgId, connectionId, "ANALYTICS");
  const effects = (await (await request.get(`${SIM_URL}/__sim/analytics/effects`, { params: { issuerId: key.issuerId } })).json()) as {
    searchConversionUplift: number;
    changes: { locale: string; effectiveFrom: string; territories: string[] }[];
  };
  expect(effects.changes.map((c) => c.locale)).toEqual(["de-DE"]);

  await page.getByRole("link", { name: "Analytics", exact: true }).first().click();
  await page.getByRole("link", { name: "Sim App 1" }).first().click();
  await expect(page.getByTestId("analytics-funnel")).toBeVisible();
  await expect(page.getByTestId("analytics-chart")).toBeVisible();
  const marker = page.getByRole("button", { name: /Keywords.*de-DE|de-DE.*Keywords/ });
  await expect(marker).toBeVisible();
  await marker.click();

  const panel = page.getByTestId("effect-panel");
  await expect(panel).toBeVisible();
  await expect(panel).toContainText("DE");
  await expect(panel).toContainText("AT");
  await expect(panel).toContainText("CH");
  const search = panel.getByTestId("effect-source-App Store search");
  await expect(search).toBeVisible();
  // The generated uplift lies inside the interval the panel states for search conversion: "+19.8% (95% CI +12.1% to +28.0%)".
  const words = (await search.getByTestId("source-change").innerText()).replaceAll("−", "-");
  const m = /^([+-]?[\d.]+)% \(95% CI ([+-]?[\d.]+)% to ([+-]?[\d.]+)%\)$/.exec(words.trim());
  expect(m, words).not.toBeNull();
  const [est, lo, hi] = m!.slice(1).map((x) => Number(x) / 100);
  expect(lo).toBeLessThanOrEqual(effects.searchConversionUplift);
  expect(hi).toBeGreaterThanOrEqual(effects.searchConversionUplift);
  expect(Math.abs(est - effects.searchConversionUplift)).toBeLessThan(hi - lo);
  // Other sources were not touched: their change is not what moved conversion.
  await expect(panel.getByTestId("effect-within")).toBeVisible();
  await expect(panel.getByTestId("effect-mix")).toBeVisible();
});

test("keys without the Admin role, stopped requests and missing days are said in words", async ({ page, request, baseURL }) => {
  test.setTimeout(180_000);
  const owner = await newOwner(page.context().request, baseURL!, "analytics-words");
  const sales = await connect(page, request, baseURL!, owner.orgId, "Sales key team", "SALES");
  const admin = await connect(page, request, baseURL!, owner.orgId, "Admin key team");
  for (const c of [sales, admin]) await syncNow(page, baseURL!, owner.orgId, c.connectionId, "FULL");
  for (const c of [sales, admin]) await syncNow(page, baseURL!, owner.orgId, c.connectionId, "ANALYTICS");

  // Twenty days without a read: Apple stops the request after 14. The Admin key asks again,
  // and the days between the stop and the new request's first report stay empty.
  await simAnalytics(request, admin.key.issuerId, { clockShiftDays: 20 });
  await syncNow(page, baseURL!, owner.orgId, admin.connectionId, "ANALYTICS");
  await simAnalytics(request, admin.key.issuerId, { clockShiftDays: 23 });
  await syncNow(page, baseURL!, owner.orgId, admin.connectionId, "ANALYTICS");
  await page.goto(`/o/${owner.slug}/analytics`);
  await expect(page.getByTestId("analytics-missing-days")).toContainText(/No data from Apple/);

  // Later the key is a Sales one, which may read reports but not ask for them again.
  await simAnalytics(request, admin.key.issuerId, { clockShiftDays: 40 });
  await registerSimKey(request, admin.key, "SALES");
  await syncNow(page, baseURL!, owner.orgId, admin.connectionId, "ANALYTICS");

  await page.goto(`/o/${owner.slug}/analytics`);
  const status = page.getByTestId("analytics-status");
  await expect(status).toContainText(/Admin/);
  await expect(status).toContainText(/stopped/i);
});
