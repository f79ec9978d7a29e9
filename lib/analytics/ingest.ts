import { randomUUID } from "node:crypto";
import type { PoolClient } from "pg";
import { ReportFormatError } from "@/lib/asc/errors";
import { copyIn } from "@/lib/db/copy-in";
import { bulkPool } from "@/lib/db/bulk";
import type { AnalyticsReportKind } from "@/lib/generated/prisma/enums";
import { ANALYTICS_FINAL_AFTER_DAYS, ANALYTICS_REPORTS } from "./constants";

/**
 * Stores DAILY report instances of one app processed on the same day (one per report, so
 * each fact row is written once, not once per report), in one transaction. The files' rows
 * are copied into a temporary table as they are read and summed in SQL by (date, territory,
 * source type, page type, device). For each report and each day its file holds whose stored
 * counts come from an instance processed no later than this one, that report's two columns
 * are replaced; days a later instance has restated are left alone. The day rollups are
 * rebuilt for the days replaced, and the instances are recorded: one already recorded is
 * not stored again, and storing the same files twice gives the same rows.
 */
export type InstanceToStore = {
  appleId: string;
  requestAppleId: string;
  kind: AnalyticsReportKind;
  granularity: string;
  segments: AsyncIterable<string[][]>[];
};
export type InstancesToStore = { organizationId: string; connectionId: string; appId: string; processingDate: string; instances: InstanceToStore[] };
export type StoredInstances = { stored: number; rows: number; days: number };

/** The metric columns of each kind: the report's first event goes to the first, the second to the second. */
const COLUMNS_OF: Record<AnalyticsReportKind, [string, string]> = {
  ENGAGEMENT: ["impressions", "productPageViews"],
  DOWNLOADS: ["firstTimeDownloads", "redownloads"],
  INSTALLS: ["installations", "deletions"],
};
const ALL_METRICS = ["impressions", "productPageViews", "firstTimeDownloads", "redownloads", "installations", "deletions"];

/** Header names read from Apple's files; the event's column is "Event" or, in downloads, "Download Type". */
const HEADERS = { date: "Date", territory: "Territory", sourceType: "Source Type", pageType: "Page Type", device: "Device", counts: "Counts" } as const;
const EVENT_HEADERS = ["Event", "Download Type"];

const corrupt = (m: string) => new ReportFormatError("CORRUPT_REPORT", m);
const SPECIAL = /[\\\t\n\r]/;
const text = (v: string) => (SPECIAL.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => ({ "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" })[c]!) : v);
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Connects to the bulk pool, waiting out a moment when both its connections are busy. */
async function connect(): Promise<PoolClient> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await bulkPool().connect();
    } catch (e) {
      if (attempt >= 12 || !/timeout/i.test((e as Error).message)) throw e;
    }
  }
}

