import { now as clockNow } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { invalid, notFound } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { OrgContext } from "@/lib/tenancy/context";
import { connectionScopedWhere } from "@/lib/tenancy/scope";
import { analyticsAppStates } from "./app-states";
import { DIMENSIONS, METRICS, type Dimension, type Metric } from "./constants";
import { addCounts, changeOf, compactRange, DAY, dayMs, dayRanges, daysOf, isoDay, longDay, periodOf, previousPeriod, splitByMonth, withRates, zeroCounts, type Counts } from "./figures";
import { DEFAULT_RANGE_DAYS, MAX_RANGE_DAYS, type TAnalyticsQuery } from "./query-schema";

export const PRIVACY_NOTE = "Apple leaves out rows counting fewer than 5 events, so small territories and sources read low.";
const REPORT_KINDS = 3;

type Scope = { orgId: string; appIds: string[] };
type SumRow = Partial<Record<Metric, bigint>>;
type Range = { from: string; to: string };

const SUMS = Prisma.raw(METRICS.map((m) => `SUM(f."${m}")::bigint AS "${m}"`).join(", "));
const METRIC_COLUMNS = Prisma.raw(METRICS.map((m) => `f."${m}"`).join(", "));
const between = (r: Range) => Prisma.sql`f."date" BETWEEN ${r.from}::date AND ${r.to}::date`;
const scoped = (s: Scope) => Prisma.sql`f."organizationId" = ${s.orgId} AND f."appId" IN (${Prisma.join(s.appIds)})`;

type Source = { daily: Prisma.Sql; monthly: Prisma.Sql; where: Prisma.Sql; filtered: boolean };

/**
 * Where the figures come from: the facts themselves, narrowed by each filter, or the per-day
 * sums by one dimension (small, what the page reads) when they hold the same figures: without
 * filters (`all`), or for sums over every value of the others when one dimension is filtered.
 * Each has its monthly sums for whole months.
 */
function source(q: TAnalyticsQuery, useDaily: boolean): Source {
  const filtered = DIMENSIONS.filter((d) => q[d]?.length);
  const sums = { daily: Prisma.sql`"AnalyticsDaily"`, monthly: Prisma.sql`"AnalyticsMonthly"` };
  if (!filtered.length) return { ...sums, where: Prisma.sql`f."dim" = 'all'`, filtered: false };
  if (useDaily && filtered.length === 1) {
    const d = filtered[0];
    return { ...sums, where: Prisma.sql`f."dim" = ${d} AND f."value" IN (${Prisma.join(q[d]!)})`, filtered: true };
  }
  const where = filtered.map((d) => Prisma.sql`f.${Prisma.raw(`"${d}"`)} IN (${Prisma.join(q[d]!)})`);
  return { daily: Prisma.sql`"AnalyticsFact"`, monthly: Prisma.sql`"AnalyticsMonthFact"`, where: Prisma.join(where, " AND "), filtered: true };
}

/** The rows of a range: whole months from the monthly sums, the other days from the daily rows; `columns` are read from each. */
function rowsOf(src: { daily: Prisma.Sql; monthly: Prisma.Sql; where: Prisma.Sql }, s: Scope, r: Range, columns: Prisma.Sql) {
  const { months, days } = splitByMonth(r);
  const parts = [
    ...(days.length ? [Prisma.sql`SELECT ${columns} FROM ${src.daily} f WHERE ${scoped(s)} AND (${Prisma.join(days.map(between), " OR ")}) AND ${src.where}`] : []),
    ...(months ? [Prisma.sql`SELECT ${columns} FROM ${src.monthly} f WHERE ${scoped(s)} AND ${between(months)} AND ${src.where}`] : []),
  ];
  return Prisma.sql`(${Prisma.join(parts, " UNION ALL ")}) f`;
}

function byAppAndDay(s: Scope, q: TAnalyticsQuery, r: Range) {
  const src = source(q, true);
  return db.$queryRaw<(SumRow & { appId: string; day: string })[]>(Prisma.sql`
    SELECT f."appId", to_char(f."date", 'YYYY-MM-DD') AS day, ${SUMS}
    FROM ${src.daily} f WHERE ${scoped(s)} AND ${between(r)} AND ${src.where}
    GROUP BY 1, 2`);
}

const DIMENSION_COLUMNS = Prisma.raw(`f."territory", f."sourceType", f."pageType", f."device"`);

