import Link from "next/link";
import type { reportStatus } from "@/lib/sales/dashboard";
import { cx } from "@/app/_components/ui";
import { BackfillForm } from "./backfill-form";
import { dayMs, isoDay, longDay } from "./format";

type TConnectionReports = Awaited<ReturnType<typeof reportStatus>>[number];
type DayStatus = TConnectionReports["days"][number]["status"] | "MISSING";

export const DAY_STATUS: Record<DayStatus, { label: string; cell: string }> = {
  FETCHED: { label: "Fetched", cell: "bg-green-500" },
  NO_SALES: { label: "No sales", cell: "bg-slate-300" },
  NOT_AVAILABLE: { label: "Not yet available", cell: "bg-amber-400" },
  FAILED: { label: "Failed", cell: "bg-red-600" },
  MISSING: { label: "Not fetched", cell: "bg-white ring-1 ring-inset ring-slate-300" },
};
const ORDER: DayStatus[] = ["FETCHED", "NO_SALES", "NOT_AVAILABLE", "FAILED", "MISSING"];

/** Every day of the range with its report's status; days never asked for are "not fetched". */
function daysOf(c: TConnectionReports, range: { from: string; to: string }) {
  const known = new Map(c.days.map((d) => [d.day, d]));
  const out: { day: string; status: DayStatus; reason: string | null }[] = [];
  for (let t = dayMs(range.from); t <= dayMs(range.to); t += 86_400_000) {
    const d = known.get(isoDay(t));
    out.push({ day: isoDay(t), status: d?.status ?? "MISSING", reason: d?.reason ?? null });
  }
  return out;
}

function Connection({ c, range, orgId, slug, canRun, canConfigure }: { c: TConnectionReports; range: { from: string; to: string }; orgId: string; slug: string; canRun: boolean; canConfigure: boolean }) {
  const days = daysOf(c, range);
  const failed = days.filter((d) => d.status === "FAILED");
  const headingId = `reports-${c.id}`;
  return (
    <li data-testid={`report-status-${c.id}`} aria-labelledby={headingId} className="space-y-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <h3 id={headingId} className="text-sm font-semibold text-slate-900">
        {c.name}
      </h3>
      {c.keyKind === "INDIVIDUAL" ? (
        <p className="text-sm text-slate-600">
          Sales reports are not available for individual keys: Apple lets only team keys with the Admin, Finance or Sales role download them. Add a team key for this account to see its sales.
        </p>
      ) : !c.vendorNumber ? (
        <p className="text-sm text-slate-600">
          Sales reports need this connection&apos;s vendor number, which is not set.{" "}
          {canConfigure ? (
            <Link href={`/o/${slug}/connections/${c.id}/sync`} className="font-medium text-brand-700 underline">
              Set it on the Sync page
            </Link>
          ) : (
            "An owner or admin can set it on the connection's Sync page."
          )}
        </p>
      ) : (
        <>
          <ol aria-label={`Report days of ${c.name}`} className="flex flex-wrap gap-0.5">
            {days.map((d) => {
              const words = `${longDay(d.day)}: ${DAY_STATUS[d.status].label}${d.reason && d.status === "FAILED" ? ` (${d.reason})` : ""}`;
              return (
                <li key={d.day} data-day={d.day} data-status={d.status} title={words} className={cx("size-3 rounded-sm", DAY_STATUS[d.status].cell)}>
                  <span className="sr-only">{words}</span>
                </li>
              );
            })}
          </ol>
          <ul aria-label={`Days by status, ${c.name}`} className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-600">
            {ORDER.map((s) => {
              const n = days.filter((d) => d.status === s).length;
              return (
                <li key={s} data-status-count={s} className="flex items-center gap-1.5">
                  <span aria-hidden="true" className={cx("size-2.5 rounded-sm", DAY_STATUS[s].cell)} />
                  {DAY_STATUS[s].label}: <span className="font-medium tabular-nums text-slate-800">{n}</span>
                </li>
              );
            })}
          </ul>
          {failed.length > 0 && (
            <ul aria-label={`Failed days, ${c.name}`} className="space-y-0.5 text-sm text-red-800">
              {failed.map((d) => (
                <li key={d.day}>
                  {longDay(d.day)} failed: {d.reason ?? "no reason was recorded."}
                </li>
              ))}
            </ul>
          )}
          {canRun && <BackfillForm orgId={orgId} slug={slug} connection={{ id: c.id, name: c.name }} range={range} />}
        </>
      )}
    </li>
  );
}

/** Per connection, whether each day's report of the range is stored, and a backfill for members who may sync. */
export function ReportStatus({ connections, range, orgId, slug, canRun, canConfigure }: { connections: TConnectionReports[]; range: { from: string; to: string }; orgId: string; slug: string; canRun: boolean; canConfigure: boolean }) {
  return (
    <section aria-labelledby="report-status" className="space-y-2">
      <h2 id="report-status" className="text-base font-semibold text-slate-900">
        Reports
      </h2>
      <p className="text-sm text-slate-600">Apple publishes each day&apos;s report by 08:00 UTC the next day. Days not fetched or failed can be fetched again with a backfill.</p>
      {connections.length === 0 ? (
        <p className="text-sm text-slate-600">No connections yet: add one on the Connections page to fetch sales reports.</p>
      ) : (
        <ul className="space-y-3">
          {connections.map((c) => (
            <Connection key={c.id} c={c} range={range} orgId={orgId} slug={slug} canRun={canRun} canConfigure={canConfigure} />
          ))}
        </ul>
      )}
    </section>
  );
}
