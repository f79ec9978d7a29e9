import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { requestSync } from "@/lib/sync/requests";
import { ZSyncRequest } from "@/lib/sync/schemas";

export const POST = apiRoute("sync.run", { body: ZSyncRequest }, async ({ ctx, body, params }) =>
  NextResponse.json(await requestSync(ctx, params.connectionId, body), { status: 202 }),
);
