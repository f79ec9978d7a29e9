import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { testConnection } from "@/lib/connections/test-connection";

export const POST = apiRoute("connections.manage", {}, async ({ ctx, params }) =>
  NextResponse.json({ result: await testConnection(ctx, params.connectionId) }),
);
