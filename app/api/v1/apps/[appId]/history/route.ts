import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { metadataHistory } from "@/lib/metadata/push";

export const GET = apiRoute("metadata.read", {}, async ({ ctx, params }) => NextResponse.json({ changes: await metadataHistory(ctx, params.appId) }));
