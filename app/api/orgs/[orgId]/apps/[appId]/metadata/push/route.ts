import { NextResponse } from "next/server";
import { orgRoute } from "@/lib/http/route";
import { pushDrafts, ZPush } from "@/lib/metadata/push";

/** Pushes drafts to App Store Connect; the report lists what was pushed, what conflicts and what Apple refused. */
export const POST = orgRoute("metadata.edit", { body: ZPush }, async ({ ctx, body, params }) => NextResponse.json(await pushDrafts(ctx, params.appId, body)));
