import { orgRoute } from "@/lib/http/route";
import { exportFastlane } from "@/lib/metadata/fastlane";

/** The version's metadata as a fastlane metadata/ folder in a zip (drafts where there are drafts). */
export const GET = orgRoute("metadata.read", {}, async ({ ctx, params, req }) => {
  const { name, zip } = await exportFastlane(ctx, params.appId, req.nextUrl.searchParams.get("versionId") ?? undefined);
  return new Response(Buffer.from(zip), {
    headers: { "content-type": "application/zip", "content-disposition": `attachment; filename="${name}"`, "cache-control": "no-store" },
  });
});
