import type { Capability, CapabilityReport } from "@/lib/connections/capabilities";
import { cx } from "@/app/_components/ui";

const STATE: Record<Capability["state"], { label: string; className: string }> = {
  works: { label: "Works", className: "bg-green-100 text-green-800" },
  not_allowed: { label: "Not allowed for this key's role", className: "bg-amber-100 text-amber-900" },
  fails: { label: "Fails", className: "bg-red-100 text-red-800" },
  not_checked: { label: "Not checked", className: "bg-slate-100 text-slate-700" },
};

const ROWS = [["apps", "Apps"], ["metadata", "Metadata"], ["reviews", "Reviews"], ["sales", "Sales"]] as const;

/** What the connection's key can do, from its last capability check ("Test connection"). */
export function CapabilityReportView({ name, report }: { name: string; report: CapabilityReport | null | undefined }) {
  if (!report) return <p className="text-xs text-slate-500">Not checked yet: Test connection shows what this key can do.</p>;
  return (
    <div className="space-y-1" data-testid={`capabilities-${name}`}>
      <ul aria-label={`What the key of ${name} can do`} className="space-y-1 text-sm">
        {ROWS.map(([key, label]) => {
          const c = report[key];
          return (
            <li key={key} data-capability={key} data-state={c.state} className="flex flex-wrap items-baseline gap-2">
              <span className="w-20 shrink-0 font-medium text-slate-700">{label}</span>
              <span className={cx("rounded-full px-2 py-0.5 text-xs font-medium", STATE[c.state].className)}>{STATE[c.state].label}</span>
              <span className="text-slate-600">{c.reason}</span>
            </li>
          );
        })}
        <li data-capability="clock" data-state={report.clock.state} className="flex flex-wrap items-baseline gap-2">
          <span className="w-20 shrink-0 font-medium text-slate-700">Clock</span>
          <span className={cx("rounded-full px-2 py-0.5 text-xs font-medium", report.clock.state === "off" ? "bg-amber-100 text-amber-900" : report.clock.state === "ok" ? "bg-green-100 text-green-800" : "bg-slate-100 text-slate-700")}>
            {report.clock.state === "off" ? "Off" : report.clock.state === "ok" ? "In step" : "Not checked"}
          </span>
          <span className="text-slate-600">{report.clock.reason}</span>
        </li>
      </ul>
      <p className="text-xs text-slate-500">Checked {new Date(report.checkedAt).toLocaleString()}</p>
    </div>
  );
}
