import { NextResponse } from "next/server";
import { orgRoute } from "@/lib/http/route";
import { requestSync } from "@/lib/sync/requests";
import { ZSyncRequest } from "@/lib/sync/schemas";
import { getSyncStatus } from "@/lib/sync/status";

export const GET = orgRoute("connections.read", {}, async ({ ctx, params }) =>
  NextResponse.json(await getSyncStatus(ctx, params.connectionId), { headers: { "cache-control": "no-store" } }),
);

/** "Sync now": 202 with the run to watch, which is the one already under way when there is one. */
export const POST = orgRoute("sync.run", { body: ZSyncRequest }, async ({ ctx, body, params }) =>
  NextResponse.json(await requestSync(ctx, params.connectionId, body), { status: 202 }),
);
