import { now as clockNow } from "@/lib/clock";
import type { Metadata } from "next";
import Link from "next/link";
import { salesApps } from "@/lib/sales/apps";
import { parseSalesQuery, reportStatus, salesView } from "@/lib/sales/dashboard";
import { requireOrgPage } from "@/lib/tenancy/page";
import { can } from "@/lib/tenancy/permissions";
import { EmptyState, PageHeader } from "@/app/_components/ui";
import { VIEW_KEYS, viewQuery } from "./format";
import { ReportStatus } from "./report-status";
import { SalesCharts } from "./sales-charts";
import { SalesControls } from "./sales-controls";
import { SalesTable } from "./sales-table";
import { SalesTotals } from "./sales-totals";

export const metadata: Metadata = { title: "Sales" };

type Search = Record<string, string | string[] | undefined>;

const DESCRIPTION = "Units and proceeds from Apple's daily sales reports, per proceeds currency.";

/** The Sales dashboard. The view (range, breakdown, connection, app) lives in the URL, so it can be shared. */
export default async function SalesPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Search> }) {
  const [{ slug }, search] = await Promise.all([params, searchParams]);
  const ctx = await requireOrgPage(slug, "sales.read");
  // Only the view's own keys: anything else a link carries is ignored rather than refused.
  const given = Object.fromEntries(VIEW_KEYS.map((k) => [k, search[k]]));
  const parsed = parseSalesQuery(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return (
      <>
        <PageHeader title="Sales" description={DESCRIPTION} />
        <div role="alert" data-field={issue.path.join(".") || undefined} className="rounded-lg bg-red-50 p-4 text-sm text-red-800 ring-1 ring-red-200">
          <p className="font-medium">This link&apos;s sales view could not be read.</p>
          <p className="mt-1">{issue.message}</p>
          <Link href={`/o/${slug}/sales`} className="mt-3 inline-block font-medium text-red-900 underline">
            Show the last 30 days
          </Link>
        </div>
      </>
    );
  }
  const q = parsed.data;
  const [view, reports, apps] = await Promise.all([salesView(ctx, q), reportStatus(ctx, q), salesApps(ctx, q)]);
  // The range written out, so a shared link or the CSV shows the same days tomorrow.
  const query = viewQuery("", { from: q.from, to: q.to, by: q.by, connection: q.connection ?? null, app: q.app ?? null });
  const role = ctx.membership.role;
  return (
    <>
      <PageHeader title="Sales" description={DESCRIPTION} />
      <SalesControls
        query={query}
        range={view.range}
        now={clockNow()}
        connections={reports.map((c) => ({ value: c.id, label: c.name }))}
        apps={apps.map((a) => ({ value: a.sku, label: a.name === a.sku ? a.sku : `${a.name} (${a.sku})` }))}
      />
      <div className="space-y-8">
        {view.rows.length === 0 ? (
          <EmptyState title="No sales in this range">
            Sales come from Apple&apos;s daily reports, which arrive after the first sales sync of a connection with a vendor number (and a key with the Sales, Finance or Admin role).
            Choose another range, or backfill the days below.
          </EmptyState>
        ) : (
          <>
            <SalesTotals view={view} />
            <SalesCharts view={view} query={query} />
            <SalesTable view={view} csvHref={`/api/orgs/${ctx.orgId}/sales?${query}&format=csv`} />
          </>
        )}
        <ReportStatus connections={reports} range={view.range} orgId={ctx.orgId} slug={slug} canRun={can(role, "sync.run")} canConfigure={can(role, "sync.configure")} />
      </div>
    </>
  );
}
