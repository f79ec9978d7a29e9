import type { NextRequest } from "next/server";
import { zodToAppError } from "@/lib/http/route";
import type { OrgContext } from "@/lib/tenancy/context";
import { parseSalesQuery, reportStatus, salesCsvResponse, salesView } from "./dashboard";

type Args = { ctx: OrgContext; req: NextRequest };

function query(req: NextRequest) {
  const q = parseSalesQuery(req.nextUrl.searchParams);
  if (!q.success) throw zodToAppError(q.error);
  return q.data;
}

/** The handlers behind the members' routes and /api/v1/sales: the same view as the Sales page, as JSON or CSV. */
export const salesHandlers = {
  view: async ({ ctx, req }: Args) => {
    const q = query(req);
    const view = await salesView(ctx, q);
    return q.format === "csv" ? salesCsvResponse(view) : view;
  },
  reports: async ({ ctx, req }: Args) => {
    const q = query(req);
    return { range: { from: q.from, to: q.to }, connections: await reportStatus(ctx, q) };
  },
};