export async function storeAnalyticsInstances(g: InstancesToStore): Promise<StoredInstances> {
  const client = await connect();
  try {
    await client.query("BEGIN");
    const seen = await client.query<{ appleId: string }>(`SELECT "appleId" FROM "AnalyticsInstance" WHERE "connectionId" = $1 AND "appleId" = ANY($2::text[])`, [g.connectionId, g.instances.map((i) => i.appleId)]);
    const known = new Set(seen.rows.map((r) => r.appleId));
    const todo = g.instances.filter((i) => !known.has(i.appleId));
    if (todo.length === 0) {
      await client.query("ROLLBACK");
      return { stored: 0, rows: 0, days: 0 };
    }
    await client.query(`CREATE TEMP TABLE analytics_raw (kind text, d date, territory text, source_type text, page_type text, device text, metric smallint, counts bigint) ON COMMIT DROP`);
    const rowsOf = new Map<string, number>();
    for (const i of todo) {
      let rows = 0;
      for (const segment of i.segments) rows += await copySegment(client, i.kind, segment);
      rowsOf.set(i.appleId, rows);
    }
    // One app's facts are changed by one transaction at a time.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`analytics:${g.appId}`]);
    const days = await merge(client, g);
    const ranges = await client.query<{ kind: string; first: string; last: string }>(`SELECT kind, min(d)::text AS first, max(d)::text AS last FROM analytics_raw GROUP BY kind`);
    const range = new Map(ranges.rows.map((r) => [r.kind, r]));
    for (const i of todo) {
      const inserted = await client.query(
        `INSERT INTO "AnalyticsInstance" ("id", "organizationId", "connectionId", "appId", "appleId", "requestAppleId", "reportName", "kind", "granularity", "processingDate", "segments", "rows", "firstDate", "lastDate")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::"AnalyticsReportKind", $9, $10::date, $11, $12, $13::date, $14::date)
         ON CONFLICT ("connectionId", "appleId") DO NOTHING`,
        [`ai_${randomUUID()}`, g.organizationId, g.connectionId, g.appId, i.appleId, i.requestAppleId, ANALYTICS_REPORTS[i.kind].name, i.kind, i.granularity, g.processingDate, i.segments.length, rowsOf.get(i.appleId) ?? 0, range.get(i.kind)?.first ?? null, range.get(i.kind)?.last ?? null],
      );
      if (!inserted.rowCount) {
        // Stored meanwhile by another run: leave theirs.
        await client.query("ROLLBACK");
        return { stored: 0, rows: 0, days: 0 };
      }
    }
    await client.query(
      `UPDATE "AnalyticsAppState" SET "latestProcessingDate" = GREATEST(COALESCE("latestProcessingDate", $3::date), $3::date), "updatedAt" = now() WHERE "organizationId" = $1 AND "appId" = $2`,
      [g.organizationId, g.appId, g.processingDate],
    );
    await client.query("COMMIT");
    return { stored: todo.length, rows: [...rowsOf.values()].reduce((a, b) => a + b, 0), days };
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

/** Streams one file's rows into analytics_raw; events of other reports are skipped. */
function copySegment(client: PoolClient, kind: AnalyticsReportKind, table: AsyncIterable<string[][]>): Promise<number> {
  const events = Object.keys(ANALYTICS_REPORTS[kind].events);
  let col: Record<keyof typeof HEADERS | "event", number> | null = null;
  return copyIn(client, `COPY analytics_raw (kind, d, territory, source_type, page_type, device, metric, counts) FROM STDIN`, table, (cells, line) => {
    if (!col) {
      const at = new Map(cells.map((h, n) => [h.trim().toLowerCase(), n]));
      const find = (name: string) => at.get(name.toLowerCase());
      const c = {} as Record<keyof typeof HEADERS | "event", number>;
      for (const [key, name] of Object.entries(HEADERS) as [keyof typeof HEADERS, string][]) {
        const n = find(name);
        if (n === undefined) throw corrupt(`The analytics report has no "${name}" column.`);
        c[key] = n;
      }
      const ev = EVENT_HEADERS.map(find).find((n) => n !== undefined);
      if (ev === undefined) throw corrupt(`The analytics report has no "Event" column.`);
      c.event = ev;
      col = c;
      return null;
    }
    if (cells.length === 1 && !cells[0].trim()) return null;
    const metric = events.indexOf((cells[col.event] ?? "").trim());
    if (metric < 0) return null;
    const date = (cells[col.date] ?? "").trim();
    if (!DAY.test(date)) throw corrupt(`Line ${line}: the date "${date}" is not YYYY-MM-DD.`);
    const raw = (cells[col.counts] ?? "").trim().replace(/,/g, "");
    const counts = raw === "" ? 0 : Number(raw);
    if (!Number.isFinite(counts)) throw corrupt(`Line ${line}: the count "${raw}" is not a number.`);
    const cell = (k: "territory" | "sourceType" | "pageType" | "device") => text((cells[col![k]] ?? "").trim());
    return `${kind}\t${date}\t${cell("territory")}\t${cell("sourceType")}\t${cell("pageType")}\t${cell("device")}\t${metric}\t${Math.round(counts)}\n`;
  });
}

/**
 * Replaces each report's columns for the days its instance may set, and rebuilds their
 * rollups. The days' rows are written afresh (other counts carried over, cells left with no
 * count dropped) rather than updated in place: one insert per row, in primary key order,
 * is the cheapest write Postgres offers. Returns the days replaced.
 */
async function merge(client: PoolClient, g: InstancesToStore): Promise<number> {
  // Per report, days in its file whose counts come from an instance processed no later than this one (or from none).
  const taken = await client.query<{ kind: AnalyticsReportKind; d: string }>(
    `SELECT DISTINCT r.kind, r.d::text AS d FROM analytics_raw r
     LEFT JOIN "AnalyticsDay" ad ON ad."organizationId" = $1 AND ad."appId" = $2 AND ad."kind"::text = r.kind AND ad."date" = r.d
     WHERE ad."processingDate" IS NULL OR ad."processingDate" <= $3::date`,
    [g.organizationId, g.appId, g.processingDate],
  );
  if (taken.rows.length === 0) return 0;
  const days = [...new Set(taken.rows.map((r) => r.d))].sort();
  const kinds = Object.keys(COLUMNS_OF) as AnalyticsReportKind[];
  const daysOf = kinds.map((k) => taken.rows.filter((r) => r.kind === k).map((r) => r.d));
  // Temporary tables have no statistics until analysed; without them the planner joins row by row.
  await client.query(`ANALYZE analytics_raw`);
  // $4, $5, $6: the days each report replaces.
  const columns = kinds.flatMap((k, n) =>
    COLUMNS_OF[k].map((m, j) => ({ m, sum: `COALESCE(sum(r.counts) FILTER (WHERE r.kind = '${k}' AND r.metric = ${j}), 0)::int AS "${m}"`, pick: `CASE WHEN COALESCE(a.d, h."date") = ANY($${4 + n}::date[]) THEN COALESCE(a."${m}", 0) ELSE COALESCE(h."${m}", 0) END AS "${m}"` })),
  );
  await client.query(
    `CREATE TEMP TABLE analytics_rows ON COMMIT DROP AS
     WITH agg AS (
       SELECT r.d, r.territory, r.source_type, r.page_type, r.device, ${columns.map((c) => c.sum).join(", ")}
       FROM analytics_raw r JOIN unnest($7::text[], $8::date[]) AS t(kind, d) ON t.kind = r.kind AND t.d = r.d
       GROUP BY r.d, r.territory, r.source_type, r.page_type, r.device
     ), had AS (
       SELECT * FROM "AnalyticsFact" f WHERE f."organizationId" = $1 AND f."appId" = $2 AND f."date" = ANY($3::date[])
     )
     SELECT COALESCE(a.d, h."date") AS d, COALESCE(a.territory, h."territory") AS territory, COALESCE(a.source_type, h."sourceType") AS source_type,
            COALESCE(a.page_type, h."pageType") AS page_type, COALESCE(a.device, h."device") AS device, ${columns.map((c) => c.pick).join(", ")}
     FROM agg a FULL JOIN had h ON h."date" = a.d AND h."territory" = a.territory AND h."sourceType" = a.source_type AND h."pageType" = a.page_type AND h."device" = a.device`,
    [g.organizationId, g.appId, days, ...daysOf, taken.rows.map((r) => r.kind), taken.rows.map((r) => r.d)],
  );
  await client.query(`DELETE FROM "AnalyticsFact" WHERE "organizationId" = $1 AND "appId" = $2 AND "date" = ANY($3::date[])`, [g.organizationId, g.appId, days]);
  await client.query(
    `INSERT INTO "AnalyticsFact" ("organizationId", "appId", "date", "territory", "sourceType", "pageType", "device", ${ALL_METRICS.map((m) => `"${m}"`).join(", ")})
     SELECT $1, $2, d, territory, source_type, page_type, device, ${ALL_METRICS.map((m) => `"${m}"`).join(", ")} FROM analytics_rows
     WHERE ${ALL_METRICS.map((m) => `"${m}" <> 0`).join(" OR ")}
     -- In primary key order: the index is written page after page rather than all over.
     ORDER BY d, territory, source_type, page_type, device`,
    [g.organizationId, g.appId],
  );
  await client.query(
    `INSERT INTO "AnalyticsDay" ("organizationId", "appId", "kind", "date", "processingDate", "final")
     SELECT $1, $2, t.kind::"AnalyticsReportKind", t.d, $5::date, ($5::date - t.d) >= $6 FROM unnest($3::text[], $4::date[]) AS t(kind, d)
     ON CONFLICT ("appId", "kind", "date") DO UPDATE SET "processingDate" = EXCLUDED."processingDate", "final" = EXCLUDED."final"`,
    [g.organizationId, g.appId, taken.rows.map((r) => r.kind), taken.rows.map((r) => r.d), g.processingDate, ANALYTICS_FINAL_AFTER_DAYS],
  );
  await rebuildRollups(client, g.organizationId, g.appId, days);
  return days.length;
}

const SUMS = ALL_METRICS.map((m) => `sum("${m}")::int`).join(", ");
const METRIC_COLUMNS = ALL_METRICS.map((m) => `"${m}"`).join(", ");
const MONTH_SUMS = ALL_METRICS.map((m) => `sum("${m}")::bigint`).join(", ");

/**
 * The sums the Analytics pages read, rebuilt from the facts of these days: AnalyticsDaily
 * for the days, then AnalyticsMonthly and AnalyticsMonthFact for every month they fall in
 * (from all of that month's days). Runs in the caller's transaction.
 */
export async function rebuildRollups(client: Pick<PoolClient, "query">, organizationId: string, appId: string, days: string[]) {
  await rebuildDaily(client, organizationId, appId, days);
  const months = [...new Set(days.map((d) => `${d.slice(0, 7)}-01`))];
  // Each month's days: from its first to the day before the next month's first.
  const inMonths = `"organizationId" = $1 AND "appId" = $2 AND date_trunc('month', "date")::date = ANY($3::date[]) AND "date" >= (SELECT min(m) FROM unnest($3::date[]) m) AND "date" < (SELECT max(m) FROM unnest($3::date[]) m) + interval '1 month'`;
  await client.query(`DELETE FROM "AnalyticsMonthly" WHERE "organizationId" = $1 AND "appId" = $2 AND "date" = ANY($3::date[])`, [organizationId, appId, months]);
  await client.query(
    `INSERT INTO "AnalyticsMonthly" ("organizationId", "appId", "dim", "value", "date", ${METRIC_COLUMNS})
     SELECT $1, $2, "dim", "value", date_trunc('month', "date")::date, ${MONTH_SUMS} FROM "AnalyticsDaily" WHERE ${inMonths} GROUP BY 3, 4, 5`,
    [organizationId, appId, months],
  );
  await client.query(`DELETE FROM "AnalyticsMonthFact" WHERE "organizationId" = $1 AND "appId" = $2 AND "date" = ANY($3::date[])`, [organizationId, appId, months]);
  await client.query(
    `INSERT INTO "AnalyticsMonthFact" ("organizationId", "appId", "date", "territory", "sourceType", "pageType", "device", ${METRIC_COLUMNS})
     SELECT $1, $2, date_trunc('month', "date")::date, "territory", "sourceType", "pageType", "device", ${MONTH_SUMS} FROM "AnalyticsFact" WHERE ${inMonths}
     GROUP BY 3, 4, 5, 6, 7 ORDER BY 3, 4, 5, 6, 7`,
    [organizationId, appId, months],
  );
}

/** AnalyticsDaily for these days, from the facts: "all" and one row per value of each dimension. */
async function rebuildDaily(client: Pick<PoolClient, "query">, organizationId: string, appId: string, days: string[]) {
  await client.query(`DELETE FROM "AnalyticsDaily" WHERE "organizationId" = $1 AND "appId" = $2 AND "date" = ANY($3::date[])`, [organizationId, appId, days]);
  await client.query(
    `INSERT INTO "AnalyticsDaily" ("organizationId", "appId", "dim", "value", "date", ${METRIC_COLUMNS})
     SELECT $1, $2,
       CASE WHEN GROUPING("territory") = 0 THEN 'territory' WHEN GROUPING("sourceType") = 0 THEN 'sourceType' WHEN GROUPING("pageType") = 0 THEN 'pageType' WHEN GROUPING("device") = 0 THEN 'device' ELSE 'all' END,
       COALESCE("territory", "sourceType", "pageType", "device", ''), "date", ${SUMS}
     FROM "AnalyticsFact"
     WHERE "organizationId" = $1 AND "appId" = $2 AND "date" = ANY($3::date[])
     GROUP BY GROUPING SETS (("date"), ("date", "territory"), ("date", "sourceType"), ("date", "pageType"), ("date", "device"))`,
    [organizationId, appId, days],
  );
}
