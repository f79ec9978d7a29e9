import type { Breakdown, TSalesView } from "@/lib/sales/dashboard";
import { withView } from "@/app/_components/view-query";
import { DAY, isoDay, monthWords, shortDay } from "@/lib/dates";

export type { Breakdown, TSalesView };
export type TSalesRow = TSalesView["rows"][number];
export type TSalesTotal = TSalesView["totals"][number];

/** The URL keys of a sales view, in the order they are written there. */
export const VIEW_KEYS = ["from", "to", "by", "connection", "app"] as const;
export type ViewKey = (typeof VIEW_KEYS)[number];

export const TIME_BREAKDOWNS = ["day", "week", "month"] as const;
export const isTime = (by: Breakdown): by is (typeof TIME_BREAKDOWNS)[number] => (TIME_BREAKDOWNS as readonly string[]).includes(by);

/** Column heading and the words after "per" or "by" in chart names. */
export const BY_WORDS: Record<Breakdown, { heading: string; noun: string }> = {
  day: { heading: "Day", noun: "day" },
  week: { heading: "Week of", noun: "week" },
  month: { heading: "Month", noun: "month" },
  app: { heading: "App", noun: "app" },
  territory: { heading: "Territory", noun: "territory" },
  productType: { heading: "Product type", noun: "product type" },
};

/** The query string of a view with some keys changed (null removes one). */
export const viewQuery = (current: string, changes: Partial<Record<ViewKey, string | null>> = {}) => withView(VIEW_KEYS, current, changes);

export { compactRange, dayMs, isoDay, longDay, rangeWords } from "@/lib/dates";

/** How a bucket of a time breakdown, or a day, is shown on an axis. */
export function bucketLabel(by: Breakdown, key: string) {
  if (by === "month") return monthWords(key);
  if (by === "day" || by === "week") return shortDay(key);
  return key;
}

export const count = (n: number) => n.toLocaleString("en-US");

/** An amount in its own currency ("$9.80", "¥672"); never converted to another. */
export function money(amount: string | number, currency: string) {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(Number(amount));
  } catch {
    // A code Intl does not know still shows, as Apple wrote it.
    return `${Number(amount).toFixed(2)} ${currency}`;
  }
}

/** The change from `before` to `now` in whole percent, or null when there is nothing to compare with. */
export function percentChange(now: number, before: number) {
  if (before === 0) return null;
  return Math.round(((now - before) / Math.abs(before)) * 100);
}

/** Presets of the range picker, relative to yesterday (UTC): today's report is never out yet. */
export function presetRanges(now: number) {
  const today = Math.floor(now / DAY) * DAY;
  const yesterday = today - DAY;
  const t = new Date(today);
  const [y, m] = [t.getUTCFullYear(), t.getUTCMonth()];
  const monthStart = Date.UTC(y, m, 1);
  const to = isoDay(yesterday);
  return [
    { label: "Last 7 days", from: isoDay(yesterday - 6 * DAY), to },
    { label: "Last 30 days", from: isoDay(yesterday - 29 * DAY), to },
    { label: "Last 90 days", from: isoDay(yesterday - 89 * DAY), to },
    // On the 1st, this month has no finished day yet: it is today alone.
    { label: "This month", from: isoDay(monthStart), to: isoDay(Math.max(monthStart, yesterday)) },
    { label: "Last month", from: isoDay(Date.UTC(y, m - 1, 1)), to: isoDay(monthStart - DAY) },
    { label: "Last 12 months", from: isoDay(Date.UTC(y - 1, m, t.getUTCDate())), to },
  ];
}
