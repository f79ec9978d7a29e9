import { NextResponse } from "next/server";
import { orgRoute } from "@/lib/http/route";
import { saveDrafts, ZDraftEdits } from "@/lib/metadata/drafts";

/** Saves edits as drafts (autosave); all or none. */
export const PUT = orgRoute("metadata.edit", { body: ZDraftEdits }, async ({ ctx, body, params }) => NextResponse.json(await saveDrafts(ctx, params.appId, body)));
