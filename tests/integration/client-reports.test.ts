import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { METRICS } from "@/lib/analytics/constants";
import { rebuildRollups } from "@/lib/analytics/ingest";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { bulkPool, closeBulkPool } from "@/lib/db/bulk";
import { db, getDb } from "@/lib/db/client";
import { getRedis } from "@/lib/redis";
import { buildReport, NO_ANALYTICS } from "@/lib/reports/build";
import { routes } from "@/lib/reports/operations";
import { parsePeriod } from "@/lib/reports/period";
import { reportPdf } from "@/lib/reports/pdf";
import { createReport, listReports } from "@/lib/reports/schedules";
import { sendDueReports, sendReport } from "@/lib/reports/send";
import { makeSyncedApp, type SeededApp } from "@/lib/seed/apps";
import { makeConnection } from "@/lib/seed/connections";
import { makeOrgWithRoles } from "@/lib/seed/factories";
import { makeChange } from "@/lib/seed/metadata";
import { makeReview } from "@/lib/seed/reviews";
import { makeSales } from "@/lib/seed/sales";
import { pinClocks, unpinClocks } from "./support/clock";
import { contextFor } from "./support/context";
import { freePort } from "./support/faults";
import { smtpReceiver, type ReceivedMail } from "./support/smtp";

/*
 * 06:00 UTC on Wednesday 2 Dec 2026: the last complete week is 2026-W48 (Mon 23 to Sun 29
 * Nov), the last complete month November. "Client A" has sales in two currencies, reviews,
 * replies, pushed changes and analytics in that week, and some of each just outside it;
 * "Client B" has one app and nothing else.
 */
const NOW = "2026-12-02T06:00:00Z";
const WEEK = parsePeriod("WEEKLY", "2026-W48")!;

let received: ReceivedMail[] = [];
let closeSmtp: () => Promise<void> = async () => undefined;
let s: Awaited<ReturnType<typeof seed>>;

const at = (iso: string) => new Date(iso);
const DAY = 86_400_000;
const days = (from: string, to: string) => {
  const out: string[] = [];
  for (let d = Date.parse(`${from}T00:00:00Z`); d <= Date.parse(`${to}T00:00:00Z`); d += DAY) out.push(new Date(d).toISOString().slice(0, 10));
  return out;
};

/** An app's App Store traffic for some days, stored as the analytics sync stores it, with the sums the queries read. */
async function storeAnalytics(app: SeededApp, range: string[], counts: [number, number, number, number, number, number]) {
  const organizationId = app.organizationId;
  await db.analyticsFact.createMany({
    data: range.map((day) => ({ organizationId, appId: app.id, date: at(`${day}T00:00:00Z`), territory: "US", sourceType: "App Store search", pageType: "Product page", device: "iPhone", ...Object.fromEntries(METRICS.map((m, i) => [m, counts[i]])) })),
  });
  await db.analyticsDay.createMany({
    data: range.flatMap((day) => (["ENGAGEMENT", "DOWNLOADS", "INSTALLS"] as const).map((kind) => ({ organizationId, appId: app.id, kind, date: at(`${day}T00:00:00Z`), processingDate: at("2026-12-01T00:00:00Z"), final: true }))),
  });
  await rebuildRollups(bulkPool(), organizationId, app.id, range);
}

