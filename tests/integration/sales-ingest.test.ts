import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { parseSalesQuery, salesCsv, salesView, type TSalesQuery } from "@/lib/sales/dashboard";
import { syncTarget } from "@/lib/sync/connection";
import { syncSalesDay } from "@/lib/sync/sales";
import { AscSimulator } from "../asc-sim/server";
import { pinClocks } from "./support/clock";
import { contextFor } from "./support/context";
import { simConnection } from "./support/sim-connection";
import { simulatorForFile } from "./support/simulator";
import { prepareSyncEnv } from "./support/sync-env";

const port = await prepareSyncEnv("sales");
const sim = new AscSimulator({ seed: 5, sizes: { apps: 1, reviewsPerApp: 0 } });
simulatorForFile(sim, { port });
// The reports below are of May 2026: both clocks read a few days later, whatever the date is
// (Apple keeps daily reports for a year, so real time would make them vanish one day).
beforeAll(() => pinClocks(sim, "2026-05-20T18:00:00Z"));

const tsv = (rows: (string | number)[][]) => rows.map((r) => r.join("\t")).join("\n") + "\n";
const APP = "Café Über – 日本語";

/** Version 1_3 order shuffled: Apple's names, any order. A refund, free units, an in-app purchase, four currencies. */
const DAY_A = tsv([
  ["Country Code", "Units", "Title", "Apple Identifier", "Currency of Proceeds", "Developer Proceeds", "Product Type Identifier", "SKU", "Customer Price", "Customer Currency", "Device", "Version", "Parent Identifier", "Provider"],
  ["US", "10", APP, "1001", "USD", ".70", "1F", "CAFE1", ".99", "USD", "iPhone", "1.2", "", "APPLE"],
  ["US", "-2", APP, "1001", "USD", ".70", "1F", "CAFE1", "-0.99", "USD", "iPhone", "1.2", "", "APPLE"],
  ["DE", "5", APP, "1001", "EUR", "0.61", "1F", "CAFE1", "0.99", "EUR", "iPad", "1.2", "", "APPLE"],
  ["JP", "3", APP, "1001", "JPY", "84", "1F", "CAFE1", "120", "JPY", "iPhone", "1.2", "", "APPLE"],
  ["US", "40", "Gratis 🎉", "1002", "USD", "0", "1F", "FREE1", "0", "USD", "iPhone", "2.0", "", "APPLE"],
  ["US", "1,200", "Gratis 🎉", "1002", "USD", "0", "7F", "FREE1", "0", "USD", "iPhone", "2.0", "", "APPLE"],
  ["GB", "4", "Coins pack", "2001", "GBP", "1.40", "IA1", "COINS", "1.99", "GBP", "iPhone", "", "CAFE1", "APPLE"],
]);
/** An older version: proceeds and their currency under the names Apple used before, fewer columns. */
const DAY_B = tsv([
  ["Provider", "Provider Country", "SKU", "Developer", "Title", "Version", "Product Type Identifier", "Units", "Royalty Price", "Begin Date", "End Date", "Customer Currency", "Country Code", "Royalty Currency", "Apple Identifier", "Customer Price"],
  ["APPLE", "US", "CAFE1", "Dev", APP, "1.1", "1F", "6", "0.70", "05/05/2026", "05/05/2026", "USD", "US", "USD", "1001", "0.99"],
  ["APPLE", "US", "CAFE1", "Dev", APP, "1.1", "1F", "2", "0.61", "05/05/2026", "05/05/2026", "EUR", "FR", "EUR", "1001", "0.99"],
]);
const PREVIOUS = tsv([
  ["Apple Identifier", "SKU", "Title", "Units", "Developer Proceeds", "Currency of Proceeds", "Country Code", "Product Type Identifier"],
  ["1001", "CAFE1", APP, "3", "0.70", "USD", "US", "1F"],
]);

