import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { lastCompletePeriod } from "@/lib/reports/period";
import { jsonHeaders, newOwner } from "./support/api";
import { e2eNow } from "./support/clock";
import { connectionBody } from "./support/keys";
import { makeReview, makeSales, makeSyncedApp } from "./support/seed";

const DAY = 86_400_000;
const plus = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

/**
 * An agency's owner schedules a weekly report for a client's connection, opens its preview
 * for the last complete week (the run's pinned clock decides which) and downloads the PDF the
 * client's email carries.
 */
test("the owner previews a client's weekly report with the organisation's name and the week's figures, and downloads its PDF", async ({ page, baseURL }) => {
  const owner = await newOwner(page.context().request, baseURL!, "client-reports");
  const request = page.context().request;
  const conn = await request.post(`/api/orgs/${owner.orgId}/connections`, { headers: jsonHeaders(baseURL!), data: connectionBody("Demo team").body });
  expect(conn.status(), await conn.text()).toBe(201);
  const connectionId = (await conn.json()).connection.id as string;
  const scope = { organizationId: owner.orgId, connectionId };

  const week = lastCompletePeriod("WEEKLY", e2eNow());
  const app = await makeSyncedApp(scope, { appleId: "7001", name: "Demo App", bundleId: "com.example.demo", sku: "DEMO1" });
  await makeSales(scope, [
    { day: week.from, sku: "DEMO1", title: "Demo App", units: 8, proceeds: "0.70", currency: "USD", territory: "US" },
    { day: plus(week.from, 3), sku: "DEMO1", title: "Demo App", units: 3, proceeds: "1.20", currency: "EUR", territory: "DE" },
    // The day after the week: not in it.
    { day: plus(week.to, 1), sku: "DEMO1", title: "Demo App", units: 100, proceeds: "0.70", currency: "USD", territory: "US" },
  ]);
  await makeReview(app, { appleId: "e2e-r1", rating: 5, createdDate: `${plus(week.from, 1)}T09:00:00Z`, response: { appleId: "e2e-p1", body: "Thanks!", state: "PUBLISHED", modifiedDate: `${plus(week.from, 2)}T09:00:00Z` } });
  await makeReview(app, { appleId: "e2e-r2", rating: 4, createdDate: `${plus(week.from, 2)}T09:00:00Z` });

  const created = await request.post(`/api/orgs/${owner.orgId}/reports`, { headers: jsonHeaders(baseURL!), data: { connectionId, cadence: "WEEKLY", recipients: ["client@example.test"] } });
  expect(created.status(), await created.text()).toBe(201);

  await page.goto(`/o/${owner.slug}/reports`);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Client reports" }).waitFor();
  await page.getByRole("link", { name: "Preview the weekly report of Demo team" }).click();

  const preview = page.getByRole("article", { name: "Report preview" });
  await expect(preview).toContainText(owner.orgName);
  await expect(preview.getByRole("heading", { name: `Demo team: Week ${Number(week.key.slice(6))}, ${week.key.slice(0, 4)}` })).toBeVisible();
  const sales = preview.getByRole("region", { name: "Sales" });
  await expect(sales).toContainText("5.60 USD proceeds from 8 units");
  await expect(sales).toContainText("3.60 EUR proceeds from 3 units");
  const ratings = preview.getByRole("region", { name: "Ratings and reviews" });
  await expect(ratings).toContainText("2 reviews, average 4.50 of 5");
  await expect(ratings).toContainText("1 reply published");
  await expect(preview.getByRole("region", { name: "Conversion" })).toContainText("No analytics for this period.");
  await expect(page.getByLabel("Period")).toHaveValue(week.key);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download PDF" }).click()]);
  expect(download.suggestedFilename()).toBe(`demo-team-${week.key}.pdf`);
  const pdf = (await readFile((await download.path())!)).toString("latin1");
  expect(pdf.startsWith("%PDF-")).toBe(true);
  // The document's author (never compressed) is the organisation.
  const authorRef = /\/Author (\d+) 0 R/.exec(pdf)?.[1];
  expect(pdf).toContain(`\n${authorRef} 0 obj\n(${owner.orgName})\nendobj`);
});
