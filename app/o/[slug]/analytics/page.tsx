import type { Metadata } from "next";
import Link from "next/link";
import { orgAnalytics } from "@/lib/analytics/query";
import { parseAnalyticsQuery } from "@/lib/analytics/query-schema";
import { requireOrgPage } from "@/lib/tenancy/page";
import { EmptyState, PageHeader } from "@/app/_components/ui";
import { AnalyticsChart } from "./analytics-chart";
import { AnalyticsControls } from "./analytics-controls";
import { AnalyticsStatus } from "./analytics-status";
import { BreakdownTables, FiguresTable } from "./breakdown-tables";
import { chartLabel, filterOptions, queryOf } from "./format";
import { FunnelCards } from "./funnel-cards";
import { QueryError } from "./query-error";

export const metadata: Metadata = { title: "Analytics" };

const DESCRIPTION = "How people find your apps on the App Store and download them, from Apple's analytics reports.";

/** The App Store funnel across every app the member may see. The view lives in the URL, so it can be shared. */
export default async function AnalyticsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ slug }, search] = await Promise.all([params, searchParams]);
  const ctx = await requireOrgPage(slug, "analytics.read");
  const parsed = parseAnalyticsQuery(search, "org");
  if (!parsed.success) {
    return (
      <>
        <PageHeader title="Analytics" description={DESCRIPTION} />
        <QueryError issue={parsed.error.issues[0]} href={`/o/${slug}/analytics`} />
      </>
    );
  }
  const q = { ...parsed.data, table: "series" as const };
  const view = await orgAnalytics(ctx, q);
  const query = queryOf(view, q.app);
  const csv = (table: string) => `/api/orgs/${ctx.orgId}/analytics?${query}&format=csv&table=${table}`;
  // The same range and filters on an app's own page.
  const appQuery = queryOf(view);
  return (
    <>
      <PageHeader title="Analytics" description={DESCRIPTION} />
      <AnalyticsControls query={query} range={view.range} granularity={view.granularity} options={filterOptions(view)} />
      <div className="space-y-8">
        <AnalyticsStatus view={view} />
        {view.apps.length === 0 ? (
          <EmptyState title="No apps yet">Apps appear here after the first sync of a connection.</EmptyState>
        ) : (
          <>
            <FunnelCards view={view} />
            <AnalyticsChart view={{ series: view.series, granularity: view.granularity }} label={chartLabel(view, "All apps")} csvHref={csv("series")} />
            <FiguresTable
              testId="breakdown-apps"
              title="By app"
              heading="App"
              rows={view.apps.map((a) => ({
                key: a.appId,
                label: (
                  <Link href={`/o/${slug}/apps/${a.appId}/analytics?${appQuery}`} className="text-brand-700 hover:underline">
                    {a.appName}
                  </Link>
                ),
                figures: a,
              }))}
              csvHref={csv("apps")}
            />
            <BreakdownTables view={view} csvHref={csv} />
          </>
        )}
      </div>
    </>
  );
}