async function seed() {
  const { org, members } = await makeOrgWithRoles("reports");
  // A name that needs escaping in HTML.
  const orgName = `Northwind & <Partners> ${org.slug.slice(-4)}`;
  await db.organization.update({ where: { id: org.id }, data: { name: orgName } });
  const a = await makeConnection(org.id, members.OWNER.id, { name: "Client A" });
  const b = await makeConnection(org.id, members.OWNER.id, { name: "Client B" });
  const alpha = await makeSyncedApp({ organizationId: org.id, connectionId: a.id }, { appleId: "5001", name: "Alpha", bundleId: "com.example.alpha", sku: "ALPHA" });
  const beta = await makeSyncedApp({ organizationId: org.id, connectionId: b.id }, { appleId: "5002", name: "Beta", bundleId: "com.example.beta", sku: "BETA" });

  const sale = { sku: "ALPHA", title: "Alpha", territory: "US" };
  await makeSales({ organizationId: org.id, connectionId: a.id }, [
    { ...sale, day: "2026-11-23", units: 3, proceeds: "0.70", currency: "USD" },
    { ...sale, day: "2026-11-24", units: -1, proceeds: "0.70", currency: "USD" },
    { ...sale, day: "2026-11-25", units: 2, proceeds: "0.65", currency: "EUR", territory: "DE" },
    { sku: "ALPHA.COINS", title: "Coins", parent: "ALPHA", productType: "IA1", day: "2026-11-29", units: 1, proceeds: "2.10", currency: "USD", territory: "US" },
    // The week before, and the Monday after.
    { ...sale, day: "2026-11-22", units: 4, proceeds: "0.70", currency: "USD" },
    { ...sale, day: "2026-11-30", units: 10, proceeds: "0.70", currency: "USD" },
  ]);
  await makeSales({ organizationId: org.id, connectionId: b.id }, [{ sku: "BETA", title: "Beta", day: "2026-11-24", units: 50, proceeds: "1.00", currency: "USD", territory: "US" }]);

  const review = (appleId: string, rating: number, createdDate: string, response?: { state: string; modifiedDate: string }) =>
    makeReview(alpha, { appleId, rating, createdDate, title: "t", body: "b", reviewerNickname: "n", territory: "USA", ...(response ? { response: { appleId: `resp-${appleId}`, body: "Thanks!", ...response } } : {}) });
  await review("r1", 5, "2026-11-23T08:00:00Z", { state: "PUBLISHED", modifiedDate: "2026-11-26T10:00:00Z" });
  await review("r2", 5, "2026-11-24T08:00:00Z");
  await review("r3", 4, "2026-11-28T08:00:00Z", { state: "PENDING_PUBLISH", modifiedDate: "2026-11-28T09:00:00Z" });
  await review("r4", 1, "2026-11-29T23:59:00Z");
  await review("r5", 3, "2026-11-30T00:00:00Z");
  // An older review answered in the week: its reply counts, its rating does not.
  await review("r6", 2, "2026-11-10T08:00:00Z", { state: "PUBLISHED", modifiedDate: "2026-11-24T12:00:00Z" });
  await makeReview(beta, { appleId: "b1", rating: 1, createdDate: "2026-11-24T08:00:00Z" });

  const field = (locale: string, name: string, pushedAt: string) =>
    makeChange(alpha, { localizationId: `loc-${locale}`, locale, field: name, oldValue: "old", newValue: "new", pushedByEmail: "aso@example.test", pushedAt: at(pushedAt) });
  await field("en-US", "keywords", "2026-11-23T09:00:00Z");
  await field("en-US", "keywords", "2026-11-27T09:00:00Z");
  await field("de-DE", "name", "2026-11-27T09:00:00Z");
  await field("en-US", "description", "2026-11-30T09:00:00Z");
  await db.mediaChange.create({
    data: { organizationId: org.id, connectionId: a.id, appId: alpha.id, locale: "en-US", kind: "SCREENSHOT", displayType: "APP_IPHONE_67", action: "UPLOADED", detail: "01.png, 02.png", byEmail: "aso@example.test", at: at("2026-11-25T10:00:00Z") },
  });

  await storeAnalytics(alpha, days("2026-11-23", "2026-11-29"), [100, 20, 5, 1, 4, 0]);
  await storeAnalytics(alpha, days("2026-11-30", "2026-12-01"), [999, 99, 9, 0, 0, 0]);
  return { org: { ...org, name: orgName }, members, a, b, alpha, beta, owner: await contextFor(org.id, members.OWNER.id) };
}

