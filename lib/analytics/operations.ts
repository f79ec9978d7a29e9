import { z } from "zod";
import { defineOperation } from "@/lib/http/operation";
import { mount } from "@/lib/http/serve";
import { DIMENSIONS } from "./constants";
import { analyticsCsvResponse } from "./csv";
import { GRANULARITIES } from "./figures";
import { appAnalytics, orgAnalytics, type TAnalyticsView } from "./query";
import { ZAnalyticsAppQuery, ZAnalyticsOrgQuery } from "./query-schema";

const count = (what: string) => z.number().int().describe(what);
const rate = (what: string) => z.number().nullable().describe(`${what}; null when there is nothing to divide by`);
const ZFigures = {
  impressions: count("Times the app was seen on the App Store"),
  productPageViews: count("Views of the app's product page"),
  firstTimeDownloads: count("First downloads by an account"),
  redownloads: count("Downloads by accounts that had the app before"),
  installations: count("Installs on devices"),
  deletions: count("Deletions from devices"),
  pageViewRate: rate("productPageViews ÷ impressions"),
  conversionRate: rate("firstTimeDownloads ÷ impressions (App Store Connect's conversion rate)"),
  pageConversion: rate("firstTimeDownloads ÷ productPageViews"),
};
const relative = (m: string) => z.number().nullable().describe(`Relative change of ${m} (-0.12 is 12% fewer); null when the previous period has none`);
const points = (r: string) => z.number().nullable().describe(`${r} now minus before (0.01 is one percentage point)`);
const ZRange = z.object({ from: z.string().describe("YYYY-MM-DD (UTC)"), to: z.string() });
const ZRow = z.object({ value: z.string().describe("As Apple writes it"), ...ZFigures });

const ZView = z.object({
  range: ZRange,
  previous: ZRange.describe("The period of the same length just before"),
  granularity: z.enum(GRANULARITIES),
  filters: z.object({ territory: z.array(z.string()), sourceType: z.array(z.string()), pageType: z.array(z.string()), device: z.array(z.string()) }),
  totals: z.object(ZFigures),
  previousTotals: z.object(ZFigures),
  change: z.object({
    impressions: relative("impressions"), productPageViews: relative("product page views"), firstTimeDownloads: relative("first-time downloads"),
    redownloads: relative("redownloads"), installations: relative("installations"), deletions: relative("deletions"),
    pageViewRate: points("pageViewRate"), conversionRate: points("conversionRate"), pageConversion: points("pageConversion"),
  }),
  series: z.array(z.object({ period: z.string().describe("The day, the Monday of the week, or the month (YYYY-MM)"), ...ZFigures, complete: z.boolean().describe("Every day of the period is final in all three of Apple's reports") })),
  breakdowns: z.object(Object.fromEntries(DIMENSIONS.map((d) => [d, z.array(ZRow).describe("Most impressions first")])) as Record<(typeof DIMENSIONS)[number], z.ZodArray<typeof ZRow>>),
  incompleteFrom: z.string().nullable().describe("The first day whose figures Apple may still restate"),
  missingDays: z.array(ZRange).describe("Days of the range for which Apple sent nothing in some report"),
  notes: z.array(z.string()).describe("What to keep in mind reading the figures, in words: Apple's privacy threshold, missing days, reports Apple stopped or may not be asked for"),
});
const ZOrgView = ZView.extend({ apps: z.array(z.object({ appId: z.string(), appName: z.string(), ...ZFigures })).describe("Most impressions first") });

const params = {
  from: "First day, YYYY-MM-DD (UTC); default 27 days before `to`",
  to: "Last day, YYYY-MM-DD (UTC); default the newest day Apple has sent for the apps, else yesterday; at most 731 days in all",
  granularity: "Periods of the series: day, week (starting Monday) or month",
  territory: "Only these territories (comma list)",
  sourceType: "Only these source types (comma list)",
  pageType: "Only these page types (comma list)",
  device: "Only these devices (comma list)",
  format: "`csv` answers one table as CSV",
  table: "With format=csv: series, territory, sourceType, pageType or device",
};
const csv = { "text/csv": { schema: { type: "string" } } };
const description = "From Apple's Analytics Reports (App Store discovery and engagement, downloads, installations and deletions), stored daily. Apple leaves out rows counting fewer than 5 events, so small territories and sources read low; its last days are restated for a few days (`complete`, `incompleteFrom`).";

/** The answer without what only the pages use. */
const published = ({ about: _about, status: _status, ...view }: TAnalyticsView) => view;

export const analyticsQueryOperations = [
  defineOperation({
    id: "analytics.app", method: "GET", path: "/api/orgs/[orgId]/apps/[appId]/analytics", apiPath: "/api/v1/apps/[appId]/analytics", access: "analytics.read",
    summary: "One app's App Store funnel (impressions, product page views, first-time downloads) over a range, with the previous period, a series and breakdowns",
    description,
    query: ZAnalyticsAppQuery,
    params: { ...params, appId: "An app's `id`" },
    ok: { status: 200, description: "The figures", schema: ZView, content: csv },
    errors: { 404: "No such app for this caller", 422: "Invalid date, range, granularity, filter or table; `field` names it" },
    handler: async ({ ctx, params: p, query }) => {
      const view = await appAnalytics(ctx, p.appId, query);
      if (query.format === "csv") return analyticsCsvResponse(view, query.table, `app-${p.appId}`);
      const { apps: _apps, ...rest } = published(view);
      return rest;
    },
  }),
  defineOperation({
    id: "analytics.org", method: "GET", path: "/api/orgs/[orgId]/analytics", apiPath: "/api/v1/analytics", access: "analytics.read",
    summary: "The App Store funnel across every app the caller may see, with a table per app",
    description,
    query: ZAnalyticsOrgQuery,
    params: { ...params, app: "Only these apps (comma list of app ids)", table: "With format=csv: series, territory, sourceType, pageType, device or apps" },
    ok: { status: 200, description: "The figures", schema: ZOrgView, content: csv },
    errors: { 422: "Invalid date, range, granularity, filter or table; `field` names it" },
    handler: async ({ ctx, query }) => {
      const view = await orgAnalytics(ctx, query);
      return query.format === "csv" ? analyticsCsvResponse(view, query.table, "all-apps") : published(view);
    },
  }),
];

export const routes = mount(analyticsQueryOperations);
