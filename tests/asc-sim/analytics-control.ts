import type { SimState } from "./data";
import type { AnalyticsConfig } from "./analytics-reports";
import { effectiveFrom, STOREFRONT_LOCALES, territoriesOf, totalsOf } from "./analytics-traffic";

/**
 * The simulator's analytics control API, for tests and the demo:
 * GET  /__sim/analytics/effects  what a keyword change does to traffic, and every change made so far;
 * GET  /__sim/analytics/totals?appId=&from=&to=  an app's traffic summed from the traffic model, not from files;
 * POST /__sim/analytics/config   changes timings and the uplift (keys of AnalyticsConfig, numbers); with an
 *                                issuerId, for that team's account alone.
 * Each takes issuerId (query or body) for a team's own account.
 */
type Ctl = { method: string; url: URL; body?: Record<string, unknown>; state: SimState; seed: number; config: AnalyticsConfig; now: number };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function analyticsControl(c: Ctl): { status: number; body: unknown } {
  const route = `${c.method} ${c.url.pathname}`;
  if (route === "GET /__sim/analytics/effects") {
    return {
      status: 200,
      body: {
        searchConversionUplift: c.config.searchConversionUplift,
        sourceType: "App Store search",
        appliesFrom: "the UTC day after the change, in every territory that displays the changed locale; changes to the same territory compound",
        storefrontLocales: STOREFRONT_LOCALES,
        completeAfterDays: c.config.completeAfterDays,
        changes: c.state.analytics.changes.map((ch) => ({ ...ch, effectiveFrom: effectiveFrom(ch), territories: territoriesOf(ch.locale) })),
        requests: c.state.analytics.requests,
      },
    };
  }
  if (route === "GET /__sim/analytics/totals") {
    const q = (k: string) => c.url.searchParams.get(k) ?? "";
    const app = c.state.apps.find((a) => a.id === q("appId"));
    if (!app) return { status: 404, body: { error: "appId names no app of this account" } };
    if (!DAY.test(q("from")) || !DAY.test(q("to")) || q("from") > q("to")) return { status: 422, body: { error: "from and to are YYYY-MM-DD, from <= to" } };
    return { status: 200, body: totalsOf(c.seed, app, q("from"), q("to"), c.state.analytics.changes, { searchConversionUplift: c.config.searchConversionUplift, territoryCount: c.config.territoryCount }) };
  }
  if (route === "POST /__sim/analytics/config") {
    for (const k of Object.keys(c.config) as (keyof AnalyticsConfig)[]) {
      const v = c.body?.[k];
      if (typeof v === "number" && Number.isFinite(v) && v >= 0) c.config[k] = v;
    }
    if (c.config.firstDataMaxHours < c.config.firstDataMinHours) c.config.firstDataMaxHours = c.config.firstDataMinHours;
    return { status: 200, body: { config: c.config } };
  }
  return { status: 404, body: { error: "unknown control endpoint" } };
}
