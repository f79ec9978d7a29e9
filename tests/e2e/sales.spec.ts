import { readFile } from "node:fs/promises";
import { expect, request as pwRequest, test, type APIRequestContext, type Page } from "@playwright/test";
import { joinAs, jsonHeaders, newOwner, type Account } from "./support/api";
import { e2eDb } from "./support/db";
import { connectionBody } from "./support/keys";
import { csvSums, day, hurrySalesRetries, reportTsv, salesDayStatuses, setSimReport, type SaleLine } from "./support/sales";
import { makeSales } from "./support/seed";
import { addSimTeam, registerSimKey, setSimFaults } from "./support/sim";

/*
 * Hand-computed figures. Last 30 days (day(29)..day(0)):
 *   USD 39 units (one refunded, three free), $34.30; GBP 4, £2.40; EUR 6, €12.60; JPY 8, ¥672. 57 units, most (22) on day(10).
 *   The 30 days before: USD 13 units, $9.10, so units +200% and proceeds +277%.
 * Last 7 days (day(6)..day(0)): USD 17 units, $13.30; GBP 4, £2.40; EUR 6, €12.60. 27 units, most (14) on day(0).
 *   The 7 days before: USD 22 units, $21.00, so units −23% and proceeds −37%.
 */
const alpha = { sku: "ALPHA1", title: "Alpha" };
const beta = { sku: "BETA1", title: "Beta" };
const LINES: SaleLine[] = [
  { day: day(0), ...alpha, units: 10, proceeds: "0.70", currency: "USD", territory: "US" },
  { day: day(0), ...alpha, units: 4, proceeds: "0.60", currency: "GBP", territory: "GB" },
  { day: day(3), ...alpha, units: 5, proceeds: "1.40", currency: "USD", territory: "US" },
  { day: day(3), ...alpha, units: -1, proceeds: "0.70", currency: "USD", territory: "US" },
  { day: day(5), ...beta, units: 6, proceeds: "2.10", currency: "EUR", territory: "DE" },
  { day: day(5), ...beta, units: 3, proceeds: "0.00", currency: "USD", territory: "US" },
  { day: day(10), ...alpha, units: 20, proceeds: "0.70", currency: "USD", territory: "US" },
  { day: day(10), sku: "ALPHA_COINS", title: "Coins", parent: "ALPHA1", productType: "IA1", units: 2, proceeds: "3.50", currency: "USD", territory: "US" },
  { day: day(20), ...beta, units: 8, proceeds: "84.00", currency: "JPY", territory: "JP" },
  { day: day(40), ...alpha, units: 13, proceeds: "0.70", currency: "USD", territory: "US" },
];

type Shop = { owner: Account; ownerCtx: APIRequestContext; connectionId: string };
let shop: Promise<Shop> | undefined;

/** One organisation with the sales above on a connection without a vendor number, made once for the cases that read it. */
function salesShop(baseURL: string) {
  shop ??= (async () => {
    const ownerCtx = await pwRequest.newContext({ baseURL });
    const owner = await newOwner(ownerCtx, baseURL, "sales");
    const conn = await ownerCtx.post(`/api/orgs/${owner.orgId}/connections`, { headers: jsonHeaders(baseURL), data: connectionBody("Shop team").body });
    expect(conn.status(), await conn.text()).toBe(201);
    const connectionId = (await conn.json()).connection.id as string;
    await makeSales({ organizationId: owner.orgId, connectionId }, LINES);
    return { owner, ownerCtx, connectionId };
  })();
  return shop;
}

const card = (page: Page, currency: string) => page.getByTestId(`total-${currency}`);

async function expectTotals(page: Page, want: Record<string, { units: string; proceeds: string }>) {
  await expect(page.getByTestId("sales-totals").getByRole("listitem")).toHaveCount(Object.keys(want).length);
  for (const [currency, t] of Object.entries(want)) {
    await expect(card(page, currency).getByTestId("units")).toHaveText(t.units);
    await expect(card(page, currency).getByTestId("proceeds")).toHaveText(t.proceeds);
  }
}

