import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { versionRatings } from "@/lib/analytics/version-ratings";
import { approvalRequired } from "@/lib/changesets/approval";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { metadataGrid } from "@/lib/metadata/grid";
import { metadataHistory } from "@/lib/metadata/push";
import { requireOrgPage } from "@/lib/tenancy/page";
import { can } from "@/lib/tenancy/permissions";
import { MetadataEditor } from "./metadata-editor";
import { RatingsPerVersion } from "./ratings-per-version";

export const metadata: Metadata = { title: "App metadata" };

/** One app's App Store metadata per locale: an editor for those who may edit, a read-only grid for the others. */
export default async function AppPage({ params, searchParams }: { params: Promise<{ slug: string; appId: string }>; searchParams: Promise<{ version?: string | string[] }> }) {
  const [{ slug, appId }, { version }] = await Promise.all([params, searchParams]);
  const ctx = await requireOrgPage(slug, "metadata.read");
  const [grid, history] = await Promise.all([metadataGrid(ctx, appId, typeof version === "string" ? version : undefined), metadataHistory(ctx, appId)]).catch((e: unknown) => {
    if (e instanceof AppError && e.code === "not_found") notFound();
    throw e;
  });
  // The grid found the app visible to this member, so its reviews may be read (metadata readers read reviews too).
  const ratings = can(ctx.membership.role, "reviews.read") ? await versionRatings(ctx.orgId, appId) : null;
  const { connectionId } = await db.syncedApp.findFirstOrThrow({ where: { id: grid.app.id, organizationId: ctx.orgId }, select: { connectionId: true } });
  const needsApproval = await approvalRequired(ctx.orgId, connectionId);
  return (
    <>
      <MetadataEditor key={grid.version?.id ?? "none"} orgId={ctx.orgId} slug={slug} initial={grid} initialHistory={history} canEdit={can(ctx.membership.role, "metadata.edit")} canSeeMedia={can(ctx.membership.role, "media.read")} canSeeAnalytics={can(ctx.membership.role, "analytics.read")} needsApproval={needsApproval} />
      {ratings && <RatingsPerVersion versions={ratings} />}
    </>
  );
}
