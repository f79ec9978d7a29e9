import { NextResponse } from "next/server";
import { orgRoute } from "@/lib/http/route";
import { resolveConflict, ZResolveConflict } from "@/lib/metadata/drafts";

/** Settles a conflict: keep the draft over Apple's newer value, or take Apple's value. */
export const POST = orgRoute("metadata.edit", { body: ZResolveConflict }, async ({ ctx, body, params }) =>
  NextResponse.json(await resolveConflict(ctx, params.appId, params.draftId, body.choice)),
);
