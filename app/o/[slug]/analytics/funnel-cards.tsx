import { compactRange } from "@/lib/analytics/figures";
import { cx } from "@/app/_components/ui";
import { count, percent, pointsWords, relativeWords, type TAnalyticsView } from "./format";

type Step = { label: string; value: number; change: number | null; rate?: { label: string; value: number | null; change: number | null } };

/**
 * The funnel of the range: impressions, then product page views, then first-time downloads,
 * each with the rate from the step before and the change against the previous period.
 */
export function FunnelCards({ view }: { view: TAnalyticsView }) {
  const t = view.totals;
  const steps: Step[] = [
    { label: "Impressions", value: t.impressions, change: view.change.impressions },
    { label: "Product page views", value: t.productPageViews, change: view.change.productPageViews, rate: { label: "of impressions", value: t.pageViewRate, change: view.change.pageViewRate } },
    { label: "First-time downloads", value: t.firstTimeDownloads, change: view.change.firstTimeDownloads, rate: { label: "of page views", value: t.pageConversion, change: view.change.pageConversion } },
  ];
  const previous = `vs ${compactRange(view.previous)} ${view.previous.to.slice(0, 4)}`;
  return (
    <section aria-labelledby="analytics-funnel" data-testid="analytics-funnel" className="space-y-3">
      <h2 id="analytics-funnel" className="text-base font-semibold text-slate-900">
        Funnel, {compactRange(view.range)} {view.range.to.slice(0, 4)}
      </h2>
      <ol className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {steps.map((s) => (
          <li key={s.label} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
            <p className="text-sm text-slate-600">{s.label}</p>
            <p className="mt-1 text-2xl font-semibold text-slate-900">{count(s.value)}</p>
            <Change words={relativeWords(s.change)} change={s.change} previous={previous} />
            {s.rate && (
              <p className="mt-2 text-sm text-slate-700">
                <span className="font-medium">{percent(s.rate.value)}</span> {s.rate.label}
                {pointsWords(s.rate.change) && <span className="text-slate-500"> ({pointsWords(s.rate.change)})</span>}
              </p>
            )}
          </li>
        ))}
        <li className="rounded-lg bg-brand-50 p-4 ring-1 ring-brand-200">
          <p className="text-sm text-slate-600">Conversion rate</p>
          <p className="mt-1 text-2xl font-semibold text-slate-900">{percent(t.conversionRate)}</p>
          <Change words={pointsWords(view.change.conversionRate)} change={view.change.conversionRate} previous={previous} />
          <p className="mt-2 text-xs text-slate-500">First-time downloads per impression, as App Store Connect counts it.</p>
        </li>
      </ol>
    </section>
  );
}

function Change({ words, change, previous }: { words: string | null; change: number | null; previous: string }) {
  if (words === null) return <p className="mt-1 text-xs text-slate-500">None to compare with in {previous.replace(/^vs /, "")}</p>;
  return (
    <p className={cx("mt-1 text-xs font-medium", change! > 0 ? "text-emerald-700" : change! < 0 ? "text-red-700" : "text-slate-500")}>
      {words} <span className="font-normal text-slate-500">{previous}</span>
    </p>
  );
}