function byDimension(s: Scope, q: TAnalyticsQuery, r: Range) {
  // Figures of one dimension's values under another's filter are only in the facts.
  const src = source(q, false);
  if (!src.filtered) {
    const all = { ...src, where: Prisma.sql`f."dim" IN (${Prisma.join([...DIMENSIONS])})` };
    return db.$queryRaw<(SumRow & { dim: Dimension; value: string })[]>(Prisma.sql`
      SELECT f."dim", f."value", ${SUMS}
      FROM ${rowsOf(all, s, r, Prisma.sql`f."dim", f."value", ${METRIC_COLUMNS}`)}
      GROUP BY 1, 2`);
  }
  return db.$queryRaw<(SumRow & { dim: Dimension; value: string })[]>(Prisma.sql`
    SELECT CASE WHEN GROUPING(f."territory") = 0 THEN 'territory' WHEN GROUPING(f."sourceType") = 0 THEN 'sourceType'
                WHEN GROUPING(f."pageType") = 0 THEN 'pageType' ELSE 'device' END AS dim,
           COALESCE(f."territory", f."sourceType", f."pageType", f."device") AS value, ${SUMS}
    FROM ${rowsOf(src, s, r, Prisma.sql`${DIMENSION_COLUMNS}, ${METRIC_COLUMNS}`)}
    GROUP BY GROUPING SETS ((f."territory"), (f."sourceType"), (f."pageType"), (f."device"))`);
}

function previousTotals(s: Scope, q: TAnalyticsQuery, r: Range) {
  return db.$queryRaw<SumRow[]>(Prisma.sql`SELECT ${SUMS} FROM ${rowsOf(source(q, true), s, r, METRIC_COLUMNS)}`);
}

/**
 * The range's reads, one after another in one transaction and without parallel workers:
 * they are short index scans, and on a small server starting workers costs more than it
 * saves (a 28-day breakdown of 20 apps took 50 ms alone and 180 ms with two workers).
 */
async function rangeReads(s: Scope, q: TAnalyticsQuery, range: Range, previous: Range) {
  if (!s.appIds.length) return { rows: [], prev: zeroCounts(), dims: [], states: [] };
  const [, rows, prev, dims, states] = await db.$transaction([
    db.$executeRaw`SET LOCAL max_parallel_workers_per_gather = 0`,
    byAppAndDay(s, q, range),
    previousTotals(s, q, previous),
    byDimension(s, q, range),
    dayStates(s, range),
  ]);
  return { rows, prev: addCounts(zeroCounts(), prev[0] ?? {}), dims, states };
}

/** Per app, the first and last day Apple has sent anything for. */
async function spans(s: Scope) {
  return db.$queryRaw<{ appId: string; first: string; last: string }[]>(Prisma.sql`
    SELECT f."appId", to_char(MIN(f."date"), 'YYYY-MM-DD') AS first, to_char(MAX(f."date"), 'YYYY-MM-DD') AS last
    FROM "AnalyticsDay" f WHERE ${scoped(s)} GROUP BY 1`);
}

/** Per app and day of the range: how many of the three reports are stored, and how many of them final. */
function dayStates(s: Scope, r: Range) {
  return db.$queryRaw<{ appId: string; day: string; kinds: number; finals: number }[]>(Prisma.sql`
    SELECT f."appId", to_char(f."date", 'YYYY-MM-DD') AS day, COUNT(DISTINCT f."kind")::int AS kinds, COUNT(*) FILTER (WHERE f."final")::int AS finals
    FROM "AnalyticsDay" f WHERE ${scoped(s)} AND ${between(r)} GROUP BY 1, 2`);
}

/** The range asked for, else the 28 days ending at the newest day stored (yesterday when nothing is). */
function resolveRange(q: TAnalyticsQuery, newest: string | null): Range {
  const end = newest ?? isoDay(Math.floor(clockNow() / DAY) * DAY - DAY);
  const to = q.to ?? (q.from && q.from > end ? isoDay(dayMs(q.from) + (DEFAULT_RANGE_DAYS - 1) * DAY) : end);
  const from = q.from ?? isoDay(dayMs(to) - (DEFAULT_RANGE_DAYS - 1) * DAY);
  if (from > to) throw invalid("from", "from is after to.");
  if ((dayMs(to) - dayMs(from)) / DAY + 1 > MAX_RANGE_DAYS) throw invalid("from", `A range is at most ${MAX_RANGE_DAYS} days.`);
  return { from, to };
}

const figuresOf = (row: SumRow) => withRates(addCounts(zeroCounts(), row));
const byImpressions = <T extends Counts & { label: string }>(a: T, b: T) => b.impressions - a.impressions || b.firstTimeDownloads - a.firstTimeDownloads || a.label.localeCompare(b.label);

/**
 * The analytics of some apps the caller may see, over a range: totals and those of the
 * previous period of the same length, the change, a series by day, week or month (each
 * period complete only when every day of it is final in all three reports), breakdowns by
 * territory, source type, page type and device, per app, and in words what to keep in mind.
 */