test("a viewer reads totals and charts, changes the range with the picker, and downloads the same figures as CSV", async ({ page, baseURL }) => {
  const { owner, ownerCtx } = await salesShop(baseURL!);
  await joinAs(ownerCtx, page.context().request, baseURL!, owner.orgId, "VIEWER", "sales-viewer");

  await page.goto(`/o/${owner.slug}/sales`);
  await expect(page.getByRole("heading", { level: 1, name: "Sales" })).toBeVisible();
  await expectTotals(page, { EUR: { units: "6", proceeds: "€12.60" }, GBP: { units: "4", proceeds: "£2.40" }, JPY: { units: "8", proceeds: "¥672" }, USD: { units: "39", proceeds: "$34.30" } });
  await expect(card(page, "USD").getByTestId("refunds")).toHaveText("1");
  await expect(card(page, "USD").getByTestId("free")).toHaveText("3");
  await expect(page.getByText("no exchange rate is applied")).toBeVisible();
  const units = page.getByTestId("units-chart");
  await expect(units).toHaveAttribute("aria-label", new RegExp(`^Units per day, .+, total 57, highest 22 on ${Number(day(10).slice(8))} `));
  // A bar per day of the range; days without sales are zero, so only the five days that sold draw one.
  await expect(units).toHaveAttribute("data-points", "30");
  await expect(units.locator(".recharts-bar-rectangle")).toHaveCount(5);
  await expect(page.getByTestId("proceeds-chart")).toHaveAttribute("aria-label", /^Proceeds in USD per day, .+, total \$34\.30, highest \$21\.00 on /);
  await page.getByRole("group", { name: "Chart shape" }).getByRole("button", { name: "Lines" }).click();
  await expect(units.locator(".recharts-line-curve")).toHaveCount(1);
  await page.getByRole("group", { name: "Chart shape" }).getByRole("button", { name: "Bars" }).click();

  // The picker's preset: the URL holds the range, and the server's figures follow.
  await page.getByRole("group", { name: "Preset ranges" }).getByRole("button", { name: "Last 7 days" }).click();
  await expect.poll(() => Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ from: day(6), to: day(0), by: "day" });
  await expectTotals(page, { EUR: { units: "6", proceeds: "€12.60" }, GBP: { units: "4", proceeds: "£2.40" }, USD: { units: "17", proceeds: "$13.30" } });
  await expect(units).toHaveAttribute("aria-label", /^Units per day, .+, total 27, highest 14 on /);
  await expect(units).toHaveAttribute("data-points", "7");
  await expect(units.locator(".recharts-bar-rectangle")).toHaveCount(3);
  await expect(page.getByRole("button", { name: "Last 7 days" })).toHaveAttribute("aria-pressed", "true");

  // The date inputs: the week before, and a wrong order is refused before any request.
  await page.getByLabel("From", { exact: true }).fill(day(7));
  await page.getByLabel("To", { exact: true }).fill(day(13));
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.locator("#sales-range-error")).toHaveText("The start date is after the end date.");
  await page.getByLabel("From", { exact: true }).fill(day(13));
  await page.getByLabel("To", { exact: true }).fill(day(7));
  await page.getByRole("button", { name: "Show" }).click();
  await expectTotals(page, { USD: { units: "22", proceeds: "$21.00" } });
  await page.goBack();
  await expectTotals(page, { EUR: { units: "6", proceeds: "€12.60" }, GBP: { units: "4", proceeds: "£2.40" }, USD: { units: "17", proceeds: "$13.30" } });

  // The CSV has exactly the table's rows, and adds up to the cards.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toBe(`sales-${day(6)}-${day(0)}-by-day.csv`);
  const { head, sums } = csvSums(await readFile(await download.path(), "utf8"));
  expect(head).toBe("day,label,currency,units,proceeds,refunded units,free units");
  await expect(page.getByTestId("sales-table").locator("tbody tr")).toHaveCount(Object.values(sums).reduce((n, s) => n + s.rows, 0));
  for (const [currency, s] of Object.entries(sums)) {
    await expect(card(page, currency).getByTestId("units")).toHaveText(s.units.toLocaleString("en-US"));
    await expect(card(page, currency).getByTestId("proceeds")).toHaveText(new Intl.NumberFormat("en-US", { style: "currency", currency }).format(s.proceeds));
  }
  expect(Object.keys(sums).sort()).toEqual(["EUR", "GBP", "USD"]);
});

