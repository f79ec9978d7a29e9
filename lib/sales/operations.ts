import { z } from "zod";
import { defineOperation } from "@/lib/http/operation";
import { mount } from "@/lib/http/serve";
import { reportStatus, salesCsvResponse, salesView, ZSalesQuery } from "./dashboard";

const ZSalesFigure = { currency: z.string().describe("ISO 4217 currency of the proceeds, as Apple reports it"), units: z.number().int().describe("Net units: refunds subtract"), proceeds: z.string().describe("Developer proceeds, decimal string with 2 places, never converted") };
const ZSalesView = z.object({
  range: z.object({ from: z.string(), to: z.string() }),
  previous: z.object({ from: z.string(), to: z.string() }).describe("The period of the same length just before"),
  by: z.enum(["day", "week", "month", "app", "territory", "productType"]),
  currencies: z.array(z.string()),
  buckets: z.array(z.string()).nullable().describe("Every day, week (its Monday) or month (YYYY-MM) of the range, for charts; null for other breakdowns"),
  rows: z.array(z.object({ key: z.string().describe("The day, week, month, app SKU, territory code or product type identifier"), label: z.string(), ...ZSalesFigure, refunds: z.number().int().describe("Refunded units"), free: z.number().int().describe("Units without proceeds") })),
  totals: z.array(z.object({ ...ZSalesFigure, refunds: z.number().int(), free: z.number().int() })),
  previousTotals: z.array(z.object({ ...ZSalesFigure, refunds: z.number().int(), free: z.number().int() })),
});
const ZReportStatus = z.object({
  range: z.object({ from: z.string(), to: z.string() }),
  connections: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      keyKind: z.enum(["TEAM", "INDIVIDUAL"]),
      vendorNumber: z.string().nullable(),
      days: z.array(z.object({ day: z.string(), status: z.string(), reason: z.string().nullable(), rows: z.number().int(), updatedAt: z.string() })),
    }),
  ),
});

export const salesOperations = [
  defineOperation({
    id: "sales.view", method: "GET", path: "/api/orgs/[orgId]/sales", apiPath: "/api/v1/sales", access: "sales.read", summary: "Units and proceeds for a date range, by day, week, month, app, territory or product type, per currency",
    description: "From Apple's daily Sales Summary reports. Amounts stay in the currency Apple reports them in. `format=csv` returns the rows as CSV.",
    query: ZSalesQuery,
    params: {
      from: "First day, YYYY-MM-DD (UTC); default 30 days before `to`",
      to: "Last day, YYYY-MM-DD (UTC); default yesterday; at most 731 days in all",
      app: "An app's SKU; its in-app purchases count with it",
    },
    ok: { status: 200, description: "The figures", schema: ZSalesView, content: { "text/csv": { schema: { type: "string" } } } },
    errors: { 422: "Invalid date, range or breakdown; `field` names it" },
    handler: async ({ ctx, query }) => {
      const view = await salesView(ctx, query);
      return query.format === "csv" ? salesCsvResponse(view) : view;
    },
  }),
  defineOperation({
    id: "sales.reports", method: "GET", path: "/api/orgs/[orgId]/sales/reports", access: "sales.read", summary: "Each connection's daily report status in the range: fetched, not yet available, no sales, failed with the reason",
    query: ZSalesQuery,
    ok: { status: 200, description: "Report status per connection and day", schema: ZReportStatus },
    handler: async ({ ctx, query }) => ({ range: { from: query.from, to: query.to }, connections: await reportStatus(ctx, query) }),
  }),
];

export const routes = mount(salesOperations);
