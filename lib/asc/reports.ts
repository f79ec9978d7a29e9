import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import type { ascClient } from "./client";
import { AscError, ReportFormatError } from "./errors";

export type ReportQuery = { vendorNumber: string; reportDate: string; frequency?: "DAILY"; reportType?: "SALES"; reportSubType?: "SUMMARY"; version?: string };

/**
 * One day's Sales Summary report, row by row, keyed by Apple's column headers, streamed
 * through gunzip (never held whole in memory). Apple's 404 for a report that is not out
 * yet, or for a day without sales, reaches the caller as an AscError (see missingReport); a
 * body cut short raises a ReportFormatError (TRUNCATED_REPORT), and the caller downloads the day again.
 */
export function salesReportRows(client: ReturnType<typeof ascClient>, q: ReportQuery): AsyncGenerator<Record<string, string>> {
  return reportRows(client, "/v1/salesReports", salesQuery(q));
}

const salesQuery = (q: ReportQuery) => ({
  "filter[frequency]": q.frequency ?? "DAILY",
  "filter[reportType]": q.reportType ?? "SALES",
  "filter[reportSubType]": q.reportSubType ?? "SUMMARY",
  "filter[vendorNumber]": q.vendorNumber,
  "filter[reportDate]": q.reportDate,
  "filter[version]": q.version ?? "1_0",
});

/** One fiscal month's financial report for a region, row by row (same streaming and errors as sales). */
export function financeReportRows(client: ReturnType<typeof ascClient>, q: { vendorNumber: string; regionCode: string; reportDate: string }): AsyncGenerator<Record<string, string>> {
  return reportRows(client, "/v1/financeReports", {
    "filter[reportType]": "FINANCIAL",
    "filter[vendorNumber]": q.vendorNumber,
    "filter[regionCode]": q.regionCode,
    "filter[reportDate]": q.reportDate,
  });
}

/** A report's table from App Store Connect, in batches of rows (cells); the first row is the header. */
export async function* reportTable(client: ReturnType<typeof ascClient>, path: string, query: Record<string, string>): AsyncGenerator<string[][]> {
  const res = await client.stream({ path, query, accept: "application/a-gzip" });
  if (!res.body) throw new ReportFormatError("TRUNCATED_REPORT", "empty report body");
  yield* gzipTsv(Readable.fromWeb(res.body as never));
}

/**
 * Apple answers 404 NOT_FOUND both for a day without sales and for a report not out yet;
 * only its detail tells them apart, so this is the one place that reads Apple's words:
 * - "There were no sales for the date specified." (https://developer.apple.com/forums/thread/702418,
 *   and public captures quoting the detail);
 * - "Report is not available yet. Daily reports for the Americas are available by 5 am
 *   Pacific Time; ..." (Apple's 404 detail, quoted word for word by public App Store Connect
 *   clients; https://developer.apple.com/help/app-store-connect/reference/sales-and-trends-reports-availability).
 * tests/asc-sim/fidelity.ts lists the same sources for the simulator's answers.
 */
export function missingReport(e: AscError): "NO_SALES" | "NOT_AVAILABLE" | null {
  if (e.status !== 404) return null;
  const detail = e.detail ?? e.title ?? "";
  if (/no sales/i.test(detail)) return "NO_SALES";
  if (/not available/i.test(detail)) return "NOT_AVAILABLE";
  return null;
}

/** One day's Sales Summary report as a table (header row first), in batches, for bulk ingestion. */
export function salesReportTable(client: ReturnType<typeof ascClient>, q: ReportQuery): AsyncGenerator<string[][]> {
  return reportTable(client, "/v1/salesReports", salesQuery(q));
}

/**
 * A gzip tab-separated file, streamed: rows of cells in batches (one per decompressed
 * chunk, so the per-row cost stays small), the header first, never the whole file in
 * memory. A body cut short or not gzip raises a ReportFormatError (TRUNCATED_REPORT).
 */
export async function* gzipTsv(source: Readable): AsyncGenerator<string[][]> {
  const gunzip = createGunzip();
  // Decoded as a stream so a character split across chunks stays whole.
  gunzip.setEncoding("utf8");
  // pipeline, not pipe: a connection cut mid-body must fail the gunzip stream we read from.
  pipeline(source, gunzip).catch(() => undefined);
  let rest = "";
  let lines = 0;
  const rows = (text: string) => {
    const parts = (rest + text).split("\n");
    rest = parts.pop() ?? "";
    const out: string[][] = [];
    for (const line of parts) {
      if (!line) continue;
      lines++;
      out.push((line.endsWith("\r") ? line.slice(0, -1) : line).split("\t"));
    }
    return out;
  };
  try {
    for await (const chunk of gunzip) {
      const batch = rows(chunk as string);
      if (batch.length) yield batch;
    }
    const last = rows("\n");
    if (last.length) yield last;
  } catch (e) {
    throw new ReportFormatError("TRUNCATED_REPORT", `the report was cut short (${(e as Error).message})`);
  } finally {
    // A reader that stops early must not leave the download open.
    gunzip.destroy();
  }
  if (lines === 0) throw new ReportFormatError("TRUNCATED_REPORT", "the report had no header row");
}

async function* reportRows(client: ReturnType<typeof ascClient>, path: string, query: Record<string, string>): AsyncGenerator<Record<string, string>> {
  let header: string[] | null = null;
  for await (const batch of reportTable(client, path, query)) {
    for (const cells of batch) {
      if (!header) header = cells;
      else yield Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ""]));
    }
  }
}
