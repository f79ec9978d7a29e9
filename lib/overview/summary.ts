import { conversionTrends } from "@/lib/analytics/trend";
import { now as clockNow } from "@/lib/clock";
import { ZCapabilityReport } from "@/lib/connections/capabilities";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { SalesDayStatus } from "@/lib/generated/prisma/enums";
import { ACTIVE_STATUSES } from "@/lib/media/uploads";
import { isoDay, reportDueAt } from "@/lib/sales/publication";
import { INDIVIDUAL_KEY_SALES } from "@/lib/sync/sales";
import { ZSyncBlocks } from "@/lib/sync/blocks";
import { SYNC_KINDS } from "@/lib/sync/status";
import type { OrgContext } from "@/lib/tenancy/context";
import { can } from "@/lib/tenancy/permissions";
import { connectionScopedWhere } from "@/lib/tenancy/scope";

const DAY = 86_400_000;
/** Failed uploads stay listed on the Media page; the overview counts those of the last week. */
const FAILED_UPLOADS_DAYS = 7;
/** How far back the overview looks for the newest stored report when yesterday's is not in yet. */
const LATEST_REPORT_DAYS = 7;

export type Figure = { currency: string; units: number; proceeds: string };
type Area = "apps" | "metadata" | "reviews" | "sales" | "clock";
export type Problem = { area: Area; reason: string; source: "sync" | "check" };

/** Units and proceeds per currency, proceeds as Apple's per-unit figure times units (refunds subtract). */
type SalesRow = { connectionId: string; day: string; currency: string; units: bigint; proceeds: Prisma.Decimal };

const group = <T, K>(rows: T[], key: (r: T) => K) => {
  const out = new Map<K, T[]>();
  for (const r of rows) out.set(key(r), [...(out.get(key(r)) ?? []), r]);
  return out;
};

/** What the last capability check and the sync's blocks say the key cannot do, each once. */
function problemsOf(c: { syncBlocks: unknown; capabilities: unknown }): Problem[] {
  const blocks = ZSyncBlocks.parse(c.syncBlocks ?? {});
  const out: Problem[] = Object.entries(blocks).map(([kind, b]) => ({ area: kind.toLowerCase() as Area, reason: b!.reason, source: "sync" as const }));
  const report = ZCapabilityReport.safeParse(c.capabilities);
  if (!report.success) return out;
  for (const area of ["apps", "metadata", "reviews", "sales"] as const) {
    const cap = report.data[area];
    if ((cap.state === "not_allowed" || cap.state === "fails") && !out.some((p) => p.area === area)) out.push({ area, reason: cap.reason, source: "check" });
  }
  if (report.data.clock.state === "off") out.push({ area: "clock", reason: report.data.clock.reason, source: "check" });
  return out;
}

/** Why a connection fetches no sales at all, or null when it does. */
function salesOff(c: { keyKind: string; vendorNumber: string | null }) {
  if (c.keyKind === "INDIVIDUAL") return INDIVIDUAL_KEY_SALES;
  if (!c.vendorNumber) return "No vendor number is set for this connection, so its sales reports are not fetched.";
  return null;
}

const figuresOf = (rows: SalesRow[] | undefined): Figure[] =>
  (rows ?? []).map((r) => ({ currency: r.currency, units: Number(r.units), proceeds: Number(r.proceeds).toFixed(2) })).sort((a, b) => a.currency.localeCompare(b.currency));

/**
 * The organisation's first page, per connection the caller may see: its health and what its
 * key may not do, unreplied reviews (and how many are 1★ or 2★), drafts waiting to be pushed,
 * screenshot uploads under way or failed, yesterday's units and proceeds per currency, the
 * conversion of its apps over Apple's last 30 days of analytics, and sync kinds whose last
 * run failed. Each part is there only for roles that may read it
 * (null otherwise): support sees the reviews alone.
 */
