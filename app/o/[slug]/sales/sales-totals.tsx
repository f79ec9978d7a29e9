import { compactRange, count, money, percentChange, rangeWords, type TSalesTotal, type TSalesView } from "./format";

/** How a figure moved against the previous period, in short and in words for assistive technology. */
function Change({ what, now, before, shownBefore, previous }: { what: string; now: number; before: number | undefined; shownBefore: string; previous: { from: string; to: string } }) {
  const vs = compactRange(previous);
  if (before === undefined) {
    return (
      <p className="text-xs text-slate-500">
        <span aria-hidden="true">No sales vs {vs}</span>
        <span className="sr-only">{`${what}: no sales in this currency from ${rangeWords(previous)}.`}</span>
      </p>
    );
  }
  const pct = percentChange(now, before);
  const short = pct === null ? "new" : `${pct > 0 ? "+" : pct < 0 ? "−" : "±"}${Math.abs(pct)}%`;
  const words = pct === null ? `${what} up from none` : pct === 0 ? `${what} unchanged` : `${what} ${pct > 0 ? "up" : "down"} ${Math.abs(pct)}%`;
  const tone = pct === null || pct > 0 ? "text-green-700" : pct < 0 ? "text-red-700" : "text-slate-500";
  return (
    <p className="text-xs text-slate-500">
      <span aria-hidden="true">
        <span className={`font-medium ${tone}`}>{short}</span> vs {vs}
      </span>
      <span className="sr-only">{`${words} compared with ${rangeWords(previous)} (${shownBefore}).`}</span>
    </p>
  );
}

function Card({ t, before, previous }: { t: TSalesTotal; before: TSalesTotal | undefined; previous: { from: string; to: string } }) {
  const id = `total-${t.currency}-heading`;
  return (
    <li data-testid={`total-${t.currency}`} aria-labelledby={id} className="min-w-56 flex-1 rounded-lg bg-white px-4 py-3 shadow-sm ring-1 ring-slate-200">
      <h3 id={id} className="text-xs font-semibold uppercase tracking-wide text-slate-500">
        {t.currency}
      </h3>
      <dl className="mt-1 space-y-2">
        <div>
          <dt className="sr-only">Proceeds</dt>
          <dd className="text-2xl font-semibold tabular-nums text-slate-900">
            <span data-testid="proceeds">{money(t.proceeds, t.currency)}</span>
            <span className="ml-1.5 text-sm font-normal text-slate-500" aria-hidden="true">
              proceeds
            </span>
          </dd>
          <dd>
            <Change what="Proceeds" now={Number(t.proceeds)} before={before && Number(before.proceeds)} shownBefore={before ? money(before.proceeds, t.currency) : ""} previous={previous} />
          </dd>
        </div>
        <div>
          <dt className="sr-only">Units</dt>
          <dd className="text-base font-medium tabular-nums text-slate-800">
            <span data-testid="units">{count(t.units)}</span>
            <span className="ml-1 text-sm font-normal text-slate-500" aria-hidden="true">
              units
            </span>
          </dd>
          <dd>
            <Change what="Units" now={t.units} before={before?.units} shownBefore={before ? `${count(before.units)} units` : ""} previous={previous} />
          </dd>
        </div>
        <div className="flex gap-4 text-sm text-slate-600">
          <Units label="Refunded units" testId="refunds" value={count(t.refunds)} />
          <Units label="Free units" testId="free" value={count(t.free)} />
        </div>
      </dl>
    </li>
  );
}

/** One card per proceeds currency: Apple's amounts are never converted, so they are never added up across currencies. */
export function SalesTotals({ view }: { view: TSalesView }) {
  const before = new Map(view.previousTotals.map((t) => [t.currency, t]));
  return (
    <section aria-labelledby="sales-totals" data-testid="sales-totals" className="space-y-2">
      <h2 id="sales-totals" className="text-base font-semibold text-slate-900">
        Totals, {rangeWords(view.range)}
      </h2>
      <ul className="flex flex-wrap gap-4">
        {view.totals.map((t) => (
          <Card key={t.currency} t={t} before={before.get(t.currency)} previous={view.previous} />
        ))}
      </ul>
      <p className="text-xs text-slate-500">
        Each currency is totalled on its own: Apple reports proceeds in the currency of each storefront, and no exchange rate is applied, so amounts in different currencies are never added up.
      </p>
    </section>
  );
}

/** A secondary count beside a currency's totals. */
function Units({ label, testId, value }: { label: string; testId: string; value: string }) {
  return (
    <div>
      <dt className="inline">{label} </dt>
      <dd data-testid={testId} className="inline font-medium tabular-nums text-slate-800">
        {value}
      </dd>
    </div>
  );
}
