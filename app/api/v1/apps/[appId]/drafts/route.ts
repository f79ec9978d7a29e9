import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { saveDrafts, ZDraftEdits } from "@/lib/metadata/drafts";

export const PUT = apiRoute("metadata.edit", { body: ZDraftEdits }, async ({ ctx, body, params }) => NextResponse.json(await saveDrafts(ctx, params.appId, body)));