beforeAll(async () => {
  const port = await freePort();
  const smtp = await smtpReceiver(port);
  received = smtp.mails;
  closeSmtp = smtp.close;
  // Read on first use of the environment in this file, which comes after this line.
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  process.env.SMTP_FROM = "Dashboard <dash@example.test>";
  pinClocks([], NOW);
  s = await seed();
});

afterAll(async () => {
  unpinClocks([]);
  await closeSmtp();
  await closeBulkPool();
  await getRedis().quit();
  await getDb().$disconnect();
});

type Part = { headers: string; body: string };

/** The leaf parts of a MIME message, each body decoded (base64 as latin1 bytes, quoted-printable as UTF-8). */
function mimeParts(raw: string): Part[] {
  const split = raw.indexOf("\r\n\r\n");
  const headers = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const body = raw.slice(split + 4);
  const boundary = /content-type:\s*multipart\/[^;]+;.*?boundary="?([^";\r\n]+)"?/i.exec(headers)?.[1];
  if (boundary) {
    return body
      .split(`--${boundary}`)
      .slice(1)
      .filter((p) => !p.startsWith("--"))
      .flatMap((p) => mimeParts(p.replace(/^\r\n/, "")));
  }
  const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(headers)?.[1].toLowerCase();
  if (encoding === "base64") return [{ headers, body: Buffer.from(body.replace(/\s+/g, ""), "base64").toString("latin1") }];
  if (encoding === "quoted-printable") {
    const bytes = body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
    return [{ headers, body: Buffer.from(bytes, "latin1").toString("utf8") }];
  }
  return [{ headers, body }];
}

/** A document information entry of a PDF (pdfkit writes each as an object of its own, never compressed). */
function pdfInfo(pdf: string, key: string) {
  const ref = new RegExp(`/${key} (\\d+) 0 R`).exec(pdf)?.[1];
  const literal = ref ? new RegExp(`\n${ref} 0 obj\n\\((.*)\\)\nendobj`).exec(pdf)?.[1] : undefined;
  const text = literal?.replace(/\\([()\\])/g, "$1");
  // Text beyond ASCII is UTF-16BE after a byte order mark.
  return text?.startsWith("\xfe\xff") ? Buffer.from(text.slice(2), "latin1").swap16().toString("utf16le") : text;
}

/** A header's MIME encoded-words (=?UTF-8?Q?…?= or =?UTF-8?B?…?=) as text. */
function decodeWords(h: string) {
  return h.replace(/\?=\s+=\?/g, "?==?").replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_, kind: string, text: string) =>
    kind.toUpperCase() === "B"
      ? Buffer.from(text, "base64").toString("utf8")
      : Buffer.from(text.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_m, x: string) => String.fromCharCode(parseInt(x, 16))), "latin1").toString("utf8"),
  );
}

const partOf = (parts: Part[], type: string) => parts.find((p) => new RegExp(`content-type:\\s*${type}`, "i").test(p.headers));

