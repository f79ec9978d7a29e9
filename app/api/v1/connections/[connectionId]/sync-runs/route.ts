import { apiRoute } from "@/lib/http/api-route";
import { zodToAppError } from "@/lib/http/route";
import { ZSyncRunsQuery } from "@/lib/sync/schemas";
import { listSyncRuns } from "@/lib/sync/status";

export const GET = apiRoute("connections.read", {}, async ({ ctx, params, req }) => {
  const query = ZSyncRunsQuery.safeParse(Object.fromEntries(req.nextUrl.searchParams));
  if (!query.success) throw zodToAppError(query.error);
  return listSyncRuns(ctx, params.connectionId, query.data);
});
