import { compactRange } from "@/lib/analytics/figures";
import type { TAnalyticsView } from "./format";

/**
 * What to keep in mind reading the figures: each app whose reports are not arriving (and
 * why), days Apple sent nothing for, and the notes that hold for all of Apple's figures.
 */
export function AnalyticsStatus({ view }: { view: TAnalyticsView }) {
  const states = view.status.filter((s) => s.words);
  const arriving = view.status.length === 1 ? `Apple's analytics reports for ${view.status[0].appName} arrive daily.` : "Apple's analytics reports arrive daily for every app.";
  return (
    <div className="space-y-3">
      <div role="status" data-testid="analytics-status" className={states.length ? "rounded-lg bg-amber-50 p-4 text-sm text-amber-900 ring-1 ring-amber-200" : "text-sm text-slate-600"}>
        {states.length ? (
          <ul className="space-y-1">
            {states.map((s) => (
              <li key={s.appId}>{s.words}</li>
            ))}
          </ul>
        ) : (
          <p>{view.status.length ? arriving : "No apps to show."}</p>
        )}
      </div>
      {view.missingDays.length > 0 && (
        <p data-testid="analytics-missing-days" className="rounded-lg bg-slate-50 p-3 text-sm text-slate-700 ring-1 ring-slate-200">
          No data from Apple for {view.missingDays.map(compactRange).join(", ")}: those days count as nothing.
        </p>
      )}
      <ul aria-label="About these figures" className="space-y-0.5 text-xs text-slate-500">
        {view.about.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </div>
  );
}