describe("a client report", () => {
  it("gathers the week's sales per currency, reviews and replies, changes pushed and conversion of one connection", async () => {
    const r = await buildReport(s.owner, s.a.id, WEEK);
    expect(r.organization.name).toBe(s.org.name);
    expect(r.connection).toEqual({ id: s.a.id, name: "Client A" });
    expect(r.period).toMatchObject({ key: "2026-W48", from: "2026-11-23", to: "2026-11-29", words: "Week 48, 2026 (23 Nov to 29 Nov 2026)" });
    expect(r.sales.totals).toEqual([
      { currency: "EUR", units: 2, proceeds: "1.30", refunds: 0 },
      { currency: "USD", units: 3, proceeds: "3.50", refunds: 1 },
    ]);
    expect(r.sales.previousTotals).toEqual([{ currency: "USD", units: 4, proceeds: "2.80", refunds: 0 }]);
    // The in-app purchase counts with its app.
    expect(r.sales.byApp).toEqual([
      { app: "Alpha", currency: "EUR", units: 2, proceeds: "1.30", refunds: 0 },
      { app: "Alpha", currency: "USD", units: 3, proceeds: "3.50", refunds: 1 },
    ]);
    expect(r.ratings).toEqual({ reviews: 4, average: 3.75, byStars: [{ stars: 5, reviews: 2 }, { stars: 4, reviews: 1 }, { stars: 3, reviews: 0 }, { stars: 2, reviews: 0 }, { stars: 1, reviews: 1 }] });
    expect(r.replies).toEqual({ published: 2, pending: 1, unansweredFromPeriod: 2 });
    expect(r.metadata).toEqual({ changes: 3, rows: [{ app: "Alpha", locale: "de-DE", field: "Name", changes: 1 }, { app: "Alpha", locale: "en-US", field: "Keywords", changes: 2 }] });
    expect(r.media).toEqual({ changes: 1, rows: [{ app: "Alpha", locale: "en-US", kind: "Screenshots", action: "Uploaded", changes: 1 }] });
    expect(r.conversion).toMatchObject({ available: true, totals: { impressions: 700, productPageViews: 140, firstTimeDownloads: 35, conversionRate: 0.05 }, byApp: [{ app: "Alpha", impressions: 700 }] });
  });

  it("says in words that a connection without analytics has none, and counts only its own sales and reviews", async () => {
    const r = await buildReport(s.owner, s.b.id, WEEK);
    expect(r.conversion).toEqual({ available: false, words: NO_ANALYTICS });
    expect(r.sales.totals).toEqual([{ currency: "USD", units: 50, proceeds: "50.00", refunds: 0 }]);
    expect(r.ratings.reviews).toBe(1);
    expect(r.metadata.changes).toBe(0);
  });

  it("is not built for a connection the member may not see", async () => {
    await db.membership.update({ where: { id: s.members.ADMIN.membershipId }, data: { restrictConnections: true, grants: { create: { organizationId: s.org.id, connectionId: s.b.id } } } });
    const admin = await contextFor(s.org.id, s.members.ADMIN.id);
    await expect(buildReport(admin, s.a.id, WEEK)).rejects.toMatchObject({ code: "not_found" });
    await expect(buildReport(admin, s.b.id, WEEK)).resolves.toMatchObject({ connection: { name: "Client B" } });
  });

  it("renders as a PDF holding the organisation's name, the connection, the period and the figures", async () => {
    const pdf = (await reportPdf(await buildReport(s.owner, s.a.id, WEEK), { compress: false })).toString("latin1");
    expect(pdf.startsWith("%PDF-")).toBe(true);
    expect(pdfInfo(pdf, "Author")).toBe(s.org.name);
    expect(pdfInfo(pdf, "Title")).toContain("Client A report, Week 48, 2026");
    // Uncompressed, the page's text is in its content stream as hex strings of glyph codes (split where kerning moves a glyph).
    const text = [...pdf.matchAll(/<([0-9a-f]+)>/g)].map((m) => Buffer.from(m[1], "hex").toString("latin1")).join("");
    for (const t of [s.org.name.toUpperCase(), "Client A: Week 48, 2026 (23 Nov to 29 Nov 2026)", "3.50 USD proceeds from 3 units (1 refunded)", "1.30 EUR", "Keywords", "700 impressions"]) expect(text, t).toContain(t);
  });
});

