import { z } from "zod";
import { ZIso } from "@/lib/api/common";
import { recordAudit } from "@/lib/audit/record";
import { defineOperation, removal } from "@/lib/http/operation";
import { mount } from "@/lib/http/serve";
import { buildReport } from "./build";
import { REPORT_CADENCES } from "./period";
import { reportPdf } from "./pdf";
import { createReport, deleteReport, getReport, listReports, periodFor, updateReport, visibleReport, ZCreateReport, ZPeriodQuery, ZUpdateReport } from "./schedules";
import { fileName, SEND_STATUSES, sendReport } from "./send";

const ZSend = z.object({
  period: z.string().describe("2026-W48 or 2026-11"),
  status: z.enum(SEND_STATUSES).describe("SENDING while the mail goes out, SENT, or FAILED with the reason"),
  error: z.string().nullable(),
  sentAt: ZIso.nullable(),
});
const ZReport = z.object({
  id: z.string(),
  connectionId: z.string(),
  connectionName: z.string(),
  cadence: z.enum(REPORT_CADENCES),
  recipients: z.array(z.string()),
  enabled: z.boolean().describe("Sent by the daily schedule (06:00 UTC) for each period that ends"),
  lastCompletePeriod: z.string().describe("The period the next scheduled send covers"),
  lastSend: ZSend.nullable().describe("The newest send or attempt"),
  createdAt: ZIso,
  updatedAt: ZIso,
});
const ZMoney = { currency: z.string().describe("ISO 4217, as Apple reports the proceeds"), units: z.number().int(), proceeds: z.string().describe("Decimal with 2 places, never converted"), refunds: z.number().int() };
const ZFunnel = {
  impressions: z.number().int(),
  productPageViews: z.number().int(),
  firstTimeDownloads: z.number().int(),
  pageViewRate: z.number().nullable(),
  conversionRate: z.number().nullable().describe("firstTimeDownloads ÷ impressions"),
  pageConversion: z.number().nullable(),
};
const ZReportData = z.object({
  organization: z.object({ name: z.string() }),
  connection: z.object({ id: z.string(), name: z.string() }),
  period: z.object({ cadence: z.enum(REPORT_CADENCES), key: z.string(), from: z.string().describe("YYYY-MM-DD (UTC)"), to: z.string(), words: z.string(), days: z.string() }),
  generatedAt: ZIso,
  apps: z.array(z.object({ id: z.string(), name: z.string() })),
  sales: z.object({ totals: z.array(z.object(ZMoney)), previousTotals: z.array(z.object(ZMoney)).describe("The period of the same length before"), byApp: z.array(z.object({ app: z.string(), ...ZMoney })) }),
  ratings: z.object({ reviews: z.number().int().describe("Reviews written in the period"), average: z.number().nullable(), byStars: z.array(z.object({ stars: z.number().int(), reviews: z.number().int() })) }),
  replies: z.object({ published: z.number().int().describe("Replies published in the period"), pending: z.number().int().describe("Replies sent in the period that Apple has not published yet"), unansweredFromPeriod: z.number().int() }),
  metadata: z.object({ changes: z.number().int(), rows: z.array(z.object({ app: z.string(), locale: z.string(), field: z.string(), changes: z.number().int() })) }),
  media: z.object({ changes: z.number().int(), rows: z.array(z.object({ app: z.string(), locale: z.string(), kind: z.string(), action: z.string(), changes: z.number().int() })) }),
  conversion: z.union([
    z.object({ available: z.literal(true), totals: z.object(ZFunnel), byApp: z.array(z.object({ app: z.string(), ...ZFunnel })), notes: z.array(z.string()) }),
    z.object({ available: z.literal(false), words: z.string().describe("Why there are no figures, in words") }),
  ]),
});

const base = "/api/orgs/[orgId]/reports";
const api = "/api/v1/reports";
const noReport = "No such report for this caller";
const params = { reportId: "A report's `id` (in /reports)" };
const badPeriod = "A period that is not one of the report's cadence, or has not ended; `field` is period";

