import { NextResponse } from "next/server";
import { orgRoute } from "@/lib/http/route";
import { revertChange, ZRevert } from "@/lib/metadata/drafts";

/** Makes an earlier value from the history a draft again. */
export const POST = orgRoute("metadata.edit", { body: ZRevert }, async ({ ctx, body, params }) => NextResponse.json(await revertChange(ctx, params.appId, body.changeId, body.to ?? "old")));