async function analyticsView(ctx: OrgContext, apps: { id: string; name: string }[], q: TAnalyticsQuery) {
  const s: Scope = { orgId: ctx.orgId, appIds: apps.map((a) => a.id) };
  const known = s.appIds.length ? await spans(s) : [];
  const newest = known.reduce<string | null>((n, a) => (n === null || a.last > n ? a.last : n), null);
  const range = resolveRange(q, newest);
  const previous = previousPeriod(range);
  const [{ rows, prev, dims, states }, status] = await Promise.all([rangeReads(s, q, range, previous), analyticsAppStates(ctx.orgId, apps, new Set(known.map((a) => a.appId)))]);

  const days = daysOf(range);
  const perDay = new Map<string, Counts>();
  const perApp = new Map<string, Counts>(apps.map((a) => [a.id, zeroCounts()]));
  const totals = zeroCounts();
  for (const r of rows) {
    addCounts(perDay.get(r.day) ?? perDay.set(r.day, zeroCounts()).get(r.day)!, r);
    addCounts(perApp.get(r.appId)!, r);
    addCounts(totals, r);
  }

  // A day is final when all three reports of every app Apple sends for are; missing when one
  // of them sent nothing up to its newest day.
  const stateOf = new Map(states.map((d) => [`${d.appId} ${d.day}`, d]));
  const complete = (day: string) => known.length > 0 && known.every((a) => (stateOf.get(`${a.appId} ${day}`)?.finals ?? 0) >= REPORT_KINDS);
  const missing = (day: string) => known.some((a) => day <= a.last && (stateOf.get(`${a.appId} ${day}`)?.kinds ?? 0) < REPORT_KINDS);
  const missingDays = dayRanges(days.filter(missing));
  // Nothing from Apple at all is said by the apps' states, not as days still to be restated.
  const incompleteFrom = known.length ? (days.find((d) => !complete(d) && !missing(d)) ?? null) : null;

  const periods = new Map<string, { counts: Counts; complete: boolean }>();
  for (const d of days) {
    const key = periodOf(d, q.granularity);
    const p = periods.get(key) ?? periods.set(key, { counts: zeroCounts(), complete: true }).get(key)!;
    addCounts(p.counts, perDay.get(d) ?? {});
    p.complete &&= complete(d);
  }

  const breakdowns = Object.fromEntries(DIMENSIONS.map((d) => [d, [] as (ReturnType<typeof figuresOf> & { value: string })[]])) as Record<Dimension, (ReturnType<typeof figuresOf> & { value: string })[]>;
  for (const r of dims) breakdowns[r.dim].push({ value: r.value, ...figuresOf(r) });
  for (const d of DIMENSIONS) breakdowns[d].sort((a, b) => byImpressions({ ...a, label: a.value }, { ...b, label: b.value }));

  const totalFigures = withRates(totals);
  const previousFigures = withRates(prev);
  const about = [PRIVACY_NOTE, ...(incompleteFrom ? [`Figures from ${longDay(incompleteFrom)} on are not final yet: Apple restates the last days.`] : [])];
  const missingNote = missingDays.length ? [`No data from Apple for ${missingDays.map(compactRange).join(", ")}; those days count as nothing.`] : [];
  return {
    range,
    previous,
    granularity: q.granularity,
    filters: { territory: q.territory ?? [], sourceType: q.sourceType ?? [], pageType: q.pageType ?? [], device: q.device ?? [] },
    totals: totalFigures,
    previousTotals: previousFigures,
    change: changeOf(totalFigures, previousFigures),
    series: [...periods].map(([period, p]) => ({ period, ...withRates(p.counts), complete: p.complete })),
    breakdowns,
    apps: apps
      .map((a) => ({ appId: a.id, appName: a.name, ...withRates(perApp.get(a.id)!) }))
      .sort((a, b) => byImpressions({ ...a, label: a.appName }, { ...b, label: b.appName })),
    incompleteFrom,
    missingDays,
    notes: [...about, ...missingNote, ...status.flatMap((st) => (st.words ? [st.words] : []))],
    /** For pages: the notes that are neither state nor missing days, and each app's state. */
    about,
    status,
  };
}
export type TAnalyticsView = Awaited<ReturnType<typeof analyticsView>>;

/** One app's analytics; not_found when it is not the caller's to see. */
export async function appAnalytics(ctx: OrgContext, appId: string, q: TAnalyticsQuery) {
  const app = await db.syncedApp.findFirst({ where: { AND: [await connectionScopedWhere(ctx), { id: appId }] }, select: { id: true, name: true } });
  if (!app) throw notFound("App");
  return analyticsView(ctx, [app], q);
}

/** The analytics of every app the caller may see (or of those `app` lists), with a table per app. */
export async function orgAnalytics(ctx: OrgContext, q: TAnalyticsQuery) {
  const apps = await db.syncedApp.findMany({
    where: { AND: [await connectionScopedWhere(ctx), q.app?.length ? { id: { in: q.app } } : {}] },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
  return analyticsView(ctx, apps, q);
}
