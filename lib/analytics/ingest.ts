import { once } from "node:events";
import { randomUUID } from "node:crypto";
import type { PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { ReportFormatError } from "@/lib/asc/errors";
import { bulkPool } from "@/lib/db/bulk";
import type { AnalyticsReportKind } from "@/lib/generated/prisma/enums";
import { ANALYTICS_FINAL_AFTER_DAYS, ANALYTICS_REPORTS } from "./constants";

/**
 * Stores one DAILY report instance of an app, in one transaction. The files' rows are
 * copied into a temporary table as they are read, summed in SQL by (date, territory,
 * source type, page type, device), and for each day the file holds whose stored counts
 * come from an instance processed no later than this one, that kind's two columns are
 * replaced. Days a later instance has restated are left alone. The day rollups are rebuilt
 * for the days replaced, and the instance is recorded: an instance already recorded is not
 * stored again, and storing the same file twice gives the same rows.
 */
export type InstanceToStore = {
  organizationId: string;
  connectionId: string;
  appId: string;
  appleId: string;
  requestAppleId: string;
  kind: AnalyticsReportKind;
  granularity: string;
  processingDate: string;
  segments: AsyncIterable<string[][]>[];
};
export type StoredInstance = { stored: boolean; rows: number; days: number };

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

export async function storeAnalyticsInstance(i: InstanceToStore): Promise<StoredInstance> {
  const client = await connect();
  try {
    await client.query("BEGIN");
    const seen = await client.query(`SELECT 1 FROM "AnalyticsInstance" WHERE "connectionId" = $1 AND "appleId" = $2`, [i.connectionId, i.appleId]);
    if (seen.rowCount) {
      await client.query("ROLLBACK");
      return { stored: false, rows: 0, days: 0 };
    }
    await client.query(`CREATE TEMP TABLE analytics_raw (d date, territory text, source_type text, page_type text, device text, metric smallint, counts bigint) ON COMMIT DROP`);
    let rows = 0;
    for (const segment of i.segments) rows += await copySegment(client, i.kind, segment);
    // One app's facts are changed by one transaction at a time (kinds share rows).
    await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`analytics:${i.appId}`]);
    const days = await merge(client, i);
    const range = await client.query<{ first: string | null; last: string | null }>(`SELECT min(d)::text AS first, max(d)::text AS last FROM analytics_raw`);
    const inserted = await client.query(
      `INSERT INTO "AnalyticsInstance" ("id", "organizationId", "connectionId", "appId", "appleId", "requestAppleId", "reportName", "kind", "granularity", "processingDate", "segments", "rows", "firstDate", "lastDate")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::"AnalyticsReportKind", $9, $10::date, $11, $12, $13::date, $14::date)
       ON CONFLICT ("connectionId", "appleId") DO NOTHING`,
      [`ai_${randomUUID()}`, i.organizationId, i.connectionId, i.appId, i.appleId, i.requestAppleId, ANALYTICS_REPORTS[i.kind].name, i.kind, i.granularity, i.processingDate, i.segments.length, rows, range.rows[0]?.first ?? null, range.rows[0]?.last ?? null],
    );
    if (!inserted.rowCount) {
      // Stored meanwhile by another run: leave theirs.
      await client.query("ROLLBACK");
      return { stored: false, rows: 0, days: 0 };
    }
    await client.query(
      `UPDATE "AnalyticsAppState" SET "latestProcessingDate" = GREATEST(COALESCE("latestProcessingDate", $3::date), $3::date), "updatedAt" = now() WHERE "organizationId" = $1 AND "appId" = $2`,
      [i.organizationId, i.appId, i.processingDate],
    );
    await client.query("COMMIT");
    return { stored: true, rows, days };
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

/** Streams one file's rows into analytics_raw; events of other reports are skipped. */
async function copySegment(client: PoolClient, kind: AnalyticsReportKind, table: AsyncIterable<string[][]>): Promise<number> {
  const events = Object.keys(ANALYTICS_REPORTS[kind].events);
  const copy = client.query(copyFrom(`COPY analytics_raw (d, territory, source_type, page_type, device, metric, counts) FROM STDIN`));
  const done = once(copy, "finish");
  done.catch(() => undefined);
  let failed: Error | null = null;
  copy.on("error", (e: Error) => (failed = e));
  let col: Record<keyof typeof HEADERS | "event", number> | null = null;
  let line = 0;
  let rows = 0;
  let buf = "";
  try {
    for await (const batch of table) {
      for (const cells of batch) {
        line++;
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
          continue;
        }
        if (cells.length === 1 && !cells[0].trim()) continue;
        const metric = events.indexOf((cells[col.event] ?? "").trim());
        if (metric < 0) continue;
        const date = (cells[col.date] ?? "").trim();
        if (!DAY.test(date)) throw corrupt(`Line ${line}: the date "${date}" is not YYYY-MM-DD.`);
        const raw = (cells[col.counts] ?? "").trim().replace(/,/g, "");
        const counts = raw === "" ? 0 : Number(raw);
        if (!Number.isFinite(counts)) throw corrupt(`Line ${line}: the count "${raw}" is not a number.`);
        const cell = (k: "territory" | "sourceType" | "pageType" | "device") => text((cells[col![k]] ?? "").trim());
        buf += `${date}\t${cell("territory")}\t${cell("sourceType")}\t${cell("pageType")}\t${cell("device")}\t${metric}\t${Math.round(counts)}\n`;
        rows++;
      }
      if (buf.length > 64 * 1024) {
        if (failed) throw failed;
        if (!copy.write(buf)) await once(copy, "drain");
        buf = "";
      }
    }
    if (failed) throw failed;
    if (buf) copy.write(buf);
    copy.end();
    await done;
  } catch (e) {
    copy.destroy(e as Error);
    await done.catch(() => undefined);
    throw e;
  }
  return rows;
}

