import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { pushDrafts, ZPush } from "@/lib/metadata/push";

export const POST = apiRoute("metadata.edit", { body: ZPush }, async ({ ctx, body, params }) => NextResponse.json(await pushDrafts(ctx, params.appId, body)));
