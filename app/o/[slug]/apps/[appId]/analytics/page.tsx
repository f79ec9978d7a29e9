import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { listMarkers } from "@/lib/analytics/markers";
import { appAnalytics } from "@/lib/analytics/query";
import { parseAnalyticsQuery } from "@/lib/analytics/query-schema";
import { AppError } from "@/lib/errors";
import { requireOrgPage } from "@/lib/tenancy/page";
import { PageHeader } from "@/app/_components/ui";
import { AnalyticsControls } from "@/app/o/[slug]/analytics/analytics-controls";
import { AnalyticsStatus } from "@/app/o/[slug]/analytics/analytics-status";
import { BreakdownTables } from "@/app/o/[slug]/analytics/breakdown-tables";
import { chartLabel, filterOptions, queryOf } from "@/app/o/[slug]/analytics/format";
import { FunnelCards } from "@/app/o/[slug]/analytics/funnel-cards";
import { QueryError } from "@/app/o/[slug]/analytics/query-error";
import { AppAnalyticsChart } from "./app-chart";

export const metadata: Metadata = { title: "App analytics" };

const DESCRIPTION = "How people find the app on the App Store and download it, from Apple's analytics reports, with the changes made to it.";

/** One app's App Store funnel over time, with its metadata, screenshot and release changes marked. */
export default async function AppAnalyticsPage({ params, searchParams }: { params: Promise<{ slug: string; appId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ slug, appId }, search] = await Promise.all([params, searchParams]);
  const ctx = await requireOrgPage(slug, "analytics.read");
  const back = (
    <div className="flex gap-4 text-sm font-medium">
      <Link href={`/o/${slug}/apps/${appId}`} className="text-brand-700 hover:underline">
        App metadata
      </Link>
      <Link href={`/o/${slug}/analytics`} className="text-brand-700 hover:underline">
        All apps
      </Link>
    </div>
  );
  const parsed = parseAnalyticsQuery(search, "app");
  if (!parsed.success) {
    return (
      <>
        <PageHeader title="Analytics" description={DESCRIPTION} actions={back} />
        <QueryError issue={parsed.error.issues[0]} href={`/o/${slug}/apps/${appId}/analytics`} />
      </>
    );
  }
  const view = await appAnalytics(ctx, appId, { ...parsed.data, table: "series" }).catch((e: unknown) => {
    if (e instanceof AppError && e.code === "not_found") notFound();
    throw e;
  });
  const markers = await listMarkers(ctx, appId, view.range);
  const query = queryOf(view);
  const appName = view.status[0]?.appName ?? "App";
  const csv = (table: string) => `/api/orgs/${ctx.orgId}/apps/${appId}/analytics?${query}&format=csv&table=${table}`;
  return (
    <>
      <PageHeader title={`${appName}: analytics`} description={DESCRIPTION} actions={back} />
      <AnalyticsControls query={query} range={view.range} granularity={view.granularity} options={filterOptions(view)} />
      <div className="space-y-8">
        <AnalyticsStatus view={view} />
        <FunnelCards view={view} />
        <AppAnalyticsChart orgId={ctx.orgId} appId={appId} view={{ series: view.series, granularity: view.granularity }} label={chartLabel(view, appName)} markers={markers} csvHref={csv("series")} />
        <BreakdownTables view={view} csvHref={csv} />
      </div>
    </>
  );
}
