import { DAY, dayMs, isoDay, monthWords, shortDay } from "@/lib/dates";
import { METRICS, type Metric } from "./constants";

export { compactRange, DAY, dayMs, isoDay, longDay } from "@/lib/dates";

export type Counts = Record<Metric, number>;
export type Figures = Counts & { pageViewRate: number | null; conversionRate: number | null; pageConversion: number | null };
export const RATES = ["pageViewRate", "conversionRate", "pageConversion"] as const;
export type Rate = (typeof RATES)[number];

export const GRANULARITIES = ["day", "week", "month"] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export const zeroCounts = (): Counts => ({ impressions: 0, productPageViews: 0, firstTimeDownloads: 0, redownloads: 0, installations: 0, deletions: 0 });

/** Adds `b` into `a`. */
export function addCounts(a: Counts, b: Partial<Record<Metric, number | bigint>>) {
  for (const m of METRICS) a[m] += Number(b[m] ?? 0);
  return a;
}

const ratio = (n: number, d: number) => (d === 0 ? null : n / d);

/**
 * Counts with their rates: page views per impression, first-time downloads per impression
 * (what App Store Connect calls the conversion rate) and per page view; null when there is
 * nothing to divide by.
 */
export function withRates(c: Counts): Figures {
  return {
    ...c,
    pageViewRate: ratio(c.productPageViews, c.impressions),
    conversionRate: ratio(c.firstTimeDownloads, c.impressions),
    pageConversion: ratio(c.firstTimeDownloads, c.productPageViews),
  };
}

/**
 * From the previous period to this one: counts as relative change (-0.12 is 12% fewer),
 * rates as the difference of the two rates (0.01 is one percentage point more); null when
 * there is nothing to compare with.
 */
export function changeOf(now: Figures, before: Figures) {
  const out = {} as Record<Metric | Rate, number | null>;
  for (const m of METRICS) out[m] = before[m] === 0 ? null : (now[m] - before[m]) / before[m];
  for (const r of RATES) out[r] = now[r] === null || before[r] === null ? null : now[r]! - before[r]!;
  return out;
}

/** The previous period of the same length, ending the day before `from`. */
export function previousPeriod(range: { from: string; to: string }) {
  const days = (dayMs(range.to) - dayMs(range.from)) / DAY + 1;
  return { from: isoDay(dayMs(range.from) - days * DAY), to: isoDay(dayMs(range.from) - DAY) };
}

/**
 * A range as the whole months inside it (first days of the first and last) and the days
 * left at either end: a year is read as 11 or 12 monthly rows per value and at most 60
 * daily ones, not 365.
 */
export function splitByMonth(r: { from: string; to: string }): { months: { from: string; to: string } | null; days: { from: string; to: string }[] } {
  const firstWhole = r.from.endsWith("-01") ? r.from : isoDay(Date.UTC(Number(r.from.slice(0, 4)), Number(r.from.slice(5, 7)), 1));
  const after = isoDay(dayMs(r.to) + DAY);
  const lastWhole = after.endsWith("-01") ? isoDay(Date.UTC(Number(r.to.slice(0, 4)), Number(r.to.slice(5, 7)) - 1, 1)) : isoDay(Date.UTC(Number(r.to.slice(0, 4)), Number(r.to.slice(5, 7)) - 2, 1));
  if (firstWhole > lastWhole) return { months: null, days: [r] };
  const nextAfterLast = isoDay(Date.UTC(Number(lastWhole.slice(0, 4)), Number(lastWhole.slice(5, 7)), 1));
  const days = [
    ...(r.from < firstWhole ? [{ from: r.from, to: isoDay(dayMs(firstWhole) - DAY) }] : []),
    ...(nextAfterLast <= r.to ? [{ from: nextAfterLast, to: r.to }] : []),
  ];
  return { months: { from: firstWhole, to: lastWhole }, days };
}

/** Every day of a range, in order. */
export function daysOf(range: { from: string; to: string }) {
  const out: string[] = [];
  for (let d = dayMs(range.from); d <= dayMs(range.to); d += DAY) out.push(isoDay(d));
  return out;
}

/** The period a day falls in: itself, the Monday of its week (ISO weeks), or its month (YYYY-MM). */
export function periodOf(day: string, g: Granularity) {
  if (g === "day") return day;
  if (g === "month") return day.slice(0, 7);
  const ms = dayMs(day);
  return isoDay(ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY);
}

/** Consecutive days joined into ranges: ["2026-11-10", "2026-11-11", "2026-11-13"] → 10–11 Nov, 13 Nov. */
export function dayRanges(days: string[]) {
  const out: { from: string; to: string }[] = [];
  for (const d of [...days].sort()) {
    const last = out[out.length - 1];
    if (last && dayMs(d) - dayMs(last.to) === DAY) last.to = d;
    else out.push({ from: d, to: d });
  }
  return out;
}

/** How a period shows on an axis: "2 Nov" for days and weeks, "Nov 2026" for months. */
export function periodLabel(period: string, g: Granularity) {
  return g === "month" ? monthWords(period) : shortDay(period);
}