async function account() {
  const conn = await simConnection(sim);
  await db.connection.update({ where: { id: conn.id }, data: { vendorNumber: "85000001" } });
  const ctx = await contextFor(conn.organizationId, conn.ownerId);
  const t = await syncTarget(conn.organizationId, conn.id);
  return { conn, ctx, t };
}

const query = (q: Record<string, string>) => parseSalesQuery(q).data as TSalesQuery;

describe("sales reports", () => {
  it("stores reports with reordered columns, an older version, refunds, free units and four currencies, and totals match hand sums", async () => {
    const { conn, ctx, t } = await account();
    sim.state.customReports.set("2026-05-02", PREVIOUS);
    sim.state.customReports.set("2026-05-04", DAY_A);
    sim.state.customReports.set("2026-05-05", DAY_B);
    sim.state.customReports.set("2026-05-06", "");
    expect(await syncSalesDay(t, "2026-05-02")).toEqual({ status: "FETCHED", rows: 1 });
    expect(await syncSalesDay(t, "2026-05-04")).toEqual({ status: "FETCHED", rows: 7 });
    expect(await syncSalesDay(t, "2026-05-05")).toEqual({ status: "FETCHED", rows: 2 });
    expect(await syncSalesDay(t, "2026-05-06")).toEqual({ status: "NO_SALES" });
    // The same day again replaces it: no duplicates.
    expect(await syncSalesDay(t, "2026-05-04")).toEqual({ status: "FETCHED", rows: 7 });
    expect(await db.salesRow.count({ where: { connectionId: conn.id, day: new Date("2026-05-04T00:00:00Z") } })).toBe(7);
    expect(await db.salesDay.findMany({ where: { connectionId: conn.id }, select: { day: true, status: true, rows: true }, orderBy: { day: "asc" } })).toEqual([
      { day: new Date("2026-05-02T00:00:00Z"), status: "FETCHED", rows: 1 },
      { day: new Date("2026-05-04T00:00:00Z"), status: "FETCHED", rows: 7 },
      { day: new Date("2026-05-05T00:00:00Z"), status: "FETCHED", rows: 2 },
      { day: new Date("2026-05-06T00:00:00Z"), status: "NO_SALES", rows: 0 },
    ]);
    const stored = await db.salesRow.findFirstOrThrow({ where: { connectionId: conn.id, sku: "COINS" } });
    expect(stored).toMatchObject({ title: "Coins pack", parentIdentifier: "CAFE1", productType: "IA1", territory: "GB", device: "iPhone", customerCurrency: "GBP", proceedsCurrency: "GBP", units: 4 });

    const view = await salesView(ctx, query({ from: "2026-05-04", to: "2026-05-06", by: "day" }));
    expect(view.totals).toEqual([
      { currency: "EUR", units: 7, proceeds: "4.27", refunds: 0, free: 0 },
      { currency: "GBP", units: 4, proceeds: "5.60", refunds: 0, free: 0 },
      { currency: "JPY", units: 3, proceeds: "252.00", refunds: 0, free: 0 },
      { currency: "USD", units: 1254, proceeds: "9.80", refunds: 2, free: 1240 },
    ]);
    expect(view.previous).toEqual({ from: "2026-05-01", to: "2026-05-03" });
    expect(view.previousTotals).toEqual([{ currency: "USD", units: 3, proceeds: "2.10", refunds: 0, free: 0 }]);
    expect(view.buckets).toEqual(["2026-05-04", "2026-05-05", "2026-05-06"]);
    expect(view.rows.filter((r) => r.key === "2026-05-05")).toEqual([
      { key: "2026-05-05", label: "2026-05-05", currency: "EUR", units: 2, proceeds: "1.22", refunds: 0, free: 0 },
      { key: "2026-05-05", label: "2026-05-05", currency: "USD", units: 6, proceeds: "4.20", refunds: 0, free: 0 },
    ]);

    // In-app purchases count with their parent app; names are the report's titles, non-ASCII intact.
    const byApp = await salesView(ctx, query({ from: "2026-05-04", to: "2026-05-06", by: "app" }));
    expect(byApp.rows.map((r) => [r.key, r.label, r.currency, r.units, r.proceeds])).toEqual([
      ["CAFE1", APP, "EUR", 7, "4.27"],
      ["CAFE1", APP, "GBP", 4, "5.60"],
      ["CAFE1", APP, "JPY", 3, "252.00"],
      ["CAFE1", APP, "USD", 14, "9.80"],
      ["FREE1", "Gratis 🎉", "USD", 1240, "0.00"],
    ]);
    const byType = await salesView(ctx, query({ from: "2026-05-04", to: "2026-05-06", by: "productType", app: "FREE1" }));
    expect(byType.rows.map((r) => [r.label, r.units])).toEqual([["Universal app", 40], ["Universal update", 1200]]);
    const byTerritory = await salesView(ctx, query({ from: "2026-05-04", to: "2026-05-05", by: "territory" }));
    expect(byTerritory.rows.map((r) => `${r.key} ${r.currency} ${r.units}`)).toEqual(["DE EUR 5", "FR EUR 2", "GB GBP 4", "JP JPY 3", "US USD 1254"]);
    const weeks = await salesView(ctx, query({ from: "2026-05-02", to: "2026-05-06", by: "week" }));
    expect(weeks.buckets).toEqual(["2026-04-27", "2026-05-04"]);

    // The CSV is the table: its sums are the totals.
    const csv = salesCsv(byApp).trim().split("\r\n").slice(1).map((l) => l.match(/("[^"]*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, "").replace(/^"|"$/g, "")));
    const usd = csv.filter((c) => c[2] === "USD");
    expect(usd.reduce((s, c) => s + Number(c[3]), 0)).toBe(1254);
    expect(usd.reduce((s, c) => s + Number(c[4]), 0).toFixed(2)).toBe("9.80");

    // Another organisation sees none of it.
    const other = await simConnection(sim);
    expect((await salesView(await contextFor(other.organizationId, other.ownerId), query({ from: "2026-05-01", to: "2026-05-06" }))).rows).toEqual([]);
  });

  it("refuses a report with a missing column or a malformed number and keeps the day as it was", async () => {
    const { conn, t } = await account();
    sim.state.customReports.set("2026-05-10", DAY_A);
    await syncSalesDay(t, "2026-05-10");
    sim.state.customReports.set("2026-05-10", tsv([["Apple Identifier", "SKU", "Units", "Currency of Proceeds", "Country Code", "Product Type Identifier"], ["1001", "CAFE1", "3", "USD", "US", "1F"]]));
    await expect(syncSalesDay(t, "2026-05-10")).rejects.toMatchObject({ code: "CORRUPT_REPORT", message: expect.stringContaining('The report has no "Developer Proceeds" column.') });
    sim.state.customReports.set("2026-05-10", DAY_A.replace("\t5\t", "\tfive\t"));
    await expect(syncSalesDay(t, "2026-05-10")).rejects.toMatchObject({ code: "CORRUPT_REPORT", message: expect.stringContaining('Line 4: Units "five" is not a number.') });
    expect(await db.salesRow.count({ where: { connectionId: conn.id, day: new Date("2026-05-10T00:00:00Z") } })).toBe(7);
  });

  it("validates the view's query, naming the field", () => {
    const field = (q: Record<string, string>) => parseSalesQuery(q).error?.issues[0].path.join(".");
    expect(field({ from: "2026-02-30" })).toBe("from");
    expect(field({ from: "2026-05-06", to: "2026-05-01" })).toBe("from");
    expect(field({ from: "2020-01-01", to: "2026-01-01" })).toBe("from");
    expect(field({ by: "hour" })).toBe("by");
    expect(field({ format: "xml" })).toBe("format");
    expect(parseSalesQuery({ from: "2026-05-01", to: "2026-05-31", by: "week" }).success).toBe(true);
  });
});