export async function organisationOverview(ctx: OrgContext) {
  const role = ctx.membership.role;
  const may = {
    connection: can(role, "connections.read"),
    reviews: can(role, "reviews.read"),
    metadata: can(role, "metadata.read"),
    media: can(role, "media.read"),
    sales: can(role, "sales.read"),
    analytics: can(role, "analytics.read"),
  };
  const connections = await db.connection.findMany({
    where: await connectionScopedWhere(ctx, "id"),
    orderBy: { name: "asc" },
    select: { id: true, name: true, status: true, statusReason: true, syncPausedAt: true, testedAt: true, syncBlocks: true, capabilities: true, keyKind: true, vendorNumber: true },
  });
  const now = clockNow();
  const yesterday = isoDay(Math.floor(now / DAY) * DAY - DAY);
  if (!connections.length) return { yesterday, connections: [] };

  const ids = connections.map((c) => c.id);
  const scope = { organizationId: ctx.orgId, connectionId: { in: ids } };
  const since = new Date(`${yesterday}T00:00:00Z`).getTime() - (LATEST_REPORT_DAYS - 1) * DAY;
  const none = Promise.resolve([] as never[]);
  const [reviews, drafts, uploads, salesRows, salesDays, lastRuns, trends] = await Promise.all([
    may.reviews
      ? db.syncedReview.groupBy({ by: ["connectionId", "rating"], where: { ...scope, responseAppleId: null }, _count: { _all: true } })
      : none,
    may.metadata
      ? db.metadataDraft.groupBy({ by: ["connectionId", "appId"], where: scope, _count: { _all: true, pushError: true } })
      : none,
    may.media
      ? db.mediaUpload.groupBy({
          by: ["connectionId", "appId", "status"],
          where: { ...scope, OR: [{ status: { in: [...ACTIVE_STATUSES] } }, { status: "FAILED", updatedAt: { gte: new Date(now - FAILED_UPLOADS_DAYS * DAY) } }] },
          _count: { _all: true },
        })
      : none,
    may.sales
      ? db.$queryRaw<SalesRow[]>(Prisma.sql`
          SELECT s."connectionId", to_char(s."day", 'YYYY-MM-DD') AS day, s."proceedsCurrency" AS currency,
                 SUM(s."units")::bigint AS units, SUM(s."units" * s."proceeds") AS proceeds
          FROM "SalesRow" s
          WHERE s."organizationId" = ${ctx.orgId} AND s."connectionId" IN (${Prisma.join(ids)})
            AND s."day" BETWEEN ${isoDay(since)}::date AND ${yesterday}::date
          GROUP BY 1, 2, 3`)
      : none,
    may.sales
      ? db.salesDay.findMany({ where: { ...scope, day: { gte: new Date(since), lte: new Date(`${yesterday}T00:00:00Z`) } }, select: { connectionId: true, day: true, status: true, reason: true } })
      : none,
    may.connection
      ? db.$queryRaw<{ connectionId: string; kind: string; status: string; error: string | null; finishedAt: Date | null }[]>(Prisma.sql`
          SELECT DISTINCT ON (r."connectionId", r."kind") r."connectionId", r."kind"::text AS kind, r."status"::text AS status, r."error", r."finishedAt"
          FROM "SyncRun" r
          WHERE r."organizationId" = ${ctx.orgId} AND r."connectionId" IN (${Prisma.join(ids)}) AND r."kind"::text IN (${Prisma.join(SYNC_KINDS)})
          ORDER BY r."connectionId", r."kind", r."createdAt" DESC`)
      : none,
    may.analytics ? conversionTrends(ctx.orgId, ids) : null,
  ]);

  const appIds = [...new Set([...drafts.map((d) => d.appId), ...uploads.map((u) => u.appId)])];
  const appNames = new Map(
    appIds.length ? (await db.syncedApp.findMany({ where: { ...scope, id: { in: appIds } }, select: { id: true, name: true } })).map((a) => [a.id, a.name]) : [],
  );
  const appName = (id: string) => appNames.get(id) ?? "An app";

  const reviewsOf = group(reviews, (r) => r.connectionId);
  const draftsOf = group(drafts, (d) => d.connectionId);
  const uploadsOf = group(uploads, (u) => u.connectionId);
  const salesOf = group(salesRows, (r) => `${r.connectionId} ${r.day}`);
  const daysOf = group(salesDays, (d) => d.connectionId);
  const runsOf = group(lastRuns, (r) => r.connectionId);

  return {
    yesterday,
    connections: connections.map((c) => {
      const unreplied = reviewsOf.get(c.id) ?? [];
      const appDrafts = (draftsOf.get(c.id) ?? []).map((d) => ({ appId: d.appId, appName: appName(d.appId), drafts: d._count._all, failedPushes: d._count.pushError }));
      const appUploads = [...group(uploadsOf.get(c.id) ?? [], (u) => u.appId)].map(([appId, rows]) => ({
        appId,
        appName: appName(appId),
        underWay: rows.filter((r) => r.status !== "FAILED").reduce((n, r) => n + r._count._all, 0),
        failed: rows.filter((r) => r.status === "FAILED").reduce((n, r) => n + r._count._all, 0),
      }));
      return {
        id: c.id,
        name: c.name,
        health: may.connection
          ? { status: c.status, statusReason: c.statusReason, syncPausedAt: c.syncPausedAt?.toISOString() ?? null, testedAt: c.testedAt?.toISOString() ?? null, problems: problemsOf(c) }
          : null,
        reviews: may.reviews
          ? { unreplied: unreplied.reduce((n, r) => n + r._count._all, 0), unrepliedLow: unreplied.filter((r) => r.rating <= 2).reduce((n, r) => n + r._count._all, 0) }
          : null,
        drafts: may.metadata ? { total: appDrafts.reduce((n, a) => n + a.drafts, 0), apps: appDrafts.sort((a, b) => a.appName.localeCompare(b.appName)) } : null,
        media: may.media
          ? { underWay: appUploads.reduce((n, a) => n + a.underWay, 0), failed: appUploads.reduce((n, a) => n + a.failed, 0), apps: appUploads.sort((a, b) => a.appName.localeCompare(b.appName)) }
          : null,
        sales: may.sales ? salesSummary(c, yesterday, daysOf.get(c.id) ?? [], (day) => salesOf.get(`${c.id} ${day}`)) : null,
        conversion: trends ? (trends.get(c.id) ?? { state: "not_set_up" as const }) : null,
        failingSyncs: may.connection
          ? (runsOf.get(c.id) ?? [])
              .filter((r) => r.status === "FAILED")
              .sort((a, b) => SYNC_KINDS.indexOf(a.kind as never) - SYNC_KINDS.indexOf(b.kind as never))
              .map((r) => ({ kind: r.kind as (typeof SYNC_KINDS)[number], error: r.error, finishedAt: r.finishedAt?.toISOString() ?? null }))
          : null,
      };
    }),
  };
}

