import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { mintToken } from "@/lib/connections/mint";
import { ZMintToken } from "@/lib/connections/schemas";

/** The token broker: a short-lived App Store Connect JWT for CI, which never holds the .p8. */
export const POST = apiRoute("connections.token", { body: ZMintToken }, async ({ ctx, body, params }) =>
  NextResponse.json(await mintToken(ctx, params.connectionId, body), { headers: { "cache-control": "no-store" } }),
);
