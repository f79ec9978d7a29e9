import { db } from "@/lib/db/client";
import type { ConnectionScope } from "./apps";

/** One line of a daily Sales Summary report; `proceeds` is per unit, as Apple reports it, and the customer paid the same. */
export type SaleLine = {
  /** YYYY-MM-DD, the report's day. */
  day: string;
  sku: string;
  title: string;
  /** The parent app's SKU, for in-app purchases. */
  parent?: string;
  /** Apple's product type identifier: 1F an iPhone app, IA1 an in-app purchase, ... */
  productType?: string;
  units: number;
  proceeds: string;
  currency: string;
  territory: string;
};

const asDay = (day: string) => new Date(`${day}T00:00:00Z`);

/**
 * Report lines of the connection as a sales sync stores them, with each of their days marked
 * fetched (one attempt, as many rows as lines), so the dashboard treats them as Apple's.
 */
export async function makeSales(scope: ConnectionScope, lines: SaleLine[]) {
  await db.salesRow.createMany({
    data: lines.map((l) => ({
      ...scope,
      day: asDay(l.day),
      appleIdentifier: l.sku,
      parentIdentifier: l.parent ?? null,
      sku: l.sku,
      title: l.title,
      productType: l.productType ?? "1F",
      units: l.units,
      proceeds: l.proceeds,
      proceedsCurrency: l.currency,
      customerPrice: l.proceeds,
      customerCurrency: l.currency,
      territory: l.territory,
    })),
  });
  const days = [...new Set(lines.map((l) => l.day))];
  await db.salesDay.createMany({
    data: days.map((day) => ({ ...scope, day: asDay(day), status: "FETCHED" as const, rows: lines.filter((l) => l.day === day).length, attempts: 1 })),
  });
  return { rows: lines.length, days };
}