/**
 * Replaces the kind's columns for the days this instance may set, and rebuilds their
 * rollups. The days' rows are written afresh (the other kinds' counts carried over, cells
 * left with no count dropped) rather than updated in place: one insert per row, in primary
 * key order, is the cheapest write Postgres offers. Returns the days replaced.
 */
async function merge(client: PoolClient, i: InstanceToStore): Promise<number> {
  // Days in the file whose counts come from an instance processed no later than this one (or from none).
  const taken = await client.query<{ d: string }>(
    `SELECT DISTINCT r.d::text AS d FROM analytics_raw r
     LEFT JOIN "AnalyticsDay" ad ON ad."organizationId" = $1 AND ad."appId" = $2 AND ad."kind" = $3::"AnalyticsReportKind" AND ad."date" = r.d
     WHERE ad."processingDate" IS NULL OR ad."processingDate" <= $4::date`,
    [i.organizationId, i.appId, i.kind, i.processingDate],
  );
  const days = taken.rows.map((r) => r.d);
  if (days.length === 0) return 0;
  const [m0, m1] = COLUMNS_OF[i.kind];
  const keep = ALL_METRICS.filter((m) => m !== m0 && m !== m1);
  const at = [i.organizationId, i.appId, days];
  // Temporary tables have no statistics until analysed; without them the planner joins row by row.
  await client.query(`ANALYZE analytics_raw`);
  await client.query(
    `CREATE TEMP TABLE analytics_rows ON COMMIT DROP AS
     WITH agg AS (
       SELECT r.d, r.territory, r.source_type, r.page_type, r.device,
              COALESCE(sum(r.counts) FILTER (WHERE r.metric = 0), 0)::int AS m0, COALESCE(sum(r.counts) FILTER (WHERE r.metric = 1), 0)::int AS m1
       FROM analytics_raw r WHERE r.d = ANY($3::date[])
       GROUP BY r.d, r.territory, r.source_type, r.page_type, r.device
     ), had AS (
       SELECT * FROM "AnalyticsFact" f WHERE f."organizationId" = $1 AND f."appId" = $2 AND f."date" = ANY($3::date[])
     )
     SELECT COALESCE(a.d, h."date") AS d, COALESCE(a.territory, h."territory") AS territory, COALESCE(a.source_type, h."sourceType") AS source_type,
            COALESCE(a.page_type, h."pageType") AS page_type, COALESCE(a.device, h."device") AS device,
            COALESCE(a.m0, 0) AS "${m0}", COALESCE(a.m1, 0) AS "${m1}", ${keep.map((m) => `COALESCE(h."${m}", 0) AS "${m}"`).join(", ")}
     FROM agg a FULL JOIN had h ON h."date" = a.d AND h."territory" = a.territory AND h."sourceType" = a.source_type AND h."pageType" = a.page_type AND h."device" = a.device`,
    at,
  );
  await client.query(`DELETE FROM "AnalyticsFact" WHERE "organizationId" = $1 AND "appId" = $2 AND "date" = ANY($3::date[])`, at);
  await client.query(
    `INSERT INTO "AnalyticsFact" ("organizationId", "appId", "date", "territory", "sourceType", "pageType", "device", ${ALL_METRICS.map((m) => `"${m}"`).join(", ")})
     SELECT $1, $2, d, territory, source_type, page_type, device, ${ALL_METRICS.map((m) => `"${m}"`).join(", ")} FROM analytics_rows
     WHERE ${ALL_METRICS.map((m) => `"${m}" <> 0`).join(" OR ")}
     -- In primary key order: the index is written page after page rather than all over.
     ORDER BY d, territory, source_type, page_type, device`,
    [i.organizationId, i.appId],
  );
  await client.query(
    `INSERT INTO "AnalyticsDay" ("organizationId", "appId", "kind", "date", "processingDate", "final")
     SELECT $1, $2, $4::"AnalyticsReportKind", d, $5::date, ($5::date - d) >= $6 FROM unnest($3::date[]) AS d
     ON CONFLICT ("appId", "kind", "date") DO UPDATE SET "processingDate" = EXCLUDED."processingDate", "final" = EXCLUDED."final"`,
    [...at, i.kind, i.processingDate, ANALYTICS_FINAL_AFTER_DAYS],
  );
  await rebuildDaily(client, i.organizationId, i.appId, days);
  return days.length;
}

