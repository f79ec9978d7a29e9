import { gzipSync } from "node:zlib";
import { prng, type SimState } from "./data";

/** Apple's Sales Summary report (version 1_0) columns, in Apple's order. */
export const SALES_COLUMNS = [
  "Provider", "Provider Country", "SKU", "Developer", "Title", "Version", "Product Type Identifier", "Units", "Developer Proceeds",
  "Begin Date", "End Date", "Customer Currency", "Country Code", "Currency of Proceeds", "Apple Identifier", "Customer Price", "Promo Code",
  "Parent Identifier", "Subscription", "Period", "Category", "CMB", "Device", "Supported Platforms", "Proceeds Reason", "Preserved Pricing",
  "Client", "Order Type",
];

const COUNTRIES: [string, string][] = [["US", "USD"], ["GB", "GBP"], ["DE", "EUR"], ["FR", "EUR"], ["JP", "JPY"], ["CA", "CAD"], ["AU", "AUD"]];
/**
 * When Apple has published a day's Sales Summary. Apple's 404 detail says "Daily reports for
 * the Americas are available by 5 am Pacific Time; Japan, Australia, and New Zealand by 5 am
 * Japan Standard Time; and 5 am Central European Time for all other territories"; App Store
 * Connect Help ("Sales and Trends reports availability") says reports are "generally
 * available by 8 a.m. Pacific Time". One report covers every territory, and the sources
 * disagree, so the simulator takes the latest: 08:00 in Los Angeles the next day (15:00 UTC
 * in summer, 16:00 UTC in winter). The client asks after 5 am and copes with either.
 */
export function publishedAt(day: string): number {
  const next = Date.parse(`${day}T00:00:00Z`) + 86_400_000;
  const d = new Date(next);
  return zonedUtc(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 8, "America/Los_Angeles");
}

/** Daily reports are kept for one year after they become available (the same Help page); later, 410. */
export const KEPT_FOR_MS = 365 * 86_400_000;

/** The instant that reads `hour`:00 on that date in `timeZone` (DST included, from the machine's time zone database). */
function zonedUtc(year: number, month: number, date: number, hour: number, timeZone: string): number {
  const guess = Date.UTC(year, month, date, hour);
  const fmt = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric" });
  const offsetAt = (ms: number) => {
    const p = Object.fromEntries(fmt.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
    return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute)) - ms;
  };
  const first = guess - offsetAt(guess);
  return guess - offsetAt(first);
}

/** Report versions Apple documents for SALES / SUMMARY / DAILY ("Download sales and trends reports", allowed values table). */
export const SALES_SUMMARY_VERSIONS = ["1_0"];

const mmddyyyy = (iso: string) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;

/** The rows of one day's report; every seventh day has no sales at all. */
export function salesRows(state: SimState, seed: number, day: string): string[][] {
  const dayNumber = Math.floor(Date.parse(`${day}T00:00:00Z`) / 86_400_000);
  if (dayNumber % 7 === 3) return [];
  const rnd = prng(seed * 100_003 + dayNumber);
  const rows: string[][] = [];
  for (const app of state.apps) {
    for (const [country, currency] of COUNTRIES) {
      const units = Math.floor(rnd() * 40);
      if (units === 0) continue;
      const price = (0.99 + Math.floor(rnd() * 5)).toFixed(2);
      const proceeds = (Number(price) * 0.7).toFixed(2);
      const d = mmddyyyy(day);
      rows.push(["APPLE", "US", app.sku, "Sim Developer", app.name, "1.0", "1F", String(units), proceeds, d, d, currency, country, currency, app.id, price, "", "", "", "", "Productivity", "", "iPhone", "iOS", "", "", "", ""]);
    }
  }
  return rows;
}

export type SalesAnswer = { status: 200; gzip: Buffer } | { status: 404 | 400 | 410; code: string; detail: string; parameter?: string };

