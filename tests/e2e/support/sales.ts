import { expect, type APIRequestContext } from "@playwright/test";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import type { SaleLine } from "@/lib/seed/sales";
import { SALES_COLUMNS } from "../../asc-sim/sales";
import { e2eNow } from "./clock";
import { e2eDb } from "./db";
import { SIM_URL } from "./sim";

const DAY = 86_400_000;

/** A day `n` days before yesterday (UTC, by the run's pinned clock), as Apple's reports name days; `day(0)` is yesterday. */
export function day(n: number, now = e2eNow()) {
  return new Date(Math.floor(now / DAY) * DAY - DAY - n * DAY).toISOString().slice(0, 10);
}

export type { SaleLine } from "@/lib/seed/sales";

/** A Sales Summary report of these lines, in Apple's columns. */
export function reportTsv(lines: Omit<SaleLine, "day">[], reportDay: string) {
  const us = `${reportDay.slice(5, 7)}/${reportDay.slice(8, 10)}/${reportDay.slice(0, 4)}`;
  const row = (l: Omit<SaleLine, "day">) => {
    const v: Record<string, string> = {
      Provider: "APPLE", "Provider Country": "US", SKU: l.sku, Developer: "Sim Developer", Title: l.title, Version: "1.0", "Product Type Identifier": l.productType ?? "1F",
      Units: String(l.units), "Developer Proceeds": l.proceeds, "Begin Date": us, "End Date": us, "Customer Currency": l.currency, "Country Code": l.territory,
      "Currency of Proceeds": l.currency, "Apple Identifier": l.sku, "Customer Price": l.proceeds, "Parent Identifier": l.parent ?? "", Device: "iPhone",
    };
    return SALES_COLUMNS.map((c) => v[c] ?? "").join("\t");
  };
  return [SALES_COLUMNS.join("\t"), ...lines.map(row)].join("\n") + "\n";
}

/** Makes the simulator answer one day's report with this text ("" is a day without sales). */
export async function setSimReport(request: APIRequestContext, issuerId: string, reportDay: string, tsv: string) {
  const res = await request.post(`${SIM_URL}/__sim/reports`, { data: { issuerId, day: reportDay, tsv } });
  expect(res.status(), await res.text()).toBe(200);
}

/**
 * Moves the queue's waiting retries of one connection's sales day forward, so eight
 * attempts with doubling delays (minutes in all) take a moment in a test.
 */
export async function hurrySalesRetries(connectionId: string, reportDay: string) {
  const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { maxRetriesPerRequest: null });
  const queue = new Queue("sync", { connection: redis, prefix: `${process.env.E2E_REDIS_PREFIX}:bull` });
  try {
    for (const job of await queue.getDelayed()) {
      if (job.name === "sync-sales-day" && job.data.connectionId === connectionId && job.data.day === reportDay) await job.promote().catch(() => undefined);
    }
  } finally {
    await queue.close();
    redis.disconnect();
  }
}

/** Each day's report status of a connection, by day. */
export async function salesDayStatuses(connectionId: string) {
  const { rows } = await e2eDb().query(`SELECT to_char(day, 'YYYY-MM-DD') AS day, status::text AS status FROM "SalesDay" WHERE "connectionId" = $1`, [connectionId]);
  return Object.fromEntries(rows.map((r) => [r.day as string, r.status as string]));
}

/** Units and proceeds per currency of a sales CSV, the way its reader would add them up. */
export function csvSums(csv: string) {
  const [head, ...lines] = csv.trim().split("\r\n");
  const cols = head.split(",");
  const sums: Record<string, { units: number; proceeds: number; rows: number }> = {};
  for (const line of lines) {
    expect(line, "labels without separators need no quoting").not.toContain('"');
    const cell = Object.fromEntries(line.split(",").map((v, i) => [cols[i], v]));
    const s = (sums[cell.currency] ??= { units: 0, proceeds: 0, rows: 0 });
    s.units += Number(cell.units);
    s.proceeds = Math.round((s.proceeds + Number(cell.proceeds)) * 100) / 100;
    s.rows++;
  }
  return { head, sums };
}
