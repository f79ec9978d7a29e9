import Link from "next/link";

type Coverage = { complete: number; total: number; missing: { locale: string; family: string }[] };

/**
 * How many locales of the app's version have every screenshot size Apple requires, linked
 * to the media page; the missing sizes are listed in the tooltip and for screen readers.
 */
export function MediaCoverageCell({ slug, appId, coverage }: { slug: string; appId: string; coverage?: Coverage | null }) {
  if (!coverage || coverage.total === 0) return <span className="text-slate-400">—</span>;
  const full = coverage.complete === coverage.total;
  const missing = coverage.missing.map((m) => `${m.locale} ${m.family}`).join(", ");
  return (
    <Link
      href={`/o/${slug}/apps/${appId}/media`}
      title={full ? "Every locale has the sizes Apple requires" : `Missing: ${missing}`}
      className={full ? "rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800 hover:underline" : "rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900 hover:underline"}
    >
      {coverage.complete}/{coverage.total} locales complete
      {!full && <span className="sr-only">; missing {missing}</span>}
    </Link>
  );
}
