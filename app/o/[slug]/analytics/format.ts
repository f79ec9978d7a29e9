import type { Dimension } from "@/lib/analytics/constants";
import { compactRange } from "@/lib/analytics/figures";
import type { TAnalyticsView } from "@/lib/analytics/query";
import { withView } from "@/app/_components/view-query";

export type { TAnalyticsView };
export type TFigures = TAnalyticsView["totals"];

/** The URL keys of an analytics view, in the order they are written there. */
export const VIEW_KEYS = ["from", "to", "granularity", "territory", "sourceType", "pageType", "device", "app"] as const;
export type ViewKey = (typeof VIEW_KEYS)[number];

export const DIMENSION_WORDS: Record<Dimension, { heading: string; noun: string }> = {
  territory: { heading: "Territory", noun: "territory" },
  sourceType: { heading: "Source type", noun: "source type" },
  pageType: { heading: "Page type", noun: "page type" },
  device: { heading: "Device", noun: "device" },
};

/** The query string of a view with some keys changed (null removes one). */
export const viewQuery = (current: string, changes: Partial<Record<ViewKey, string | null>> = {}) => withView(VIEW_KEYS, current, changes);

/** The query string that shows the view as given: its range written out, so a shared link shows the same days tomorrow. */
export function queryOf(view: TAnalyticsView, app?: string[]) {
  return viewQuery("", {
    from: view.range.from,
    to: view.range.to,
    granularity: view.granularity === "day" ? null : view.granularity,
    territory: view.filters.territory.join(",") || null,
    sourceType: view.filters.sourceType.join(",") || null,
    pageType: view.filters.pageType.join(",") || null,
    device: view.filters.device.join(",") || null,
    app: app?.join(",") || null,
  });
}

export const count = (n: number) => n.toLocaleString("en-US");

/** A rate as a percentage with one decimal ("4.7%"), or a dash when there is nothing to divide by. */
export const percent = (r: number | null) => (r === null ? "–" : `${(r * 100).toFixed(1)}%`);

/** A relative change in whole percent ("+12%", "−3%"), or null when there is nothing to compare with. */
export function relativeWords(c: number | null) {
  if (c === null) return null;
  const p = Math.round(c * 100);
  return p === 0 ? "±0%" : `${p > 0 ? "+" : "−"}${Math.abs(p)}%`;
}

/** A difference of two rates in percentage points ("+0.4 pts"). */
export function pointsWords(c: number | null) {
  if (c === null) return null;
  const p = Math.round(c * 1000) / 10;
  return p === 0 ? "±0 pts" : `${p > 0 ? "+" : "−"}${Math.abs(p).toFixed(1)} pts`;
}

/** The chart's accessible name: what it shows, over which days, the totals, and from when figures may still change. */
export function chartLabel(view: TAnalyticsView, what: string) {
  const year = view.range.to.slice(0, 4);
  const range = `${compactRange(view.range)} ${year}`;
  const t = view.totals;
  const draft = view.incompleteFrom ? ` Not final from ${compactRange({ from: view.incompleteFrom, to: view.incompleteFrom })}.` : "";
  return `${what}: impressions, product page views, first-time downloads and conversion rate per ${view.granularity}, ${range}. In all ${count(t.impressions)} impressions, ${count(t.productPageViews)} page views, ${count(t.firstTimeDownloads)} first-time downloads, conversion ${percent(t.conversionRate)}.${draft}`;
}

/** The values each filter offers: those in the view's breakdowns. */
export function filterOptions(view: TAnalyticsView) {
  return Object.fromEntries(Object.entries(view.breakdowns).map(([d, rows]) => [d, rows.map((r) => r.value).filter(Boolean)])) as Record<keyof TAnalyticsView["breakdowns"], string[]>;
}