test("breakdowns by territory, app and product type list the right rows, and the previous period compares", async ({ page, baseURL }) => {
  const { owner, ownerCtx } = await salesShop(baseURL!);
  await joinAs(ownerCtx, page.context().request, baseURL!, owner.orgId, "VIEWER", "sales-breakdown");
  const rows = () => page.getByTestId("sales-table").locator("tbody tr");
  const cells = async () => (await rows().all()).map(async (r) => (await r.locator("th, td").allInnerTexts()).slice(0, 4).map((t) => t.trim()).join(" | "));

  await page.goto(`/o/${owner.slug}/sales?from=${day(6)}&to=${day(0)}`);
  await expect(card(page, "USD")).toContainText(/Units down 23% compared with .+ \(22 units\)\./);
  await expect(card(page, "USD")).toContainText(/Proceeds down 37% compared with .+ \(\$21\.00\)\./);
  await expect(card(page, "USD")).toContainText("−23% vs");
  await expect(card(page, "EUR")).toContainText("Units: no sales in this currency from");

  await page.goto(`/o/${owner.slug}/sales`);
  await expect(card(page, "USD")).toContainText(/Units up 200% compared with .+ \(13 units\)\./);
  await expect(card(page, "USD")).toContainText(/Proceeds up 277% compared with .+ \(\$9\.10\)\./);

  const by = page.getByRole("navigation", { name: "Break down by" });
  await by.getByRole("link", { name: "Territory" }).click();
  await expect(by.getByRole("link", { name: "Territory" })).toHaveAttribute("aria-current", "true");
  expect(new URL(page.url()).searchParams.get("by")).toBe("territory");
  await expect.poll(async () => Promise.all(await cells())).toEqual(["DE | EUR | 6 | €12.60", "GB | GBP | 4 | £2.40", "JP | JPY | 8 | ¥672", "US | USD | 39 | $34.30"]);
  const chart = page.getByTestId("breakdown-units-chart");
  await expect(chart).toHaveAttribute("aria-label", /^Units by territory, .+: US 39, JP 8, DE 6, GB 4$/);
  await expect(chart.locator(".recharts-bar-rectangle")).toHaveCount(4);
  // Proceeds are charted one currency at a time, never added across currencies.
  const proceeds = page.getByTestId("breakdown-proceeds-chart");
  await expect(proceeds).toHaveAttribute("aria-label", /^Proceeds in USD by territory, .+: US \$34\.30$/);
  await page.getByLabel("Proceeds currency").selectOption("EUR");
  await expect(proceeds).toHaveAttribute("aria-label", /^Proceeds in EUR by territory, .+: DE €12\.60$/);

  await by.getByRole("link", { name: "App" }).click();
  // The table changes when the server's new view arrives: wait for its rows, not a count another breakdown shares.
  // In-app purchases count for their app.
  await expect.poll(async () => Promise.all(await cells())).toEqual(["Alpha ALPHA1 | GBP | 4 | £2.40", "Alpha ALPHA1 | USD | 36 | $34.30", "Beta BETA1 | EUR | 6 | €12.60", "Beta BETA1 | JPY | 8 | ¥672", "Beta BETA1 | USD | 3 | $0.00"]);
  await expect(page.getByTestId("breakdown-units-chart")).toHaveAttribute("aria-label", /: Alpha 40, Beta 17$/);

  await by.getByRole("link", { name: "Product type" }).click();
  await expect.poll(async () => Promise.all(await cells())).toEqual(["Universal app 1F | EUR | 6 | €12.60", "Universal app 1F | GBP | 4 | £2.40", "Universal app 1F | JPY | 8 | ¥672", "Universal app 1F | USD | 37 | $27.30", "In-app purchase IA1 | USD | 2 | $7.00"]);

  // One app, by the filter: its in-app purchase included, the other app gone.
  await page.getByLabel("App", { exact: true }).selectOption({ label: "Alpha (ALPHA1)" });
  await expect.poll(() => new URL(page.url()).searchParams.get("app")).toBe("ALPHA1");
  await expectTotals(page, { GBP: { units: "4", proceeds: "£2.40" }, USD: { units: "36", proceeds: "$34.30" } });

  // A link that cannot be read says which part is wrong.
  await page.goto(`/o/${owner.slug}/sales?from=2026-02-30&by=hour`);
  const unreadable = page.getByRole("alert").filter({ hasText: "could not be read" });
  await expect(unreadable).toContainText("from is not a real date.");
  await page.goto(`/o/${owner.slug}/sales?by=hour`);
  await expect(unreadable).toContainText("by is one of day, week, month, app, territory, productType.");
});

