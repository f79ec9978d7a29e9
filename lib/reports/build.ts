import { orgAnalytics } from "@/lib/analytics/query";
import { nowDate } from "@/lib/clock";
import { addDays } from "@/lib/analytics/markers";
import { db } from "@/lib/db/client";
import { FIELDS, type FieldName } from "@/lib/metadata/fields";
import { salesView } from "@/lib/sales/dashboard";
import { orgContext, type OrgContext } from "@/lib/tenancy/context";
import { visibleConnection } from "@/lib/tenancy/scope";
import { periodDays, periodWords, type Period } from "./period";

/** Words for a period without analytics figures: the report says so rather than showing zeros. */
export const NO_ANALYTICS = "No analytics for this period.";

const MEDIA_ACTIONS: Record<string, string> = { UPLOADED: "Uploaded", REPLACED: "Replaced", DELETED: "Deleted", REORDERED: "Reordered", COPIED: "Copied" };
const fieldLabel = (f: string) => (f in FIELDS ? FIELDS[f as FieldName].label : f);
const average = (sum: number, n: number) => (n ? Math.round((sum / n) * 100) / 100 : null);

type Money = { currency: string; units: number; proceeds: string; refunds: number };
type Funnel = { impressions: number; productPageViews: number; firstTimeDownloads: number; pageViewRate: number | null; conversionRate: number | null; pageConversion: number | null };

/** Everything a client report says about one connection and one period: what the page, the email and the PDF show. */
export type ClientReportData = {
  organization: { name: string };
  connection: { id: string; name: string };
  period: Period & { words: string; days: string };
  generatedAt: string;
  apps: { id: string; name: string }[];
  sales: {
    /** Per proceeds currency, never converted. */
    totals: Money[];
    /** The same for the period of the same length before. */
    previousTotals: Money[];
    /** Per app (in-app purchases count with their app) and currency. */
    byApp: (Money & { app: string })[];
  };
  ratings: { reviews: number; average: number | null; byStars: { stars: number; reviews: number }[] };
  replies: { published: number; pending: number; unansweredFromPeriod: number };
  metadata: { changes: number; rows: { app: string; locale: string; field: string; changes: number }[] };
  media: { changes: number; rows: { app: string; locale: string; kind: string; action: string; changes: number }[] };
  conversion: { available: true; totals: Funnel; byApp: (Funnel & { app: string })[]; notes: string[] } | { available: false; words: string };
};

/** An organisation's context for the server acting on its own (the daily schedule): every connection, an owner's rights. */
export async function serverContext(organizationId: string): Promise<OrgContext> {
  const org = await db.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { id: true, name: true, slug: true } });
  return orgContext({ operator: { name: "Client reports" }, org }, { ip: "local", userAgent: "client-reports" });
}

/**
 * The client report of one connection for one period (UTC days): sales per currency, the
 * reviews written and the replies published, metadata and media changes pushed, and the
 * App Store funnel when Apple's analytics reach the period. The connection must be one the
 * caller may see (else not_found).
 */
