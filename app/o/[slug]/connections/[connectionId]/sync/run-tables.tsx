import type { ReactNode } from "react";
import type { TSyncRun, TSyncStatus } from "@/lib/sync/status";
import { Button, cx } from "@/app/_components/ui";
import { counts, duration, KIND_HINT, KIND_LABEL, REQUESTABLE, RUN_STATUS, SALES_STATUS, TRIGGER_LABEL, utc, type Kind } from "./format";

const th = "px-4 py-2 font-medium";
const td = "px-4 py-2 align-top";

function Table({ caption, head, children }: { caption: string; head: string[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>{head.map((h) => <th key={h} scope="col" className={th}>{h}</th>)}</tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}

export function Badge({ label, className }: { label: string; className: string }) {
  return <span className={cx("inline-block whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium", className)}>{label}</span>;
}

/** Why a kind has no next run, in words that say what would give it one. */
function nextRunText(status: TSyncStatus, kind: Kind, nextRunAt: string | null): string {
  const c = status.connection;
  if (kind === "FULL") return "Only on demand";
  if (c.syncPausedAt) return "Paused until the key works again";
  if (!status.schedulesKnown) return "Unknown: the job queue did not answer";
  const every =
    kind === "REVIEWS" ? `every ${c.reviewsEveryMinutes} min`
      : kind === "METADATA" ? `every ${c.metadataEveryMinutes} min`
        : kind === "REVIEWS_DEEP" ? "daily at 03:30 UTC"
          : kind === "ANALYTICS" ? "daily at 07:30 UTC"
          : `daily at ${String(c.salesHourUtc).padStart(2, "0")}:00 UTC`;
  if (nextRunAt) return `${utc(nextRunAt)} (${every})`;
  if (kind === "SALES" && !c.vendorNumber) return "Needs a vendor number";
  if (c.status !== "WORKING") return "After a successful connection test";
  return "Not scheduled";
}

/** One row per kind: how its last run went and when it runs next. */
export function KindTable({ status, onRetry, busy }: { status: TSyncStatus; onRetry?: (kind: Kind) => void; busy: boolean }) {
  return (
    <Table caption="Last and next run of each kind of sync" head={["Sync", "Last run", "Results", "Next scheduled run"]}>
      {status.kinds.map(({ kind, lastRun, nextRunAt }) => (
        <tr key={kind} data-testid={`kind-${kind}`}>
          <th scope="row" className={cx(td, "font-medium text-slate-900")}>
            {KIND_LABEL[kind]}
            <p className="text-xs font-normal text-slate-500">{KIND_HINT[kind]}</p>
          </th>
          <td className={td}>
            {lastRun ? (
              <div className="space-y-1">
                <Badge {...RUN_STATUS[lastRun.status]} />
                <p className="text-xs text-slate-500">{utc(lastRun.finishedAt ?? lastRun.createdAt)} · {TRIGGER_LABEL[lastRun.trigger] ?? lastRun.trigger}</p>
              </div>
            ) : (
              <span className="text-slate-500">Never run</span>
            )}
          </td>
          <td className={td}>
            {lastRun && (
              <div className="space-y-1">
                <p className="tabular-nums text-slate-700">{counts(lastRun)}</p>
                {lastRun.retries > 0 && <p className="text-xs text-amber-800">{lastRun.retries} retried {lastRun.retries === 1 ? "request" : "requests"}{lastRun.lastRetryError ? `, last: ${lastRun.lastRetryError}` : ""}</p>}
                {lastRun.status === "FAILED" && (
                  <>
                    <p className="text-sm text-red-700">{lastRun.error ?? "Failed without a reason."}</p>
                    {onRetry && REQUESTABLE.includes(kind) && (
                      <Button variant="secondary" className="px-2.5 py-1 text-xs" disabled={busy} onClick={() => onRetry(kind)} aria-label={`Retry ${KIND_LABEL[kind].toLowerCase()}`}>
                        Retry
                      </Button>
                    )}
                  </>
                )}
              </div>
            )}
          </td>
          <td className={cx(td, "text-slate-600")}>{nextRunText(status, kind, nextRunAt)}</td>
        </tr>
      ))}
    </Table>
  );
}

/** Runs under way, each with a progress bar that the page's polling moves. */
export function RunningRuns({ runs }: { runs: TSyncRun[] }) {
  return (
    <ul className="space-y-4">
      {runs.map((r) => {
        const started = r.status === "RUNNING" && r.itemsTotal > 0;
        const labelId = `run-${r.id}-label`;
        return (
          <li key={r.id} className="space-y-1">
            <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
              <span id={labelId} className="font-medium text-slate-900">{KIND_LABEL[r.kind]}</span>
              <span className="text-slate-600">
                {started ? `${r.itemsDone} of ${r.itemsTotal} items${r.itemsFailed ? `, ${r.itemsFailed} failed` : ""}` : "Waiting to start"} · {counts(r)}
              </span>
            </div>
            <progress
              aria-labelledby={labelId}
              className="h-2 w-full appearance-none overflow-hidden rounded-full bg-slate-200 [&::-moz-progress-bar]:bg-brand-600 [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-brand-600"
              {...(started ? { value: r.itemsDone, max: r.itemsTotal } : {})}
            />
          </li>
        );
      })}
    </ul>
  );
}

export function HistoryTable({ runs }: { runs: TSyncRun[] }) {
  return (
    <Table caption="The last 50 sync runs, newest first" head={["Started", "Sync", "Status", "Items", "Results", "Took", "Reason"]}>
      {runs.map((r) => (
        <tr key={r.id}>
          <td className={cx(td, "whitespace-nowrap text-slate-600")}>{utc(r.startedAt ?? r.createdAt)}<p className="text-xs text-slate-500">{TRIGGER_LABEL[r.trigger] ?? r.trigger}</p></td>
          <td className={cx(td, "text-slate-900")}>{KIND_LABEL[r.kind]}</td>
          <td className={td}><Badge {...RUN_STATUS[r.status]} /></td>
          <td className={cx(td, "tabular-nums text-slate-700")}>{r.itemsDone}/{r.itemsTotal}{r.itemsFailed ? <span className="text-red-700"> ({r.itemsFailed} failed)</span> : null}</td>
          <td className={cx(td, "tabular-nums text-slate-700")}>{counts(r)}</td>
          <td className={cx(td, "whitespace-nowrap text-slate-600")}>{duration(r)}</td>
          <td className={cx(td, "text-slate-700")}>
            {r.error && <p className="text-red-700">{r.error}</p>}
            {r.retries > 0 && <p className="text-xs text-amber-800">{r.retries} retried{r.lastRetryError ? `: ${r.lastRetryError}` : ""}</p>}
          </td>
        </tr>
      ))}
    </Table>
  );
}

export function SalesDaysTable({ days }: { days: TSyncStatus["salesDays"] }) {
  return (
    <Table caption="Sales report of each of the last 30 days" head={["Day", "Status", "Rows", "Attempts", "Reason"]}>
      {days.map((d) => (
        <tr key={d.day}>
          <td className={cx(td, "whitespace-nowrap tabular-nums text-slate-900")}>{d.day}</td>
          <td className={td}><Badge {...SALES_STATUS[d.status]} /></td>
          <td className={cx(td, "tabular-nums")}>{d.rows.toLocaleString("en")}</td>
          <td className={cx(td, "tabular-nums")}>{d.attempts}</td>
          <td className={cx(td, d.status === "FAILED" ? "text-red-700" : "text-slate-600")}>{d.reason ?? ""}</td>
        </tr>
      ))}
    </Table>
  );
}
