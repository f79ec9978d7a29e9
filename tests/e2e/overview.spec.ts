import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { day } from "./support/sales";
import { db, makeDraft, makeReview } from "./support/seed";

/*
 * The fixture's connection "Client team" with its app "Target App", and on top of it:
 * unreplied reviews rated 1★, 2★ and 4★ (and a replied 1★), two drafts of the app, and
 * yesterday's sales (the run's pinned clock): USD 10 units at $0.70, GBP 4 at £0.60.
 */
test.describe("the organisation overview", () => {
  test.beforeEach(async ({ connection, syncedApp, sales }) => {
    const { app, version } = syncedApp;
    const review = (id: string, rating: number, replied = false) =>
      makeReview(app, {
        appleId: `${id}-${connection.id}`,
        rating,
        title: "Overview review",
        createdDate: "2026-11-10T12:00:00Z",
        response: replied ? { appleId: `r-${id}-${connection.id}`, body: "Thanks", state: "PUBLISHED" } : undefined,
      });
    await Promise.all([review("one", 1), review("two", 2), review("four", 4), review("answered", 1, true)]);
    const en = version.localizationIds["en-US"];
    await makeDraft(app, { localizationId: en, locale: "en-US", field: "keywords", value: "overview,check", baseValue: null });
    await makeDraft(app, { localizationId: en, locale: "en-US", field: "promotionalText", value: "Now on the overview", baseValue: null });
    await db.connection.update({ where: { id: connection.id }, data: { vendorNumber: "80012345" } });
    await sales([
      { day: day(0), sku: "TARGET1", title: "Target App", units: 10, proceeds: "0.70", currency: "USD", territory: "US" },
      { day: day(0), sku: "TARGET1", title: "Target App", units: 4, proceeds: "0.60", currency: "GBP", territory: "GB" },
      { day: day(1), sku: "TARGET1", title: "Target App", units: 50, proceeds: "0.70", currency: "USD", territory: "US" },
    ]);
  });

  /** The organisation's first page in a browser signed in as `who`. */
  async function openAs(browser: Browser, baseURL: string, who: APIRequestContext, slug: string) {
    const ctx = await browser.newContext({ baseURL, storageState: await who.storageState() });
    const page = await ctx.newPage();
    await page.goto(`/o/${slug}`);
    return page;
  }

  const card = (page: Page) => page.getByRole("article", { name: "Client team" });

  test("shows the connection's card with its figures, each linking to its page", async ({ browser, baseURL, org, signedIn }) => {
    const owner = await signedIn(org.members.OWNER);
    const page = await openAs(browser, baseURL!, owner, org.slug);
    await expect(page.getByText("Connect your first App Store Connect team")).toHaveCount(0);
    await expect(page.getByRole("list", { name: "Connections" }).getByRole("article")).toHaveCount(1);
    const c = card(page);
    await expect(c.getByRole("heading", { level: 2, name: "Client team" })).toBeVisible();
    await expect(c.getByRole("link", { name: "3 unreplied reviews" })).toBeVisible();
    await expect(c.getByRole("link", { name: "2 of them rated 1★ or 2★" })).toBeVisible();
    await expect(c.getByRole("link", { name: "2 drafts of Target App" })).toBeVisible();
    const sales = c.getByRole("list", { name: /^Proceeds and units of Client team on / });
    await expect(sales.getByRole("listitem")).toHaveCount(2);
    await expect(sales.getByTestId("sales-USD").getByTestId("proceeds")).toHaveText("$7.00");
    await expect(sales.getByTestId("sales-USD").getByTestId("units")).toHaveText("10");
    await expect(sales.getByTestId("sales-GBP").getByTestId("proceeds")).toHaveText("£2.40");
    await expect(sales.getByTestId("sales-GBP").getByTestId("units")).toHaveText("4");
    await expect(c.getByTestId("overview-conversion")).toContainText("Analytics not set up yet");
    await expect(c.getByTestId("overview-syncs")).toContainText("No failing syncs.");

    await c.getByRole("link", { name: "3 unreplied reviews" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Reviews" })).toBeVisible();
    await expect(page.getByRole("list", { name: "Reviews" }).getByRole("listitem")).toHaveCount(3);

    await page.goBack();
    await card(page).getByRole("link", { name: "2 of them rated 1★ or 2★" }).click();
    await expect(page).toHaveURL(/rating=1%2C2/);
    await expect(page.getByRole("list", { name: "Reviews" }).getByRole("listitem")).toHaveCount(2);

    await page.goBack();
    await card(page).getByRole("link", { name: "2 drafts of Target App" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Target App" })).toBeVisible();

    await page.goBack();
    await card(page).getByRole("link", { name: "Sales of Client team" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Sales" })).toBeVisible();
    await expect(page.getByTestId("total-USD").getByTestId("units")).toHaveText("10");
    await expect(page.getByTestId("total-GBP").getByTestId("proceeds")).toHaveText("£2.40");

    await page.goBack();
    await card(page).getByRole("link", { name: "Sync page of Client team" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Client team" })).toBeVisible();
    await expect(page).toHaveURL(/\/connections\/[^/]+\/sync$/);
  });

  test("gives support the unreplied counts and nothing else", async ({ browser, baseURL, org, signedIn }) => {
    const support = await signedIn(org.members.SUPPORT);
    const page = await openAs(browser, baseURL!, support, org.slug);
    await expect(page.getByRole("heading", { name: "Answer your customers" })).toBeVisible();
    await expect(page.getByRole("link", { name: "3 unreplied reviews" })).toBeVisible();
    await expect(page.getByRole("link", { name: "2 of them rated 1★ or 2★" })).toBeVisible();
    await expect(page.getByRole("article")).toHaveCount(0);
    await expect(page.getByText("$7.00")).toHaveCount(0);
  });
});