const SUMS = ALL_METRICS.map((m) => `sum("${m}")::int`).join(", ");

/** AnalyticsDaily for these days, from the facts: "all" and one row per value of each dimension. */
async function rebuildDaily(client: PoolClient, organizationId: string, appId: string, days: string[]) {
  await client.query(`DELETE FROM "AnalyticsDaily" WHERE "organizationId" = $1 AND "appId" = $2 AND "date" = ANY($3::date[])`, [organizationId, appId, days]);
  await client.query(
    `INSERT INTO "AnalyticsDaily" ("organizationId", "appId", "dim", "value", "date", ${ALL_METRICS.map((m) => `"${m}"`).join(", ")})
     SELECT $1, $2,
       CASE WHEN GROUPING("territory") = 0 THEN 'territory' WHEN GROUPING("sourceType") = 0 THEN 'sourceType' WHEN GROUPING("pageType") = 0 THEN 'pageType' WHEN GROUPING("device") = 0 THEN 'device' ELSE 'all' END,
       COALESCE("territory", "sourceType", "pageType", "device", ''), "date", ${SUMS}
     FROM "AnalyticsFact"
     WHERE "organizationId" = $1 AND "appId" = $2 AND "date" = ANY($3::date[])
     GROUP BY GROUPING SETS (("date"), ("date", "territory"), ("date", "sourceType"), ("date", "pageType"), ("date", "device"))`,
    [organizationId, appId, days],
  );
}
