import { z } from "zod";
import { defineOperation } from "@/lib/http/operation";
import { mount } from "@/lib/http/serve";
import { markerEffect, ZEffectQuery } from "./effect";
import { listMarkers, visibleApp } from "./markers";
import { versionRatings } from "./version-ratings";

const Day = (field: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, `${field} is a day, YYYY-MM-DD.`).refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), `${field} is not a calendar day.`);
export const ZMarkersQuery = z
  .object({ from: Day("from"), to: Day("to") })
  .refine((q) => q.from <= q.to, { message: "from is after to.", path: ["from"] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 731 * 86_400_000, { message: "The range is at most 731 days.", path: ["to"] });

const ZRating = z.object({ versionString: z.string(), reviews: z.number().int(), average: z.number().nullable().describe("Average stars, 2 decimals; null without reviews") });
export const ZMarker = z.object({
  id: z.string().describe("`metadata.<first change id>` (one push), `media.<media change id>` or `release.<version id>`"),
  kind: z.enum(["metadata", "media", "release"]),
  at: z.string().describe("When it happened, ISO 8601"),
  day: z.string().describe("The first day it can show in traffic: the UTC day after `at`"),
  locales: z.array(z.string()).describe("The App Store localizations it changed; a release: the version's"),
  title: z.string(),
  detail: z.string(),
  by: z.string().nullable().describe("Email of the member, or the API token's name; null for a release"),
  versionString: z.string().nullable(),
  rating: ZRating.nullable().describe("Reviews of the version it belongs to"),
});
const ZInterval = z.tuple([z.number(), z.number()]).nullable();
const ZWindow = z.object({ from: z.string(), to: z.string(), days: z.number().int().describe("Days counted: final and not the day of the change") });
const ZEffect = z.object({
  marker: ZMarker,
  locale: z.string().nullable().describe("The locale measured; null for a release measured over every territory"),
  territories: z.array(z.string()).describe("The storefronts counted: those showing the locale"),
  territorySource: z.string().describe("Where the storefront → localization table comes from"),
  before: ZWindow,
  after: ZWindow,
  excludedDays: z.array(z.string()).describe("The day of the change and days whose counts are not final"),
  conversion: z.object({
    before: z.number().nullable().describe("First-time downloads ÷ impressions"),
    after: z.number().nullable(),
    change: z.number().nullable().describe("after − before, as a fraction: 0.012 is 1.2 points"),
    relativeChange: z.number().nullable().describe("after ÷ before − 1: 0.2 is +20%"),
    ci95: ZInterval.describe("95% interval of the relative change (delta method on the log ratio)"),
    significant: z.boolean().describe("The interval excludes 0"),
  }),
  decomposition: z.object({
    total: z.number().nullable().describe("The change in conversion: mix + within"),
    mix: z.number().nullable().describe("Part from impressions moving between source types"),
    within: z.number().nullable().describe("Part from conversion moving within each source type"),
    bySource: z.array(
      z.object({
        sourceType: z.string(),
        shareBefore: z.number().nullable(),
        shareAfter: z.number().nullable(),
        conversionBefore: z.number().nullable(),
        conversionAfter: z.number().nullable(),
        relativeChange: z.number().nullable(),
        ci95: ZInterval,
        impressionsBefore: z.number().int(),
        impressionsAfter: z.number().int(),
        downloadsBefore: z.number().int(),
        downloadsAfter: z.number().int(),
      }),
    ),
  }),
  samples: z.object({ impressionsBefore: z.number().int(), impressionsAfter: z.number().int(), downloadsBefore: z.number().int(), downloadsAfter: z.number().int() }),
  warnings: z.array(z.string()).describe("Other changes inside either window, windows shorter than asked, no data"),
});
const ZVersions = z.object({
  versions: z.array(
    z.object({
      versionString: z.string(),
      reviews: z.number().int(),
      average: z.number().nullable(),
      ratings: z.object({ 1: z.number().int(), 2: z.number().int(), 3: z.number().int(), 4: z.number().int(), 5: z.number().int() }).describe("Reviews per star"),
    }),
  ),
});

const base = "/api/orgs/[orgId]/apps/[appId]";
const api = "/api/v1/apps/[appId]";
const noApp = "No such app for this token";

export const markerOperations = [
  defineOperation({
    id: "analytics.markers", method: "GET", path: `${base}/analytics/markers`, apiPath: `${api}/analytics/markers`, access: "analytics.read",
    summary: "Changes that may show in an app's traffic: metadata pushes, screenshot and preview changes, version releases",
    description: "Oldest first, each with the version's reviews and average. Metadata changes of one push (one member, the same second) are one marker.",
    query: ZMarkersQuery,
    params: { from: "First day, YYYY-MM-DD (UTC)", to: "Last day, YYYY-MM-DD (UTC)" },
    ok: { status: 200, description: "Markers", schema: z.object({ markers: z.array(ZMarker) }) },
    errors: { 404: noApp, 422: "Invalid day or range; `field` names it" },
    handler: async ({ ctx, params, query }) => ({ markers: await listMarkers(ctx, params.appId, query) }),
  }),
  defineOperation({
    id: "analytics.effect", method: "GET", path: `${base}/analytics/markers/[markerId]/effect`, apiPath: `${api}/analytics/markers/[markerId]/effect`, access: "analytics.read",
    summary: "What a change did to conversion in the territories showing its locale: before against after, with a 95% interval",
    description: "Conversion is first-time downloads ÷ impressions. The day of the change and days not final yet are left out; the change is split into traffic mix and conversion within each source type.",
    query: ZEffectQuery,
    params: { markerId: "A marker's `id`", window: "Days in each window, 3 to 56 (default 14)", locale: "The locale measured (default the marker's first); a release without it counts every territory" },
    ok: { status: 200, description: "The effect", schema: ZEffect },
    errors: { 404: "No such app or marker for this token", 422: "Invalid window or locale; `field` names it" },
    handler: ({ ctx, params, query }) => markerEffect(ctx, params.appId, params.markerId, query),
  }),
  defineOperation({
    id: "analytics.versions", method: "GET", path: `${base}/ratings/versions`, apiPath: `${api}/ratings/versions`, access: "reviews.read",
    summary: "Ratings per App Store version: reviews, average stars and the count per star",
    description: "Newest version first. A review counts for the version Apple lists it under.",
    ok: { status: 200, description: "Ratings per version", schema: ZVersions },
    errors: { 404: noApp },
    handler: async ({ ctx, params }) => {
      const app = await visibleApp(ctx, params.appId);
      return { versions: await versionRatings(ctx.orgId, app.id) };
    },
  }),
];

export const routes = mount(markerOperations);