export const reportOperations = [
  defineOperation({
    id: "reports.list", method: "GET", path: base, apiPath: api, access: "reports.read",
    summary: "Client report schedules: a weekly or monthly report per connection, mailed with a PDF",
    ok: { status: 200, description: "Reports", schema: z.object({ reports: z.array(ZReport) }) },
    handler: async ({ ctx }) => ({ reports: await listReports(ctx) }),
  }),
  defineOperation({
    id: "reports.create", method: "POST", path: base, apiPath: api, access: "reports.manage",
    summary: "Schedule a client report for a connection",
    description: "One weekly and one monthly report per connection. The daily schedule mails each enabled report once for every week or month that ends.",
    body: ZCreateReport,
    ok: { status: 201, description: "Scheduled", schema: z.object({ report: ZReport }) },
    errors: { 404: "No such connection for this caller", 409: "The connection already has a report of this cadence; `field` is cadence", 422: "Invalid connection, cadence or recipients; `field` names it" },
    handler: async ({ ctx, body }) => ({ report: await createReport(ctx, body) }),
  }),
  defineOperation({
    id: "reports.update", method: "PATCH", path: `${base}/[reportId]`, apiPath: `${api}/[reportId]`, access: "reports.manage",
    summary: "Turn a report's schedule on or off, or change its recipients",
    params,
    body: ZUpdateReport,
    ok: { status: 200, description: "The report as it now is", schema: z.object({ report: ZReport }) },
    errors: { 404: noReport, 422: "Invalid enabled or recipients; `field` names it" },
    handler: async ({ ctx, params: p, body }) => ({ report: await updateReport(ctx, p.reportId, body) }),
  }),
  removal({
    id: "reports.delete", path: `${base}/[reportId]`, apiPath: `${api}/[reportId]`, access: "reports.manage", summary: "Delete a report's schedule and its send history",
    params,
    errors: { 404: noReport },
    remove: (ctx, p) => deleteReport(ctx, p.reportId),
  }),
  defineOperation({
    id: "reports.preview", method: "GET", path: `${base}/[reportId]/preview`, apiPath: `${api}/[reportId]/preview`, access: "reports.read",
    summary: "What a report says for one period: sales per currency, reviews and replies, changes pushed, and conversion when Apple's analytics reach it",
    params,
    query: ZPeriodQuery,
    ok: { status: 200, description: "The report and its schedule", schema: z.object({ report: ZReport, data: ZReportData }) },
    errors: { 404: noReport, 422: badPeriod },
    handler: async ({ ctx, params: p, query }) => {
      const report = await getReport(ctx, p.reportId);
      const period = periodFor(report.cadence, query.period);
      return { report, data: await buildReport(ctx, report.connectionId, period) };
    },
  }),
  defineOperation({
    id: "reports.pdf", method: "GET", path: `${base}/[reportId]/pdf`, apiPath: `${api}/[reportId]/pdf`, access: "reports.read",
    summary: "One period of a report as the PDF its email carries",
    params,
    query: ZPeriodQuery,
    ok: { status: 200, description: "The PDF", content: { "application/pdf": { schema: { type: "string", format: "binary" } } } },
    errors: { 404: noReport, 422: badPeriod },
    handler: async ({ ctx, params: p, query }) => {
      const report = await visibleReport(ctx, p.reportId);
      const period = periodFor(report.cadence, query.period);
      const data = await buildReport(ctx, report.connectionId, period);
      const pdf = await reportPdf(data);
      return new Response(new Uint8Array(pdf), {
        headers: { "content-type": "application/pdf", "content-disposition": `attachment; filename="${fileName(data.connection.name, period.key)}.pdf"`, "cache-control": "no-store" },
      });
    },
  }),
  defineOperation({
    id: "reports.send", method: "POST", path: `${base}/[reportId]/send`, apiPath: `${api}/[reportId]/send`, access: "reports.manage",
    summary: "Send one period of a report now, unless it was sent already",
    description: "A period is mailed once: when it was sent (by the schedule or by hand) nothing is mailed and the earlier send is answered. A failed send is tried again.",
    params,
    body: ZPeriodQuery,
    bodyOptional: true,
    ok: { status: 200, description: "The send: SENT, or FAILED with the reason; `mailed` says whether this request mailed it", schema: z.object({ send: ZSend, mailed: z.boolean() }) },
    errors: { 404: noReport, 422: badPeriod },
    handler: async ({ ctx, params: p, body }) => {
      const report = await visibleReport(ctx, p.reportId);
      const period = periodFor(report.cadence, body?.period);
      const { send, mailed } = await sendReport({ id: report.id, organizationId: ctx.orgId, connectionId: report.connectionId, recipients: report.recipients }, period, ctx);
      await recordAudit({
        organizationId: ctx.orgId,
        action: "client_report.sent",
        actor: ctx.actor,
        target: { type: "client_report", id: report.id, label: `${report.connection.name} (${report.cadence.toLowerCase()})` },
        metadata: { period: period.key, status: send.status, mailed, recipients: report.recipients.length },
        client: ctx.client,
      });
      return { send: { period: send.period, status: send.status as (typeof SEND_STATUSES)[number], error: send.error, sentAt: send.sentAt?.toISOString() ?? null }, mailed };
    },
  }),
];

export const routes = mount(reportOperations);
