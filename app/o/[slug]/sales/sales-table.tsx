import { BY_WORDS, bucketLabel, count, isTime, money, rangeWords, type TSalesRow, type TSalesView } from "./format";

const th = "px-4 py-2 font-medium";
const td = "px-4 py-2";
const num = "text-right tabular-nums";

function KeyCell({ by, row }: { by: TSalesView["by"]; row: TSalesRow }) {
  if (by === "day") return <>{row.key}</>;
  if (isTime(by)) return <>{bucketLabel(by, row.key)} <span className="font-mono text-xs text-slate-500">{row.key}</span></>;
  if (row.label === row.key) return <>{row.key}</>;
  return (
    <>
      {row.label} <span className="font-mono text-xs text-slate-500">{row.key}</span>
    </>
  );
}

/** Every row of the view, as the CSV download has them, with a total per currency under them. */
export function SalesTable({ view, csvHref }: { view: TSalesView; csvHref: string }) {
  const caption = `Sales by ${BY_WORDS[view.by].noun}, ${rangeWords(view.range)}`;
  return (
    <section aria-labelledby="sales-table" className="space-y-2">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="sales-table" className="text-base font-semibold text-slate-900">
          {caption}
        </h2>
        <a href={csvHref} download className="inline-flex rounded-md bg-white px-3 py-1.5 text-sm font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50">
          Download CSV
        </a>
      </div>
      <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        <table data-testid="sales-table" aria-labelledby="sales-table" className="w-full text-left text-sm">
          <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className={th}>{BY_WORDS[view.by].heading}</th>
              <th scope="col" className={th}>Currency</th>
              <th scope="col" className={`${th} text-right`}>Units</th>
              <th scope="col" className={`${th} text-right`}>Proceeds</th>
              <th scope="col" className={`${th} text-right`}>Refunded units</th>
              <th scope="col" className={`${th} text-right`}>Free units</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {view.rows.map((r) => (
              <tr key={`${r.key}\n${r.currency}`} data-key={r.key} data-currency={r.currency}>
                <th scope="row" className={`${td} font-normal`}>
                  <KeyCell by={view.by} row={r} />
                </th>
                <td className={td}>{r.currency}</td>
                <td className={`${td} ${num}`}>{count(r.units)}</td>
                <td className={`${td} ${num}`}>{money(r.proceeds, r.currency)}</td>
                <td className={`${td} ${num}`}>{count(r.refunds)}</td>
                <td className={`${td} ${num}`}>{count(r.free)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot className="border-t-2 border-slate-200 bg-slate-50 font-medium">
            {view.totals.map((t) => (
              <tr key={t.currency} data-total={t.currency}>
                <th scope="row" className={td}>Total {t.currency}</th>
                <td className={td}>{t.currency}</td>
                <td className={`${td} ${num}`}>{count(t.units)}</td>
                <td className={`${td} ${num}`}>{money(t.proceeds, t.currency)}</td>
                <td className={`${td} ${num}`}>{count(t.refunds)}</td>
                <td className={`${td} ${num}`}>{count(t.free)}</td>
              </tr>
            ))}
          </tfoot>
        </table>
      </div>
    </section>
  );
}
