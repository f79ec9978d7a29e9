import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors";
import { getSyncStatus } from "@/lib/sync/status";
import { requireOrgPage } from "@/lib/tenancy/page";
import { can } from "@/lib/tenancy/permissions";
import { SyncDashboard } from "./sync-dashboard";

export const metadata: Metadata = { title: "Sync" };

export default async function SyncPage({ params }: { params: Promise<{ slug: string; connectionId: string }> }) {
  const { slug, connectionId } = await params;
  const ctx = await requireOrgPage(slug, "connections.read");
  const status = await getSyncStatus(ctx, connectionId).catch((e: unknown) => {
    if (e instanceof AppError && e.code === "not_found") notFound();
    throw e;
  });
  return (
    <SyncDashboard
      orgId={ctx.orgId}
      slug={slug}
      initial={status}
      canRun={can(ctx.membership.role, "sync.run")}
      canConfigure={can(ctx.membership.role, "sync.configure")}
    />
  );
}