test("report status shows fetched, no-sales, not-yet-available and failed days from a real sales sync; editors backfill, viewers cannot", async ({ page, browser, baseURL, request }) => {
  test.setTimeout(90_000);
  const ownerCtx = await pwRequest.newContext({ baseURL });
  const owner = await newOwner(ownerCtx, baseURL!, "reports");
  const { key, body } = connectionBody("Reports team");
  await addSimTeam(request, key.issuerId, { apps: 1, reviewsPerApp: 1 });
  await registerSimKey(request, key);
  const conn = await ownerCtx.post(`/api/orgs/${owner.orgId}/connections`, { headers: jsonHeaders(baseURL!), data: body });
  expect(conn.status(), await conn.text()).toBe(201);
  const connectionId = (await conn.json()).connection.id as string;
  const base = `/api/orgs/${owner.orgId}/connections/${connectionId}`;
  const settings = await ownerCtx.patch(`${base}/sync-settings`, { headers: jsonHeaders(baseURL!), data: { vendorNumber: "85012345" } });
  expect(settings.status(), await settings.text()).toBe(200);

  // Four days: a report, no sales, a corrupt download, and yesterday before Apple publishes it.
  const [fetched, none, corrupt, waiting] = [day(3), day(2), day(1), day(0)];
  const sold = [{ ...alpha, units: 3, proceeds: "0.70", currency: "USD", territory: "US" }, { ...alpha, units: 2, proceeds: "0.60", currency: "GBP", territory: "GB" }];
  await setSimReport(request, key.issuerId, fetched, reportTsv(sold, fetched));
  await setSimReport(request, key.issuerId, none, "");
  await setSimReport(request, key.issuerId, corrupt, reportTsv(sold, corrupt));
  await setSimReport(request, key.issuerId, waiting, reportTsv(sold, waiting));
  await setSimFaults(request, { corruptReportDays: [corrupt] });
  // The run's clock reads 04:00 UTC: every day but yesterday is out (tests/e2e/support/clock.ts).
  try {
    const started = await ownerCtx.post(`${base}/sync`, { headers: jsonHeaders(baseURL!), data: { kind: "SALES", from: fetched, to: waiting } });
    expect(started.status(), await started.text()).toBe(202);
    await expect
      .poll(
        async () => {
          await hurrySalesRetries(connectionId, corrupt);
          return salesDayStatuses(connectionId);
        },
        { timeout: 45_000, intervals: [300] },
      )
      .toEqual({ [fetched]: "FETCHED", [none]: "NO_SALES", [corrupt]: "FAILED", [waiting]: "NOT_AVAILABLE" });
  } finally {
    await setSimFaults(request, {});
  }

  await joinAs(ownerCtx, page.context().request, baseURL!, owner.orgId, "EDITOR", "reports-editor");
  await page.goto(`/o/${owner.slug}/sales?from=${fetched}&to=${waiting}`);
  await expectTotals(page, { GBP: { units: "2", proceeds: "£1.20" }, USD: { units: "3", proceeds: "$2.10" } });
  const reports = page.getByTestId(`report-status-${connectionId}`);
  const strip = reports.getByRole("list", { name: "Report days of Reports team" });
  const words = { [fetched]: "Fetched", [none]: "No sales", [corrupt]: "Failed", [waiting]: "Not yet available" };
  for (const [d, w] of Object.entries(words)) await expect(strip.locator(`li[data-day="${d}"]`)).toContainText(`: ${w}`);
  await expect(strip.locator(`li[data-day="${corrupt}"]`)).toHaveAttribute("title", /: Failed \(The report from App Store Connect was cut short or unreadable\.\)$/);
  const counts = reports.getByRole("list", { name: "Days by status, Reports team" });
  for (const c of ["Fetched: 1", "No sales: 1", "Not yet available: 1", "Failed: 1", "Not fetched: 0"]) await expect(counts).toContainText(c);
  await expect(reports.getByRole("list", { name: "Failed days, Reports team" })).toContainText("failed: The report from App Store Connect was cut short or unreadable.");

  const runs = async () => (await e2eDb().query(`SELECT count(*)::int AS n FROM "SyncRun" WHERE "connectionId" = $1 AND kind = 'SALES'`, [connectionId])).rows[0].n as number;
  expect(await runs()).toBe(1);
  const backfill = reports.getByRole("form", { name: "Backfill Reports team" });
  await expect(backfill.getByLabel("Backfill from")).toHaveValue(fetched);
  await expect(backfill.getByLabel("Backfill to")).toHaveValue(waiting);
  await backfill.getByRole("button", { name: "Backfill" }).click();
  await expect(backfill.getByRole("status")).toContainText("Queued.");
  expect(await runs()).toBe(2);

  const viewerContext = await browser.newContext({ baseURL });
  try {
    const viewer = await viewerContext.newPage();
    await joinAs(ownerCtx, viewerContext.request, baseURL!, owner.orgId, "VIEWER", "reports-viewer");
    await viewer.goto(`/o/${owner.slug}/sales?from=${fetched}&to=${waiting}`);
    await expect(viewer.getByRole("list", { name: "Days by status, Reports team" })).toContainText("Fetched");
    await expect(viewer.getByRole("button", { name: "Backfill" })).toHaveCount(0);
  } finally {
    await viewerContext.close();
  }
});

