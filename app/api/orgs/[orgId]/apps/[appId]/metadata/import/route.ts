import { NextResponse } from "next/server";
import { orgRoute } from "@/lib/http/route";
import { importFastlane, ZImport } from "@/lib/metadata/fastlane";

/** A fastlane metadata/ zip (base64): with apply false, what it would change; with apply true, the changes become drafts, or nothing does. */
export const POST = orgRoute("metadata.edit", { body: ZImport, maxBodyBytes: 7_500_000 }, async ({ ctx, body, params }) => {
  const preview = await importFastlane(ctx, params.appId, body);
  return NextResponse.json(preview, { status: preview.problems.length ? 422 : 200 });
});