describe("sending", () => {
  it("mails the report with its PDF once per period: a second send mails nothing", async () => {
    const report = await createReport(s.owner, { connectionId: s.a.id, cadence: "WEEKLY", recipients: ["client@example.test", "boss@example.test"], enabled: true });
    const row = { ...report, organizationId: s.org.id };
    const first = await sendReport(row, WEEK);
    expect(first.mailed).toBe(true);
    expect(first.send).toMatchObject({ period: "2026-W48", status: "SENT", error: null });
    expect(received).toHaveLength(1);
    const mail = received[0];
    expect(mail.to.sort()).toEqual(["boss@example.test", "client@example.test"]);
    const parts = mimeParts(mail.body);
    const subject = decodeWords(/^subject:\s*(.*)$/im.exec(mail.body.split("\r\n\r\n")[0].replace(/\r\n[ \t]+/g, " "))?.[1] ?? "");
    expect(subject).toBe(`${s.org.name} · Client A report, Week 48, 2026 (23 Nov to 29 Nov 2026)`);

    const html = partOf(parts, "text/html")!.body;
    expect(html).toContain(`Northwind &amp; &lt;Partners&gt; ${s.org.slug.slice(-4)}`);
    expect(html).not.toContain("<Partners>");
    expect(html).toContain("Week 48, 2026");
    expect(html).toContain("3.50 USD proceeds from 3 units (1 refunded)");
    expect(html).toContain("700 impressions");
    expect(partOf(parts, "text/plain")!.body).toContain(s.org.name);

    const pdfPart = partOf(parts, "application/pdf")!;
    expect(pdfPart.headers).toMatch(/filename="?client-a-2026-W48\.pdf/);
    expect(pdfPart.body.startsWith("%PDF-")).toBe(true);
    expect(pdfInfo(pdfPart.body, "Author")).toBe(s.org.name);

    const again = await sendReport(row, WEEK);
    expect(again.mailed).toBe(false);
    expect(again.send).toMatchObject({ period: "2026-W48", status: "SENT" });
    expect(received).toHaveLength(1);
    expect(await db.clientReportSend.count({ where: { reportId: report.id } })).toBe(1);
  });

  it("the daily pass sends each enabled report whose last period has not gone out, once", async () => {
    const before = received.length;
    const monthly = await createReport(s.owner, { connectionId: s.b.id, cadence: "MONTHLY", recipients: ["b@example.test"], enabled: true });
    await createReport(s.owner, { connectionId: s.b.id, cadence: "WEEKLY", recipients: ["off@example.test"], enabled: false });
    const first = await sendDueReports();
    expect(first).toMatchObject({ sent: 1, failed: 0 });
    expect(received).toHaveLength(before + 1);
    expect(received.at(-1)!.to).toEqual(["b@example.test"]);
    expect(await db.clientReportSend.findMany({ where: { reportId: monthly.id }, select: { period: true, status: true } })).toEqual([{ period: "2026-11", status: "SENT" }]);

    expect(await sendDueReports()).toMatchObject({ sent: 0, failed: 0 });
    expect(received).toHaveLength(before + 1);
    const listed = await listReports(s.owner);
    expect(listed.map((r) => [r.connectionName, r.cadence, r.lastSend?.status ?? null])).toEqual([
      ["Client A", "WEEKLY", "SENT"],
      ["Client B", "WEEKLY", null],
      ["Client B", "MONTHLY", "SENT"],
    ]);
  });

  it("answers the PDF and refuses a period that has not ended, through the published API", async () => {
    const { token } = await createApiToken(s.owner, { name: "Reports", role: "VIEWER" });
    const report = (await listReports(s.owner)).find((r) => r.connectionName === "Client A")!;
    const get = (path: string) =>
      routes(path.replace(/\?.*$/, "").replace(report.id, "[reportId]")).GET!(new NextRequest(`http://127.0.0.1:3999${path}`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ reportId: report.id }) });
    const pdf = await get(`/api/v1/reports/${report.id}/pdf?period=2026-W47`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
    const current = await get(`/api/v1/reports/${report.id}/preview?period=2026-W49`);
    expect(current.status).toBe(422);
    expect((await current.json()).error.field).toBe("period");
    const preview = await get(`/api/v1/reports/${report.id}/preview`);
    expect(preview.status).toBe(200);
    expect((await preview.json()).data.period.key).toBe("2026-W48");
  });
});