test("/api/v1/sales answers a token with the page's totals as JSON and CSV; a support token is refused", async ({ browser, baseURL }) => {
  const { owner, ownerCtx, connectionId } = await salesShop(baseURL!);
  const token = async (role: string) => {
    const res = await ownerCtx.post(`/api/orgs/${owner.orgId}/api-tokens`, { headers: jsonHeaders(baseURL!), data: { name: `${role} sales`, role } });
    expect(res.status(), await res.text()).toBe(201);
    return pwRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${(await res.json()).apiToken.token}` } });
  };
  const [api, support] = [await token("VIEWER"), await token("SUPPORT")];
  const range = `from=${day(6)}&to=${day(0)}`;

  const json = await api.get(`/api/v1/sales?${range}`);
  expect(json.status(), await json.text()).toBe(200);
  const view = await json.json();
  const want = [
    { currency: "EUR", units: 6, proceeds: "12.60", refunds: 0, free: 0 },
    { currency: "GBP", units: 4, proceeds: "2.40", refunds: 0, free: 0 },
    { currency: "USD", units: 17, proceeds: "13.30", refunds: 1, free: 3 },
  ];
  expect(view.totals).toEqual(want);
  expect(view.previousTotals).toEqual([{ currency: "USD", units: 22, proceeds: "21.00", refunds: 0, free: 0 }]);
  expect((await (await ownerCtx.get(`/api/orgs/${owner.orgId}/sales?${range}`)).json()).totals).toEqual(want);

  const csv = await api.get(`/api/v1/sales?${range}&by=territory&format=csv`);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const { head, sums } = csvSums(await csv.text());
  expect(head).toBe("territory,label,currency,units,proceeds,refunded units,free units");
  expect(sums).toEqual({ EUR: { units: 6, proceeds: 12.6, rows: 1 }, GBP: { units: 4, proceeds: 2.4, rows: 1 }, USD: { units: 17, proceeds: 13.3, rows: 1 } });

  const refused = await support.get(`/api/v1/sales?${range}`);
  expect(refused.status()).toBe(403);
  expect((await api.get(`/api/v1/sales?from=yesterday`)).status()).toBe(422);

  // Without a vendor number the page says what is missing; the owner gets the way to set it.
  const ownerPage = await browser.newContext({ baseURL, storageState: await ownerCtx.storageState() });
  try {
    const p = await ownerPage.newPage();
    await p.goto(`/o/${owner.slug}/sales`);
    const reports = p.getByTestId(`report-status-${connectionId}`);
    await expect(reports).toContainText("Sales reports need this connection's vendor number");
    await expect(reports.getByRole("link", { name: "Set it on the Sync page" })).toHaveAttribute("href", `/o/${owner.slug}/connections/${connectionId}/sync`);
    await expect(reports.getByRole("button", { name: "Backfill" })).toHaveCount(0);
  } finally {
    await ownerPage.close();
  }
});
