import type { Metadata } from "next";
import { salesRange, salesSummary } from "@/lib/sales/queries";
import { requireOrgPage } from "@/lib/tenancy/page";
import { Button, ConnectionsLink, EmptyState, PageHeader } from "@/app/_components/ui";

export const metadata: Metadata = { title: "Sales" };

const th = "px-4 py-2 font-medium";
const td = "px-4 py-2";

export default async function Page({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ from?: string; to?: string }> }) {
  const { slug } = await params;
  const ctx = await requireOrgPage(slug, "sales.read");
  const range = salesRange(await searchParams);
  const s = await salesSummary(ctx, range);
  const fetched = (s.reportDays.FETCHED ?? 0) + (s.reportDays.NO_SALES ?? 0);
  return (
    <>
      <PageHeader title="Sales" description="Units and proceeds from Apple's daily sales reports, per proceeds currency (never converted)." />
      <form method="get" className="mb-6 flex flex-wrap items-end gap-3" aria-label="Date range">
        <label className="text-sm text-slate-700">
          From
          <input type="date" name="from" defaultValue={range.from} className="mt-1 block rounded-md border border-slate-300 px-2 py-1.5 text-sm" />
        </label>
        <label className="text-sm text-slate-700">
          To
          <input type="date" name="to" defaultValue={range.to} className="mt-1 block rounded-md border border-slate-300 px-2 py-1.5 text-sm" />
        </label>
        <Button type="submit" variant="secondary">Show</Button>
        <p className="text-sm text-slate-500">
          {fetched} report day{fetched === 1 ? "" : "s"} stored
          {s.reportDays.NOT_AVAILABLE ? `, ${s.reportDays.NOT_AVAILABLE} not published yet` : ""}
          {s.reportDays.FAILED ? `, ${s.reportDays.FAILED} failed (see the connection's Sync page)` : ""}.
        </p>
      </form>
      {s.totals.length === 0 ? (
        <EmptyState title="No sales in this range" action={<ConnectionsLink slug={slug} />}>
          Sales come from Apple&apos;s daily reports, fetched for connections with a vendor number and a key with the Sales, Finance or Admin role.
        </EmptyState>
      ) : (
        <div className="space-y-8">
          <section aria-labelledby="totals">
            <h2 id="totals" className="mb-2 text-base font-semibold text-slate-900">Totals, {range.from} to {range.to}</h2>
            <ul className="flex flex-wrap gap-4">
              {s.totals.map((t) => (
                <li key={t.currency} className="rounded-lg bg-white px-4 py-3 shadow-sm ring-1 ring-slate-200">
                  <p className="text-xs uppercase tracking-wide text-slate-500">{t.currency}</p>
                  <p className="text-lg font-semibold tabular-nums text-slate-900">{t.proceeds} <span className="text-sm font-normal text-slate-500">proceeds</span></p>
                  <p className="text-sm tabular-nums text-slate-700">{t.units.toLocaleString("en-US")} units</p>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="by-app">
            <h2 id="by-app" className="mb-2 text-base font-semibold text-slate-900">By app</h2>
            <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
              <table className="w-full text-left text-sm">
                <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
                  <tr><th scope="col" className={th}>App</th><th scope="col" className={th}>Currency</th><th scope="col" className={`${th} text-right`}>Units</th><th scope="col" className={`${th} text-right`}>Proceeds</th></tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {s.apps.map((a) => (
                    <tr key={`${a.appleIdentifier}-${a.currency}`}>
                      <td className={td}>{a.title} <span className="font-mono text-xs text-slate-500">{a.appleIdentifier}</span></td>
                      <td className={td}>{a.currency}</td>
                      <td className={`${td} text-right tabular-nums`}>{a.units.toLocaleString("en-US")}</td>
                      <td className={`${td} text-right tabular-nums`}>{a.proceeds}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section aria-labelledby="by-day">
            <h2 id="by-day" className="mb-2 text-base font-semibold text-slate-900">Units by day</h2>
            <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
              <table className="w-full text-left text-sm">
                <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
                  <tr><th scope="col" className={th}>Day</th><th scope="col" className={`${th} text-right`}>Units</th></tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {s.days.map((d) => (
                    <tr key={d.day}><td className={td}>{d.day}</td><td className={`${td} text-right tabular-nums`}>{d.units.toLocaleString("en-US")}</td></tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </div>
      )}
    </>
  );
}
