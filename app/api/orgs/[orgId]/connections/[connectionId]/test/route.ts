import { NextResponse } from "next/server";
import { orgRoute } from "@/lib/http/route";
import { testConnection } from "@/lib/connections/test-connection";

export const POST = orgRoute("connections.manage", {}, async ({ ctx, params }) =>
  NextResponse.json({ result: await testConnection(ctx, params.connectionId) }),
);
