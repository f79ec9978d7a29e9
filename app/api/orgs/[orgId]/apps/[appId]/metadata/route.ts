import { NextResponse } from "next/server";
import { orgRoute } from "@/lib/http/route";
import { metadataGrid } from "@/lib/metadata/grid";

/** The locale grid: live values, drafts and what may be edited, for one version (?versionId=, else the one being prepared). */
export const GET = orgRoute("metadata.read", {}, async ({ ctx, params, req }) =>
  NextResponse.json(await metadataGrid(ctx, params.appId, req.nextUrl.searchParams.get("versionId") ?? undefined), { headers: { "cache-control": "no-store" } }),
);