/** GET /v1/salesReports for DAILY SALES SUMMARY reports, as Apple answers it at simulated time `now`. */
export function salesReport(state: SimState, seed: number, url: URL, now: number): SalesAnswer {
  const q = (k: string) => url.searchParams.get(`filter[${k}]`);
  for (const [k, want] of [["frequency", "DAILY"], ["reportType", "SALES"], ["reportSubType", "SUMMARY"]] as const) {
    if (q(k) !== want) return { status: 400, code: "PARAMETER_ERROR.INVALID", detail: `The simulator serves ${want} for filter[${k}].`, parameter: `filter[${k}]` };
  }
  if (!q("vendorNumber")) return { status: 400, code: "PARAMETER_ERROR.REQUIRED", detail: "filter[vendorNumber] is required.", parameter: "filter[vendorNumber]" };
  const version = q("version");
  if (version !== null && !SALES_SUMMARY_VERSIONS.includes(version)) {
    return { status: 400, code: "PARAMETER_ERROR.INVALID", detail: `The version parameter you have specified is invalid. The latest version for this report is ${SALES_SUMMARY_VERSIONS.at(-1)}.`, parameter: "filter[version]" };
  }
  const day = q("reportDate");
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return { status: 400, code: "PARAMETER_ERROR.INVALID", detail: "filter[reportDate] must be YYYY-MM-DD.", parameter: "filter[reportDate]" };
  if (now < publishedAt(day)) {
    return { status: 404, code: "NOT_FOUND", detail: "Report is not available yet. Daily reports for the Americas are available by 5 am Pacific Time; Japan, Australia, and New Zealand by 5 am Japan Standard Time; and 5 am Central European Time for all other territories." };
  }
  if (now > publishedAt(day) + KEPT_FOR_MS) return { status: 410, code: "GONE", detail: "Report is no longer available." };
  const custom = state.customReports.get(day);
  if (custom !== undefined) {
    if (!custom.trim()) return { status: 404, code: "NOT_FOUND", detail: "There were no sales for the date specified." };
    return { status: 200, gzip: gzipSync(custom) };
  }
  const rows = salesRows(state, seed, day);
  if (rows.length === 0) return { status: 404, code: "NOT_FOUND", detail: "There were no sales for the date specified." };
  const tsv = [SALES_COLUMNS, ...rows].map((r) => r.join("\t")).join("\n") + "\n";
  return { status: 200, gzip: gzipSync(tsv) };
}

/** Apple's financial report columns. */
export const FINANCE_COLUMNS = [
  "Start Date", "End Date", "UPC", "ISRC/ISBN", "Vendor Identifier", "Quantity", "Partner Share", "Extended Partner Share", "Partner Share Currency",
  "Sales or Return", "Apple Identifier", "Artist/Show/Developer/Author", "Title", "Label/Studio/Network/Developer/Publisher", "Grid",
  "Product Type Identifier", "ISAN/Other Identifier", "Country Of Sale", "Pre-order Flag", "Promo Code", "Customer Price", "Customer Currency",
];

/** GET /v1/financeReports (FINANCIAL, one region, one fiscal month YYYY-MM), published on the 5th of the next month. */
export function financeReport(state: SimState, seed: number, url: URL, now: number): SalesAnswer {
  const q = (k: string) => url.searchParams.get(`filter[${k}]`);
  if (q("reportType") !== "FINANCIAL") return { status: 400, code: "PARAMETER_ERROR.INVALID", detail: "The simulator serves FINANCIAL for filter[reportType].", parameter: "filter[reportType]" };
  for (const k of ["vendorNumber", "regionCode"]) if (!q(k)) return { status: 400, code: "PARAMETER_ERROR.REQUIRED", detail: `filter[${k}] is required.`, parameter: `filter[${k}]` };
  const month = q("reportDate");
  if (!month || !/^\d{4}-\d{2}$/.test(month)) return { status: 400, code: "PARAMETER_ERROR.INVALID", detail: "filter[reportDate] must be YYYY-MM.", parameter: "filter[reportDate]" };
  const [y, m] = month.split("-").map(Number);
  if (now < Date.UTC(y, m, 5)) return { status: 404, code: "NOT_FOUND", detail: "Report is not available yet." };
  const rnd = prng(seed * 7919 + y * 12 + m);
  const start = `${String(m).padStart(2, "0")}/01/${y}`;
  const end = `${String(m).padStart(2, "0")}/${new Date(Date.UTC(y, m, 0)).getUTCDate()}/${y}`;
  const rows = state.apps.map((app) => {
    const qty = 100 + Math.floor(rnd() * 900);
    return [start, end, "", "", app.sku, String(qty), "0.70", (qty * 0.7).toFixed(2), "USD", "S", app.id, "Sim Developer", app.name, "", "", "1F", "", "US", "", "", "0.99", "USD"];
  });
  const tsv = [FINANCE_COLUMNS, ...rows].map((r) => r.join("\t")).join("\n") + "\n";
  return { status: 200, gzip: gzipSync(tsv) };
}