type DayRow = { day: Date; status: SalesDayStatus; reason: string | null };

/**
 * Yesterday's figures (UTC, as the Sales page's days), what became of its report, and
 * when Apple's report is not in yet the newest day whose report is, so the card is not empty
 * every morning before Apple publishes.
 */
function salesSummary(c: { keyKind: string; vendorNumber: string | null }, yesterday: string, days: DayRow[], rowsOf: (day: string) => SalesRow[] | undefined) {
  const stored = (d: DayRow) => d.status === "FETCHED" || d.status === "NO_SALES";
  const byDay = new Map(days.map((d) => [isoDay(d.day.getTime()), d]));
  const y = byDay.get(yesterday);
  const figures = figuresOf(rowsOf(yesterday));
  // Figures without a day row (rows stored some other way) still count as the day's report.
  const inYet = (y && stored(y)) || figures.length > 0;
  const latest = inYet ? undefined : [...byDay].filter(([, d]) => stored(d)).sort(([a], [b]) => b.localeCompare(a))[0]?.[0];
  return {
    off: salesOff(c),
    yesterday: {
      day: yesterday,
      status: inYet ? (y?.status ?? "FETCHED") : (y?.status ?? "NOT_FETCHED"),
      reason: inYet ? null : (y?.reason ?? `Apple publishes this day's report by ${new Date(reportDueAt(yesterday)).toISOString().slice(11, 16)} UTC on ${isoDay(reportDueAt(yesterday))}.`),
      figures,
    },
    latest: latest ? { day: latest, figures: figuresOf(rowsOf(latest)) } : null,
  };
}

export type TOverview = Awaited<ReturnType<typeof organisationOverview>>;
export type TConnectionOverview = TOverview["connections"][number];