export async function buildReport(ctxOrOrgId: OrgContext | string, connectionId: string, period: Period): Promise<ClientReportData> {
  const ctx = typeof ctxOrOrgId === "string" ? await serverContext(ctxOrOrgId) : ctxOrOrgId;
  const connection = await visibleConnection(ctx, connectionId, { id: true, name: true });
  const organizationId = ctx.orgId;
  const within = { gte: new Date(`${period.from}T00:00:00Z`), lt: new Date(`${addDays(period.to, 1)}T00:00:00Z`) };
  const scope = { organizationId, connectionId: connection.id };

  const apps = await db.syncedApp.findMany({ where: scope, select: { id: true, name: true }, orderBy: { name: "asc" } });
  const appName = new Map(apps.map((a) => [a.id, a.name]));
  const [sales, stars, published, pending, unanswered, changes, media, conversion] = await Promise.all([
    salesView(ctx, { from: period.from, to: period.to, by: "app", connection: connection.id, format: "json" }),
    db.syncedReview.groupBy({ by: ["rating"], where: { ...scope, createdDate: within }, _count: { _all: true }, orderBy: { rating: "desc" } }),
    db.syncedReview.count({ where: { ...scope, responseState: "PUBLISHED", responseModifiedDate: within } }),
    db.syncedReview.count({ where: { ...scope, responseState: "PENDING_PUBLISH", responseModifiedDate: within } }),
    db.syncedReview.count({ where: { ...scope, createdDate: within, responseAppleId: null } }),
    db.metadataChange.groupBy({ by: ["appId", "locale", "field"], where: { ...scope, pushedAt: within }, _count: { _all: true } }),
    db.mediaChange.groupBy({ by: ["appId", "locale", "kind", "action"], where: { ...scope, at: within }, _count: { _all: true } }),
    funnel(ctx, apps, period),
  ]);

  const reviews = stars.reduce((n, s) => n + s._count._all, 0);
  const starSum = stars.reduce((n, s) => n + s.rating * s._count._all, 0);
  const byStars = [5, 4, 3, 2, 1].map((n) => ({ stars: n, reviews: stars.find((s) => s.rating === n)?._count._all ?? 0 }));
  const money = (m: { currency: string; units: number; proceeds: string; refunds: number }) => ({ currency: m.currency, units: m.units, proceeds: m.proceeds, refunds: m.refunds });
  const byName = <T extends { app: string }>(a: T, b: T) => a.app.localeCompare(b.app);
  const metadataRows = changes
    .map((c) => ({ app: appName.get(c.appId) ?? c.appId, locale: c.locale, field: fieldLabel(c.field), changes: c._count._all }))
    .sort((a, b) => byName(a, b) || a.locale.localeCompare(b.locale) || a.field.localeCompare(b.field));
  const mediaRows = media
    .map((m) => ({ app: appName.get(m.appId) ?? m.appId, locale: m.locale, kind: m.kind === "PREVIEW" ? "App previews" : "Screenshots", action: MEDIA_ACTIONS[m.action] ?? m.action, changes: m._count._all }))
    .sort((a, b) => byName(a, b) || a.locale.localeCompare(b.locale) || a.kind.localeCompare(b.kind) || a.action.localeCompare(b.action));

  return {
    organization: { name: ctx.org.name },
    connection,
    period: { ...period, words: periodWords(period), days: periodDays(period) },
    generatedAt: nowDate().toISOString(),
    apps,
    sales: {
      totals: sales.totals.map(money),
      previousTotals: sales.previousTotals.map(money),
      byApp: sales.rows.map((r) => ({ app: r.label, ...money(r) })).sort((a, b) => byName(a, b) || a.currency.localeCompare(b.currency)),
    },
    ratings: { reviews, average: average(starSum, reviews), byStars },
    replies: { published, pending, unansweredFromPeriod: unanswered },
    metadata: { changes: metadataRows.reduce((n, r) => n + r.changes, 0), rows: metadataRows },
    media: { changes: mediaRows.reduce((n, r) => n + r.changes, 0), rows: mediaRows },
    conversion,
  };
}

const funnelOf = (f: Funnel): Funnel => ({
  impressions: f.impressions,
  productPageViews: f.productPageViews,
  firstTimeDownloads: f.firstTimeDownloads,
  pageViewRate: f.pageViewRate,
  conversionRate: f.conversionRate,
  pageConversion: f.pageConversion,
});

/** Impressions → product page views → first-time downloads of the connection's apps, when Apple has sent any day of the period. */
async function funnel(ctx: OrgContext, apps: { id: string; name: string }[], period: Period): Promise<ClientReportData["conversion"]> {
  if (!apps.length) return { available: false, words: NO_ANALYTICS };
  const days = await db.analyticsDay.count({
    where: { organizationId: ctx.orgId, appId: { in: apps.map((a) => a.id) }, date: { gte: new Date(`${period.from}T00:00:00Z`), lte: new Date(`${period.to}T00:00:00Z`) } },
  });
  if (!days) return { available: false, words: NO_ANALYTICS };
  const view = await orgAnalytics(ctx, { from: period.from, to: period.to, granularity: "day", app: apps.map((a) => a.id), format: "json", table: "series" });
  return {
    available: true,
    totals: funnelOf(view.totals),
    byApp: view.apps.filter((a) => a.impressions || a.productPageViews || a.firstTimeDownloads).map((a) => ({ app: a.appName, ...funnelOf(a) })),
    notes: view.about,
  };
}
