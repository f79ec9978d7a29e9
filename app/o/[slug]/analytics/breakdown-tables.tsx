import { DIMENSIONS, type Dimension } from "@/lib/analytics/constants";
import { count, DIMENSION_WORDS, percent, type TAnalyticsView, type TFigures } from "./format";

/** How many rows a breakdown shows; the CSV has them all. */
const SHOWN = 25;

/** One table per breakdown (territory, source type, page type, device), each with its CSV. */
export function BreakdownTables({ view, csvHref }: { view: TAnalyticsView; csvHref: (table: string) => string }) {
  return (
    <div className="grid gap-6 2xl:grid-cols-2">
      {DIMENSIONS.map((d) => (
        <FiguresTable
          key={d}
          testId={`breakdown-${d}`}
          title={`By ${DIMENSION_WORDS[d].noun}`}
          heading={DIMENSION_WORDS[d].heading}
          rows={view.breakdowns[d].map((r) => ({ key: r.value, label: r.value || "(none)", figures: r }))}
          csvHref={csvHref(d)}
        />
      ))}
    </div>
  );
}

export type FiguresRow = { key: string; label: React.ReactNode; figures: TFigures };

/** Impressions, page views, first-time downloads and the rates, one row per value, most impressions first. */
export function FiguresTable({ testId, title, heading, rows, csvHref }: { testId: string; title: string; heading: string; rows: FiguresRow[]; csvHref: string }) {
  const id = `${testId}-title`;
  return (
    <section aria-labelledby={id} data-testid={testId} className="rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <div className="flex items-center justify-between gap-3 border-b border-slate-200 px-4 py-3">
        <h3 id={id} className="text-sm font-semibold text-slate-900">
          {title}
        </h3>
        <a href={csvHref} className="text-sm font-medium text-brand-700 hover:underline" aria-label={`Download CSV: ${title.toLowerCase()}`}>
          Download CSV
        </a>
      </div>
      {rows.length === 0 ? (
        <p className="px-4 py-6 text-sm text-slate-500">Nothing in this range.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full text-sm">
            <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-2">{heading}</th>
                <th scope="col" className="px-4 py-2 text-right">Impressions</th>
                <th scope="col" className="px-4 py-2 text-right">Page views</th>
                <th scope="col" className="px-4 py-2 text-right">First-time downloads</th>
                <th scope="col" className="px-4 py-2 text-right">Conversion</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.slice(0, SHOWN).map((r) => (
                <tr key={r.key}>
                  <th scope="row" className="px-4 py-2 text-left font-medium text-slate-900">{r.label}</th>
                  <td className="px-4 py-2 text-right tabular-nums">{count(r.figures.impressions)}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{count(r.figures.productPageViews)}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{count(r.figures.firstTimeDownloads)}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{percent(r.figures.conversionRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length > SHOWN && <p className="px-4 py-2 text-xs text-slate-500">{rows.length - SHOWN} more in the CSV.</p>}
        </div>
      )}
    </section>
  );
}

export const isDimension = (t: string): t is Dimension => (DIMENSIONS as readonly string[]).includes(t);
