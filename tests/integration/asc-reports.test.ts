import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ascClient } from "@/lib/asc/client";
import { AscError } from "@/lib/asc/errors";
import { financeReportRows, salesReportRows } from "@/lib/asc/reports";
import { getDb } from "@/lib/db/client";
import { getRedis } from "@/lib/redis";
import { FINANCE_COLUMNS, SALES_COLUMNS, salesRows } from "../asc-sim/sales";
import { AscSimulator } from "../asc-sim/server";
import { requestProblems, responseProblems } from "../asc-sim/spec";
import { failure } from "./support/failure";
import { simConnection } from "./support/sim-connection";

const sim = new AscSimulator({ seed: 5, sizes: { apps: 4, reviewsPerApp: 1 } });

beforeAll(async () => {
  await sim.listen();
  sim.recording = true;
  sim.clockOffsetMs = Date.parse("2026-06-15T12:00:00Z") - Date.now();
});
afterAll(async () => {
  await sim.close();
  await getRedis().quit();
  await getDb().$disconnect();
});

async function clientFor(role: "SALES" | "CUSTOMER_SUPPORT") {
  return ascClient(await simConnection(sim, role), { baseUrl: sim.url, retry: { maxAttempts: 2, baseDelayMs: 5 } });
}

async function collect(client: Awaited<ReturnType<typeof clientFor>>, day: string) {
  const rows: Record<string, string>[] = [];
  for await (const r of salesReportRows(client, { vendorNumber: "85000000", reportDate: day })) rows.push(r);
  return rows;
}

describe("sales reports", () => {
  it("streams a published day's gzip TSV as rows keyed by Apple's column names", async () => {
    const client = await clientFor("SALES");
    const day = "2026-06-10";
    const rows = await collect(client, day);
    const expected = salesRows(sim.state, 5, day);
    expect(rows).toHaveLength(expected.length);
    expect(rows.length).toBeGreaterThan(0);
    expect(Object.keys(rows[0])).toEqual(SALES_COLUMNS);
    expect(rows[0]).toMatchObject({ "Begin Date": "06/10/2026", "Product Type Identifier": "1F" });
    expect(rows.reduce((n, r) => n + Number(r.Units), 0)).toBe(expected.reduce((n, r) => n + Number(r[7]), 0));
  });

  it("answers a day not yet published, and a day without sales, with Apple's 404 and no retry", async () => {
    const client = await clientFor("SALES");
    const early = await failure(collect(client, "2026-06-15"), AscError);
    expect([early.status, early.code, early.attempts]).toEqual([404, "NOT_FOUND", 1]);
    expect(early.message).toMatch(/not available yet/);
    // 2026-06-07 is a day the simulator gives no sales.
    const quiet = await failure(collect(client, "2026-06-07"), AscError);
    expect(quiet.message).toMatch(/no sales for the date/);
    // After 08:00 UTC the next day the report is out.
    sim.clockOffsetMs = Date.parse("2026-06-16T08:30:00Z") - Date.now();
    await expect(collect(client, "2026-06-15")).resolves.not.toHaveLength(0);
  });

  it("reports a body cut short as TRUNCATED_REPORT", async () => {
    const client = await clientFor("SALES");
    sim.faults = { truncateNext: 1 };
    const e = await failure(collect(client, "2026-06-10"), AscError);
    expect(e.code).toBe("TRUNCATED_REPORT");
    await expect(collect(client, "2026-06-10")).resolves.not.toHaveLength(0);
  });

  it("streams a monthly financial report once it is published", async () => {
    const client = await clientFor("SALES");
    const rows: Record<string, string>[] = [];
    for await (const r of financeReportRows(client, { vendorNumber: "85000000", regionCode: "US", reportDate: "2026-04" })) rows.push(r);
    expect(rows).toHaveLength(4);
    expect(Object.keys(rows[0])).toEqual(FINANCE_COLUMNS);
    expect(rows[0]).toMatchObject({ "Start Date": "04/01/2026", "End Date": "04/30/2026", "Partner Share Currency": "USD" });
    const later = financeReportRows(client, { vendorNumber: "85000000", regionCode: "US", reportDate: "2026-12" });
    expect((await failure(later.next(), AscError)).message).toMatch(/not available yet/);
  });

  it("refuses keys without a sales role, and every request and answer matches Apple's spec", async () => {
    const support = await clientFor("CUSTOMER_SUPPORT");
    expect((await failure(collect(support, "2026-06-10"), AscError)).status).toBe(403);
    const problems = sim.exchanges.flatMap((e) => [...requestProblems(e.method, e.url, e.requestBody), ...responseProblems(e.method, e.url, e.status, e.responseBody)]);
    expect(sim.exchanges.length).toBeGreaterThan(5);
    expect(problems).toEqual([]);
  });
});
