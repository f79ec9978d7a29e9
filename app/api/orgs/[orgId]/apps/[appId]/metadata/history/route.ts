import { NextResponse } from "next/server";
import { orgRoute } from "@/lib/http/route";
import { metadataHistory } from "@/lib/metadata/push";

export const GET = orgRoute("metadata.read", {}, async ({ ctx, params }) => NextResponse.json({ changes: await metadataHistory(ctx, params.appId) }, { headers: { "cache-control": "no-store" } }));
