import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ascClient } from "@/lib/asc/client";
import { ascToken } from "@/lib/asc/token";
import { AscError, ReportFormatError } from "@/lib/asc/errors";
import { financeReportRows, missingReport, salesReportRows } from "@/lib/asc/reports";
import { getDb } from "@/lib/db/client";
import { getRedis } from "@/lib/redis";
import { FINANCE_COLUMNS, SALES_COLUMNS, salesRows } from "../asc-sim/sales";
import { AscSimulator } from "../asc-sim/server";
import { requestProblems, responseProblems } from "../asc-sim/spec";
import { pinClocks } from "./support/clock";
import { failure } from "./support/failure";
import { simConnection } from "./support/sim-connection";

const sim = new AscSimulator({ seed: 5, sizes: { apps: 4, reviewsPerApp: 1 } });

beforeAll(async () => {
  await sim.listen();
  sim.recording = true;
  pinClocks(sim, "2026-06-15T12:00:00Z");
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
    expect([missingReport(early), missingReport(quiet)]).toEqual(["NOT_AVAILABLE", "NO_SALES"]);
    // Apple's sources say 5 am and 8 am Pacific; the simulator publishes at the later one.
    pinClocks(sim, "2026-06-16T14:30:00Z");
    expect((await failure(collect(client, "2026-06-15"), AscError)).message).toMatch(/not available yet/);
    pinClocks(sim, "2026-06-16T15:00:00Z");
    await expect(collect(client, "2026-06-15")).resolves.not.toHaveLength(0);
    // Daily reports are kept a year after publication, then Apple answers 410.
    pinClocks(sim, "2027-06-16T16:00:00Z");
    const gone = await failure(collect(client, "2026-06-15"), AscError);
    expect([gone.status, gone.attempts]).toEqual([410, 1]);
    pinClocks(sim, "2026-06-16T15:00:00Z");
  });

  it("asks for the report version Apple documents for a daily Sales Summary, and the simulator refuses others", async () => {
    const client = await clientFor("SALES");
    expect(sim.exchanges.filter((e) => e.url.includes("/v1/salesReports")).map((e) => new URL(e.url).searchParams.get("filter[version]"))).toContain("1_0");
    const wrong = await failure(
      (async () => {
        for await (const r of salesReportRows(client, { vendorNumber: "85000000", reportDate: "2026-06-10", version: "1_1" })) void r;
      })(),
      AscError,
    );
    expect([wrong.status, wrong.code, wrong.parameter]).toEqual([400, "PARAMETER_ERROR.INVALID", "filter[version]"]);
  });

  it("sends Accept: application/a-gzip; Apple answers any other Accept with 406 in plain text", async () => {
    const conn = await simConnection(sim, "SALES");
    const { token } = await ascToken(conn);
    const url = `${sim.url}/v1/salesReports?filter[frequency]=DAILY&filter[reportType]=SALES&filter[reportSubType]=SUMMARY&filter[vendorNumber]=85000000&filter[reportDate]=2026-06-10&filter[version]=1_0`;
    for (const accept of ["application/json", "*/*"]) {
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept } });
      expect(res.status).toBe(406);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
      expect(await res.text()).toMatch(/Allowed: application\/a-gzip/);
    }
    const ok = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: "application/a-gzip" } });
    expect([ok.status, ok.headers.get("content-type")]).toEqual([200, "application/a-gzip"]);
    await ok.body?.cancel();
    // The client's own requests carry it (the simulator would have refused them otherwise).
    await expect(collect(await clientFor("SALES"), "2026-06-10")).resolves.not.toHaveLength(0);
  });

  it("reports a body cut short as TRUNCATED_REPORT", async () => {
    const client = await clientFor("SALES");
    sim.faults = { truncateNext: 1 };
    const e = await failure(collect(client, "2026-06-10"), ReportFormatError);
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
