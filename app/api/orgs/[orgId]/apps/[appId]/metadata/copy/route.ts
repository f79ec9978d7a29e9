import { NextResponse } from "next/server";
import { orgRoute } from "@/lib/http/route";
import { copyField, ZCopyField } from "@/lib/metadata/locales";

/** Copies a field's value from one locale to many, as drafts. */
export const POST = orgRoute("metadata.edit", { body: ZCopyField }, async ({ ctx, body, params }) => NextResponse.json(await copyField(ctx, params.appId, body)));
