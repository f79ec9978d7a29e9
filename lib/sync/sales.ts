import { queueDeliveries } from "@/lib/alerts/queue";
import { raiseSalesFailingAlerts } from "@/lib/alerts/raise";
import { AscError } from "@/lib/asc/errors";
import { now as clockNow } from "@/lib/clock";
import { RECHECK_NO_SALES_DAYS } from "@/lib/sales/publication";
import { missingReport, salesReportTable } from "@/lib/asc/reports";
import { db } from "@/lib/db/client";
import { ingestSalesDay } from "@/lib/sales/ingest";
import type { SyncTarget } from "./connection";

export type SalesDayOutcome =
  | { status: "FETCHED"; rows: number }
  | { status: "NO_SALES" }
  | { status: "NOT_AVAILABLE"; reason: string }
  | { status: "SKIPPED"; reason: string };

/**
 * One day's Sales Summary report of a connection, streamed and stored in one
 * transaction: the day's rows are replaced as a whole, or, if the download fails
 * part-way, left as they were. Days without sales are stored as such; a report not out
 * yet is reported back so the caller can try again later.
 */
export async function syncSalesDay(t: SyncTarget, day: string): Promise<SalesDayOutcome> {
  const scope = { organizationId: t.conn.organizationId, connectionId: t.conn.id };
  const date = new Date(`${day}T00:00:00Z`);
  if (!t.conn.vendorNumber) return { status: "SKIPPED", reason: "No vendor number is set for this connection." };
  if (t.conn.keyKind === "INDIVIDUAL") return { status: "SKIPPED", reason: INDIVIDUAL_KEY_SALES };
  const vendorNumber = t.conn.vendorNumber;
  const markDay = (status: "FETCHED" | "NO_SALES" | "NOT_AVAILABLE", rows: number, reason: string | null, tx: Pick<typeof db, "salesDay"> = db) =>
    tx.salesDay.upsert({
      where: { connectionId_day: { connectionId: t.conn.id, day: date } },
      create: { ...scope, day: date, status, rows, reason, attempts: 1 },
      update: { status, rows, reason, attempts: { increment: 1 } },
    });
  try {
    const rows = await ingestSalesDay(scope, day, salesReportTable(t.client, { vendorNumber, reportDate: day }));
    return { status: "FETCHED", rows };
  } catch (e) {
    if (!(e instanceof AscError)) throw e;
    const missing = missingReport(e);
    if (missing === "NO_SALES") {
      await db.$transaction(async (tx) => {
        await tx.salesRow.deleteMany({ where: { ...scope, day: date } });
        await markDay("NO_SALES", 0, null, tx);
      });
      return { status: "NO_SALES" };
    }
    if (missing === "NOT_AVAILABLE") {
      await markDay("NOT_AVAILABLE", 0, "Apple has not published this day's report yet.");
      return { status: "NOT_AVAILABLE", reason: "Apple has not published this day's report yet." };
    }
    throw e;
  }
}

/** Apple: individual keys cannot use Sales and Trends or Payments and Financial Reports. */
export const INDIVIDUAL_KEY_SALES = "Sales reports are not available for individual keys: Apple lets only team keys with the Admin, Finance or Sales role download them.";

/** A day Apple has not published yet, fetched at `due` (no request is made before). Fetched days stay as they are. */
export async function markSalesDayAwaited(organizationId: string, connectionId: string, day: string, due: number) {
  const date = new Date(`${day}T00:00:00Z`);
  const reason = `Apple publishes this day's report at ${new Date(due).toISOString().slice(11, 16)} UTC on ${new Date(due).toISOString().slice(0, 10)}; it is fetched then.`;
  await db.salesDay.upsert({
    where: { connectionId_day: { connectionId, day: date } },
    create: { organizationId, connectionId, day: date, status: "NOT_AVAILABLE", reason, attempts: 0 },
    update: { status: "NOT_AVAILABLE", reason },
  });
}

/** Records that a day's report could not be stored, with words a person can act on, and alerts (once per day). Existing rows stay. */
export async function markSalesDayFailed(t: SyncTarget, day: string, reason: string) {
  const date = new Date(`${day}T00:00:00Z`);
  const scope = { organizationId: t.conn.organizationId, connectionId: t.conn.id };
  const due = await db.$transaction(async (tx) => {
    await tx.salesDay.upsert({
      where: { connectionId_day: { connectionId: t.conn.id, day: date } },
      create: { ...scope, day: date, status: "FAILED", reason, attempts: 1 },
      update: { status: "FAILED", reason, attempts: { increment: 1 } },
    });
    return raiseSalesFailingAlerts(tx, scope, day, reason);
  });
  await queueDeliveries(due).catch(() => undefined);
}

/**
 * Days in [from, to] (YYYY-MM-DD, inclusive) whose report is not stored yet (missing, not
 * yet out, or failed), and recent days answered "no sales", which are asked again.
 */
export async function missingSalesDays(organizationId: string, connectionId: string, from: string, to: string, now = clockNow()): Promise<string[]> {
  const recheckFrom = new Date(Math.floor(now / 86_400_000) * 86_400_000 - RECHECK_NO_SALES_DAYS * 86_400_000);
  const done = await db.salesDay.findMany({
    where: {
      organizationId,
      connectionId,
      day: { gte: new Date(`${from}T00:00:00Z`), lte: new Date(`${to}T00:00:00Z`) },
      OR: [{ status: "FETCHED" }, { status: "NO_SALES", day: { lt: recheckFrom } }],
    },
    select: { day: true },
  });
  const have = new Set(done.map((d) => d.day.toISOString().slice(0, 10)));
  const out: string[] = [];
  for (let d = Date.parse(`${from}T00:00:00Z`); d <= Date.parse(`${to}T00:00:00Z`); d += 86_400_000) {
    const iso = new Date(d).toISOString().slice(0, 10);
    if (!have.has(iso)) out.push(iso);
  }
  return out;
}
