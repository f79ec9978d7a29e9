import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors";
import { mediaGrid } from "@/lib/media/view";
import { requireOrgPage } from "@/lib/tenancy/page";
import { can } from "@/lib/tenancy/permissions";
import { MediaManager } from "./media-manager";

export const metadata: Metadata = { title: "Screenshots & previews" };

/** One app version's screenshots and previews per locale: editors upload and arrange them, readers see them. */
export default async function MediaPage({ params, searchParams }: { params: Promise<{ slug: string; appId: string }>; searchParams: Promise<{ version?: string | string[] }> }) {
  const [{ slug, appId }, { version }] = await Promise.all([params, searchParams]);
  const ctx = await requireOrgPage(slug, "media.read");
  const grid = await mediaGrid(ctx, appId, typeof version === "string" ? version : undefined).catch((e: unknown) => {
    if (e instanceof AppError && e.code === "not_found") notFound();
    throw e;
  });
  return <MediaManager key={grid.version?.id ?? "none"} orgId={ctx.orgId} slug={slug} initial={grid} canEdit={can(ctx.membership.role, "media.edit")} />;
}
