import type { Metadata } from "next";
import Link from "next/link";
import { can } from "@/lib/tenancy/permissions";
import { appMetadataSummaries } from "@/lib/metadata/summary";
import { mediaCoverage } from "@/lib/media/view";
import { listSyncedApps } from "@/lib/sync/queries";
import { requireOrgPage } from "@/lib/tenancy/page";
import { ConnectionsLink, EmptyState, PageHeader } from "@/app/_components/ui";
import { MediaCoverageCell } from "./media-coverage-cell";

export const metadata: Metadata = { title: "Apps" };

export default async function AppsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await requireOrgPage(slug, "apps.read");
  const apps = await listSyncedApps(ctx);
  const showMetadata = can(ctx.membership.role, "metadata.read");
  const showMedia = can(ctx.membership.role, "media.read");
  const [summaries, coverage] = await Promise.all([showMetadata ? appMetadataSummaries(ctx) : undefined, showMedia && apps.length ? mediaCoverage(ctx, apps.map((a) => a.id)).then((c) => new Map(c.map((x) => [x.appId, x]))) : undefined]);
  return (
    <>
      <PageHeader title="Apps" description="Every app of every connected App Store Connect team." />
      {apps.length === 0 ? (
        <EmptyState
          title="No apps yet"
          action={<ConnectionsLink slug={slug} />}
        >
          Apps appear here after a connection has synced. Add a connection first.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">App</th>
                <th scope="col" className="px-4 py-2 font-medium">Bundle ID</th>
                <th scope="col" className="px-4 py-2 font-medium">Connection</th>
                {showMetadata && (
                  <>
                    <th scope="col" className="px-4 py-2 text-right font-medium">Locales</th>
                    <th scope="col" className="px-4 py-2 text-right font-medium">Drafts</th>
                  </>
                )}
                {showMedia && <th scope="col" className="px-4 py-2 font-medium">Screenshots</th>}
                <th scope="col" className="px-4 py-2 text-right font-medium">Reviews</th>
                <th scope="col" className="px-4 py-2 font-medium">Synced</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {apps.map((a) => {
                const m = summaries?.get(a.id);
                return (
                <tr key={a.id} data-testid={`app-${a.name}`}>
                  <td className="px-4 py-2 font-medium text-slate-900">
                    {showMetadata ? <Link className="font-medium text-brand-700 hover:underline" href={`/o/${slug}/apps/${a.id}`}>{a.name}</Link> : a.name}
                  </td>
                  <td className="px-4 py-2 font-mono text-xs text-slate-600">{a.bundleId}</td>
                  <td className="px-4 py-2 text-slate-600">{a.connectionName}</td>
                  {showMetadata && (
                    <>
                      <td className="px-4 py-2 text-right tabular-nums" title={m?.versionString ? `Locales of version ${m.versionString}` : "No version synced yet"}>
                        {m?.versionString ? <>{m.locales} <span className="text-xs text-slate-500">(v{m.versionString})</span></> : <span className="text-slate-400">—</span>}
                      </td>
                      <td className="px-4 py-2 text-right tabular-nums">
                        {m?.pendingDrafts ? <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">{m.pendingDrafts} to push</span> : <span className="text-slate-400">0</span>}
                      </td>
                    </>
                  )}
                  {showMedia && (
                    <td className="px-4 py-2">
                      <MediaCoverageCell slug={slug} appId={a.id} coverage={coverage?.get(a.id)} />
                    </td>
                  )}
                  <td className="px-4 py-2 text-right tabular-nums">{a.reviews.toLocaleString()}</td>
                  <td className="px-4 py-2 text-slate-500">{a.syncedAt.toISOString().replace("T", " ").slice(0, 16)} UTC</td>
                </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
