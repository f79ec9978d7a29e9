import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { metadataGrid } from "@/lib/metadata/grid";

export const GET = apiRoute("metadata.read", {}, async ({ ctx, params, req }) => NextResponse.json(await metadataGrid(ctx, params.appId, req.nextUrl.searchParams.get("versionId") ?? undefined)));
