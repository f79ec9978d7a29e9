import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { now as clockNow } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { buildReport } from "@/lib/reports/build";
import { CADENCE_WORDS, recentPeriods } from "@/lib/reports/period";
import { reportSections, reportTitle } from "@/lib/reports/render";
import { getReport, periodFor } from "@/lib/reports/schedules";
import { requireOrgPage } from "@/lib/tenancy/page";
import { can } from "@/lib/tenancy/permissions";
import { PageHeader, cx } from "@/app/_components/ui";
import { SendNow } from "./send-now";

export const metadata: Metadata = { title: "Client report" };

/** A report as its recipients get it, for the last complete week or month or one picked. */
export default async function ClientReportPage({ params, searchParams }: { params: Promise<{ slug: string; reportId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ slug, reportId }, search] = await Promise.all([params, searchParams]);
  const ctx = await requireOrgPage(slug, "reports.read");
  const report = await getReport(ctx, reportId).catch((e: unknown) => {
    if (e instanceof AppError && e.code === "not_found") notFound();
    throw e;
  });
  const asked = typeof search.period === "string" && search.period ? search.period : undefined;
  let problem: string | null = null;
  let period = periodFor(report.cadence, undefined);
  try {
    period = periodFor(report.cadence, asked);
  } catch (e) {
    if (!(e instanceof AppError && e.code === "validation")) throw e;
    problem = `${e.publicMessage} Showing ${period.key} instead.`;
  }
  const data = await buildReport(ctx, report.connectionId, period);
  const choices = recentPeriods(report.cadence, clockNow(), report.cadence === "WEEKLY" ? 26 : 24);
  const pdfHref = `/api/orgs/${ctx.orgId}/reports/${report.id}/pdf?period=${period.key}`;

  return (
    <>
      <PageHeader
        title={`${CADENCE_WORDS[report.cadence]} report: ${report.connectionName}`}
        description={<>To {report.recipients.join(", ")}. {report.enabled ? "Sent at 06:00 UTC after each period ends." : "Off: not sent by the schedule."}</>}
        actions={
          <Link href={`/o/${slug}/reports`} className="text-sm font-medium text-brand-700 hover:underline">
            Back to client reports
          </Link>
        }
      />
      <div className="mb-6 flex flex-wrap items-end gap-3">
        <form method="get" className="flex items-end gap-2">
          <div className="space-y-1">
            <label htmlFor="period" className="block text-sm font-medium text-slate-700">
              Period
            </label>
            <select id="period" name="period" defaultValue={period.key} className="block rounded-md border-0 bg-white py-2 pl-3 pr-8 text-sm shadow-sm ring-1 ring-inset ring-slate-300">
              {[...(choices.some((c) => c.key === period.key) ? [] : [period]), ...choices].map((p) => (
                <option key={p.key} value={p.key}>
                  {p.cadence === "WEEKLY" ? `${p.key} (${p.from} to ${p.to})` : p.key}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="rounded-md bg-white px-3.5 py-2 text-sm font-medium text-slate-800 shadow-sm ring-1 ring-slate-300 hover:bg-slate-50">
            Show
          </button>
        </form>
        <a href={pdfHref} download className="rounded-md bg-white px-3.5 py-2 text-sm font-medium text-slate-800 shadow-sm ring-1 ring-slate-300 hover:bg-slate-50">
          Download PDF
        </a>
        {can(ctx.membership.role, "reports.manage") && <SendNow orgId={ctx.orgId} reportId={report.id} period={period.key} recipients={report.recipients} />}
      </div>
      {problem && (
        <p role="alert" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
          {problem}
        </p>
      )}
      <article aria-label="Report preview" className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">
        <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{data.organization.name}</p>
        <h2 className="mt-1 text-xl font-semibold text-slate-900">{reportTitle(data)}</h2>
        <p className="text-sm text-slate-600">{data.period.days} (UTC)</p>
        {reportSections(data).map((s) => (
          <section key={s.title} aria-label={s.title} className="mt-8">
            <h3 className="text-base font-semibold text-slate-900">{s.title}</h3>
            {s.summary.map((line) => (
              <p key={line} className="mt-1 text-sm text-slate-900">
                {line}
              </p>
            ))}
            {s.tables.map((t) => (
              <div key={t.caption} className="mt-4 overflow-x-auto">
                <table className="min-w-full text-sm">
                  <caption className="mb-1 text-left text-xs font-semibold text-slate-600">{t.caption}</caption>
                  <thead>
                    <tr className="border-b border-slate-200 text-slate-600">
                      {t.head.map((h, i) => (
                        <th key={h} scope="col" className={cx("px-2 py-1.5 font-medium", t.numeric?.[i] ? "text-right" : "text-left")}>
                          {h}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {t.rows.length === 0 ? (
                      <tr>
                        <td colSpan={t.head.length} className="px-2 py-1.5 text-slate-500">
                          {t.empty}
                        </td>
                      </tr>
                    ) : (
                      t.rows.map((row, r) => (
                        <tr key={r} className="border-b border-slate-100">
                          {row.map((v, i) => (
                            <td key={i} className={cx("px-2 py-1.5 text-slate-900", t.numeric?.[i] && "text-right tabular-nums")}>
                              {v}
                            </td>
                          ))}
                        </tr>
                      ))
                    )}
                  </tbody>
                </table>
              </div>
            ))}
            {s.notes.map((n) => (
              <p key={n} className="mt-2 text-xs text-slate-500">
                {n}
              </p>
            ))}
          </section>
        ))}
        <p className="mt-8 border-t border-slate-200 pt-3 text-xs text-slate-500">Prepared by {data.organization.name} from App Store Connect data.</p>
      </article>
    </>
  );
}
