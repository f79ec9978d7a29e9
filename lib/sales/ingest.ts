import { randomUUID } from "node:crypto";
import type { PoolClient } from "pg";
import { ReportFormatError } from "@/lib/asc/errors";
import { copyIn } from "@/lib/db/copy-in";
import { bulkPool } from "@/lib/db/bulk";

/**
 * Apple's Sales Summary columns we keep, by header name, with the names older report
 * versions used. Column order never matters; a report lacking a required column is
 * refused as a whole.
 */
const COLUMNS = {
  appleIdentifier: { names: ["Apple Identifier"], required: true },
  units: { names: ["Units", "Quantity"], required: true },
  proceeds: { names: ["Developer Proceeds", "Royalty Price"], required: true },
  proceedsCurrency: { names: ["Currency of Proceeds", "Royalty Currency"], required: true },
  territory: { names: ["Country Code"], required: true },
  productType: { names: ["Product Type Identifier"], required: true },
  sku: { names: ["SKU"], required: false },
  title: { names: ["Title", "Title / Episode / Season"], required: false },
  version: { names: ["Version"], required: false },
  parentIdentifier: { names: ["Parent Identifier"], required: false },
  customerPrice: { names: ["Customer Price"], required: false },
  customerCurrency: { names: ["Customer Currency"], required: false },
  device: { names: ["Device"], required: false },
} as const;
type Column = keyof typeof COLUMNS;

/** A report whose content cannot be stored as it is; the day is marked failed with this reason. */
const corrupt = (message: string) => new ReportFormatError("CORRUPT_REPORT", message);

export function salesColumns(header: string[]): Record<Column, number> {
  const at = new Map(header.map((h, i) => [h.trim().toLowerCase(), i]));
  const out = {} as Record<Column, number>;
  for (const [key, c] of Object.entries(COLUMNS) as [Column, (typeof COLUMNS)[Column]][]) {
    const i = c.names.map((n) => at.get(n.toLowerCase())).find((v) => v !== undefined);
    if (i === undefined && c.required) throw corrupt(`The report has no "${c.names[0]}" column.`);
    out[key] = i ?? -1;
  }
  return out;
}

/** Apple writes numbers like "1,234.50", ".70" or "-1"; anything else is a corrupt report. */
function number(raw: string, what: string, line: number) {
  const v = raw.includes(",") ? raw.replace(/,/g, "") : raw;
  const n = v === "" ? 0 : Number(v);
  if (!Number.isFinite(n)) throw corrupt(`Line ${line}: ${what} "${raw}" is not a number.`);
  return n;
}

/** COPY's text format: backslash, tab and line breaks escaped; \N is null. */
const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };
const text = (v: string | null) => (v === null ? "\\N" : SPECIAL.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : v);

/** The COPY line of one report row. Units are whole (Apple writes "3" or "3.00"); refunds are negative. */
export function copyLine(cells: string[], col: Record<Column, number>, prefix: string, line: number) {
  const get = (i: number) => (i < 0 ? "" : (cells[i] ?? "").trim());
  const opt = (i: number) => text(get(i) || null);
  const units = Math.trunc(number(get(col.units), "Units", line));
  const proceeds = number(get(col.proceeds), "Developer Proceeds", line);
  const price = number(get(col.customerPrice), "Customer Price", line);
  const apple = get(col.appleIdentifier);
  if (!apple) throw corrupt(`Line ${line}: the Apple Identifier is empty.`);
  return `${prefix}${text(apple)}\t${opt(col.parentIdentifier)}\t${text(get(col.sku))}\t${text(get(col.title))}\t${opt(col.version)}\t${text(get(col.productType))}\t${units}\t${proceeds}\t${text(get(col.proceedsCurrency))}\t${price}\t${text(get(col.customerCurrency))}\t${text(get(col.territory))}\t${opt(col.device)}\n`;
}

const COPY_COLUMNS = `"organizationId", "connectionId", "day", "appleIdentifier", "parentIdentifier", "sku", "title", "version", "productType", "units", "proceeds", "proceedsCurrency", "customerPrice", "customerCurrency", "territory", "device"`;

export type SalesScope = { organizationId: string; connectionId: string };

/**
 * Stores one day's report for a connection in one transaction: the day's old rows are
 * deleted and the report's rows streamed in with COPY as they are read, so memory stays
 * flat however long the report is. Anything that fails (the download, a corrupt row)
 * rolls the whole day back: a day is stored completely or left as it was.
 */
export async function ingestSalesDay(scope: SalesScope, day: string, table: AsyncIterable<string[][]>): Promise<number> {
  const client = await bulkPool().connect();
  let rows = 0;
  try {
    await client.query("BEGIN");
    await client.query(`DELETE FROM "SalesRow" WHERE "connectionId" = $1 AND "day" = $2::date`, [scope.connectionId, day]);
    rows = await copyRows(client, scope, day, table);
    await markDay(client, scope, day, "FETCHED", rows, null);
    await client.query("COMMIT");
    return rows;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

function copyRows(client: PoolClient, scope: SalesScope, day: string, table: AsyncIterable<string[][]>) {
  const prefix = `${text(scope.organizationId)}\t${text(scope.connectionId)}\t${day}\t`;
  let col: Record<Column, number> | null = null;
  return copyIn(client, `COPY "SalesRow" (${COPY_COLUMNS}) FROM STDIN`, table, (cells, line) => {
    if (!col) {
      col = salesColumns(cells);
      return null;
    }
    if (cells.length === 1 && !cells[0].trim()) return null;
    return copyLine(cells, col, prefix, line);
  });
}

async function markDay(client: PoolClient, scope: SalesScope, day: string, status: "FETCHED" | "NO_SALES", rows: number, reason: string | null) {
  await client.query(
    `INSERT INTO "SalesDay" ("id", "organizationId", "connectionId", "day", "status", "rows", "reason", "attempts", "updatedAt")
     VALUES ($1, $2, $3, $4::date, $5::"SalesDayStatus", $6, $7, 1, now())
     ON CONFLICT ("connectionId", "day") DO UPDATE SET "status" = EXCLUDED."status", "rows" = EXCLUDED."rows", "reason" = EXCLUDED."reason", "attempts" = "SalesDay"."attempts" + 1, "updatedAt" = now()`,
    [`sd_${randomUUID()}`, scope.organizationId, scope.connectionId, day, status, rows, reason],
  );
}
