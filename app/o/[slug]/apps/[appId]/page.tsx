import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { appMetadata } from "@/lib/sync/queries";
import { requireOrgPage } from "@/lib/tenancy/page";
import { EmptyState, PageHeader } from "@/app/_components/ui";

export const metadata: Metadata = { title: "App metadata" };

const utc = (d: Date | null) => (d ? `${d.toISOString().replace("T", " ").slice(0, 16)} UTC` : "never");

function Cell({ value, clamp = false }: { value: string | null; clamp?: boolean }) {
  if (!value) return <span className="text-slate-400">—</span>;
  return <span className={clamp ? "line-clamp-3 whitespace-pre-line" : "whitespace-pre-line"}>{value}</span>;
}

function Table({ caption, head, rows }: { caption: string; head: string[]; rows: React.ReactNode[][] }) {
  return (
    <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>{head.map((h) => <th key={h} scope="col" className="px-3 py-2 font-medium">{h}</th>)}</tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {rows.map((r, i) => <tr key={i}>{r.map((c, j) => <td key={j} className={j === 0 ? "px-3 py-2 font-mono text-xs text-slate-700" : "max-w-md px-3 py-2 text-slate-700"}>{c}</td>)}</tr>)}
        </tbody>
      </table>
    </div>
  );
}

/** What App Store Connect holds for one app, per locale, as of the last metadata sync. */
export default async function AppPage({ params }: { params: Promise<{ slug: string; appId: string }> }) {
  const { slug, appId } = await params;
  const ctx = await requireOrgPage(slug, "metadata.read");
  const app = await appMetadata(ctx, appId);
  if (!app) notFound();
  return (
    <>
      <PageHeader
        title={app.name}
        description={`${app.bundleId} · ${app.connection.name} · metadata synced ${utc(app.metadataSyncedAt)}`}
      />
      <p className="mb-4 text-sm">
        <Link className="font-medium text-brand-700 hover:underline" href={`/o/${slug}/apps`}>All apps</Link>
      </p>
      {app.appInfos.length === 0 && app.versions.length === 0 ? (
        <EmptyState title="No metadata synced yet">Metadata appears after the connection&apos;s next metadata sync (hourly, or Sync now on its Sync page).</EmptyState>
      ) : (
        <div className="space-y-8">
          {app.appInfos.map((info) => (
            <section key={info.id} aria-labelledby={`info-${info.id}`} className="space-y-2">
              <h2 id={`info-${info.id}`} className="text-base font-semibold text-slate-900">App information{info.appStoreState ? ` (${info.appStoreState.replaceAll("_", " ").toLowerCase()})` : ""}</h2>
              <Table
                caption="App information per locale"
                head={["Locale", "Name", "Subtitle", "Privacy policy URL"]}
                rows={info.localizations.map((l) => [l.locale, <Cell key="n" value={l.name} />, <Cell key="s" value={l.subtitle} />, <Cell key="p" value={l.privacyPolicyUrl} />])}
              />
            </section>
          ))}
          {app.versions.map((v) => (
            <section key={v.id} aria-labelledby={`version-${v.id}`} className="space-y-2">
              <h2 id={`version-${v.id}`} className="text-base font-semibold text-slate-900">
                Version {v.versionString} <span className="font-normal text-slate-500">({v.appStoreState.replaceAll("_", " ").toLowerCase()})</span>
              </h2>
              <Table
                caption={`Version ${v.versionString} per locale`}
                head={["Locale", "Keywords", "Promotional text", "Description", "What's new", "Support URL", "Marketing URL"]}
                rows={v.localizations.map((l) => [
                  l.locale,
                  <Cell key="k" value={l.keywords} />,
                  <Cell key="p" value={l.promotionalText} />,
                  <Cell key="d" value={l.description} clamp />,
                  <Cell key="w" value={l.whatsNew} clamp />,
                  <Cell key="s" value={l.supportUrl} />,
                  <Cell key="m" value={l.marketingUrl} />,
                ])}
              />
            </section>
          ))}
        </div>
      )}
    </>
  );
}
