import Link from "next/link";
import type { ReactNode } from "react";
import type { Figure, TConnectionOverview } from "@/lib/overview/summary";
import { cx } from "@/app/_components/ui";
import { percent, pointsWords } from "./analytics/format";
import { compactRange, count, longDay, money } from "./sales/format";

// The connections list's words and colours; that list is a client module, so they are repeated here.
const STATUS: Record<string, { label: string; className: string }> = {
  UNTESTED: { label: "Untested", className: "bg-slate-100 text-slate-700" },
  WORKING: { label: "Working", className: "bg-green-100 text-green-800" },
  FAILING: { label: "Failing", className: "bg-red-100 text-red-800" },
  REVOKED: { label: "Revoked", className: "bg-amber-100 text-amber-900" },
};
const linkClass = "font-medium text-brand-700 hover:underline";
const AREA: Record<string, string> = { apps: "Apps", metadata: "Metadata", reviews: "Reviews", sales: "Sales", clock: "Clock" };
const KIND: Record<string, string> = { FULL: "Full sync", METADATA: "Metadata", REVIEWS: "Reviews", REVIEWS_DEEP: "All reviews", SALES: "Sales" };
const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

/** One part of a card: a heading and what it says. */
function Part({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <div data-testid={testId} className="space-y-1">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</h3>
      <div className="text-sm text-slate-700">{children}</div>
    </div>
  );
}

function Figures({ figures, label }: { figures: Figure[]; label: string }) {
  return (
    <ul aria-label={label} className="flex flex-wrap gap-x-4 gap-y-1">
      {figures.map((f) => (
        <li key={f.currency} data-testid={`sales-${f.currency}`}>
          <span className="font-semibold tabular-nums text-slate-900" data-testid="proceeds">{money(f.proceeds, f.currency)}</span>{" "}
          <span className="text-slate-600">
            (<span data-testid="units">{count(f.units)}</span> units)
          </span>
        </li>
      ))}
    </ul>
  );
}

/** First-time downloads per impression over Apple's last 30 days, against the 30 days before. */
function Conversion({ slug, conversion: t }: { slug: string; conversion: NonNullable<TConnectionOverview["conversion"]> }) {
  if (t.state === "not_set_up") {
    return (
      <Part title="Conversion, last 30 days" testId="overview-conversion">
        <p>Analytics not set up yet: Apple has sent no analytics for this connection&apos;s apps.</p>
      </Part>
    );
  }
  const change = pointsWords(t.change);
  return (
    <Part title="Conversion, last 30 days" testId="overview-conversion">
      <p>
        <span className="font-semibold tabular-nums text-slate-900" data-testid="conversion-rate">{percent(t.conversionRate)}</span>
        {change && <span className="text-slate-600"> ({change} vs the 30 days before)</span>}
      </p>
      <p className="text-slate-600">
        {count(t.firstTimeDownloads)} first-time downloads from {count(t.impressions)} impressions, {compactRange(t)}.
      </p>
      <Link className={linkClass} href={`/o/${slug}/analytics?${new URLSearchParams({ from: t.from, to: t.to })}`}>
        Analytics
      </Link>
    </Part>
  );
}

function Sales({ slug, c, sales }: { slug: string; c: TConnectionOverview; sales: NonNullable<TConnectionOverview["sales"]> }) {
  const y = sales.yesterday;
  const link = (day: string) => `/o/${slug}/sales?${new URLSearchParams({ from: day, to: day, connection: c.id })}`;
  return (
    <Part title={`Sales yesterday, ${longDay(y.day)}`} testId="overview-sales">
      {sales.off ? (
        <p>{sales.off}</p>
      ) : y.status === "FETCHED" || y.status === "NO_SALES" ? (
        y.figures.length ? <Figures figures={y.figures} label={`Proceeds and units of ${c.name} on ${longDay(y.day)}`} /> : <p>No sales that day.</p>
      ) : (
        <>
          <p>{y.reason ?? "The day's report is not in yet."}</p>
          {sales.latest && (
            <div className="mt-1" data-testid="overview-sales-latest">
              <p>Latest report, {longDay(sales.latest.day)}:</p>
              {sales.latest.figures.length ? <Figures figures={sales.latest.figures} label={`Proceeds and units of ${c.name} on ${longDay(sales.latest.day)}`} /> : <p>No sales that day.</p>}
            </div>
          )}
        </>
      )}
      {!sales.off && (
        <Link className={linkClass} href={link(sales.latest?.day ?? y.day)}>
          Sales of {c.name}
        </Link>
      )}
    </Part>
  );
}

/** Everything the organisation's first page says about one connection, each part linking to its page. */
export function ConnectionCard({ slug, c }: { slug: string; c: TConnectionOverview }) {
  const headingId = `overview-${c.id}`;
  const inbox = (extra: Record<string, string>) => `/o/${slug}/reviews?${new URLSearchParams({ connection: c.id, replied: "no", ...extra })}`;
  const syncPage = `/o/${slug}/connections/${c.id}/sync`;
  return (
    <li>
      <article aria-labelledby={headingId} data-testid={`overview-card-${c.name}`} className="h-full space-y-4 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <div className="flex flex-wrap items-center gap-2">
          <h2 id={headingId} className="text-base font-semibold text-slate-900">{c.name}</h2>
          {c.health && <span className={cx("rounded-full px-2 py-0.5 text-xs font-medium", STATUS[c.health.status].className)}>{STATUS[c.health.status].label}</span>}
        </div>

        {c.health && (
          <Part title="Health" testId="overview-health">
            {c.health.statusReason && <p className="text-red-700">{c.health.statusReason}</p>}
            {c.health.syncPausedAt && <p className="text-red-700">Syncing is paused: App Store Connect refused the key. A successful test starts it again.</p>}
            {c.health.problems.length ? (
              <ul aria-label={`What the key of ${c.name} may not do`} className="list-disc space-y-0.5 pl-5">
                {c.health.problems.map((p) => (
                  <li key={`${p.area}-${p.source}`} data-area={p.area}>
                    <span className="font-medium">{AREA[p.area]}:</span> {p.reason}
                  </li>
                ))}
              </ul>
            ) : (
              !c.health.statusReason && !c.health.syncPausedAt && <p>{c.health.testedAt ? "No problems found." : "Not tested yet."}</p>
            )}
            <Link className={linkClass} href={`/o/${slug}/connections`}>
              Connection settings of {c.name}
            </Link>
          </Part>
        )}

        {c.reviews && (
          <Part title="Reviews" testId="overview-reviews">
            <ul className="space-y-0.5">
              <li>
                <Link className={linkClass} href={inbox({})} data-testid="unreplied">
                  {plural(c.reviews.unreplied, "unreplied review")}
                </Link>
              </li>
              <li>
                <Link className={linkClass} href={inbox({ rating: "1,2" })} data-testid="unreplied-low">
                  {`${count(c.reviews.unrepliedLow)} of them rated 1★ or 2★`}
                </Link>
              </li>
            </ul>
          </Part>
        )}

        {c.drafts && (
          <Part title="Drafts to push" testId="overview-drafts">
            {c.drafts.total === 0 ? (
              <p>No drafts waiting.</p>
            ) : (
              <ul className="space-y-0.5">
                {c.drafts.apps.map((a) => (
                  <li key={a.appId}>
                    <Link className={linkClass} href={`/o/${slug}/apps/${a.appId}`}>
                      {`${plural(a.drafts, "draft")} of ${a.appName}`}
                    </Link>
                    {a.failedPushes > 0 && <span className="text-red-700"> · {plural(a.failedPushes, "refused push", "refused pushes")}</span>}
                  </li>
                ))}
              </ul>
            )}
          </Part>
        )}

        {c.media && (c.media.underWay > 0 || c.media.failed > 0) && (
          <Part title="Screenshot uploads" testId="overview-media">
            <ul className="space-y-0.5">
              {c.media.apps.map((a) => (
                <li key={a.appId}>
                  <Link className={linkClass} href={`/o/${slug}/apps/${a.appId}/media`}>
                    {[a.underWay ? `${count(a.underWay)} under way` : "", a.failed ? `${count(a.failed)} failed` : ""].filter(Boolean).join(", ")} for {a.appName}
                  </Link>
                </li>
              ))}
            </ul>
          </Part>
        )}

        {c.sales && <Sales slug={slug} c={c} sales={c.sales} />}

        {c.conversion && <Conversion slug={slug} conversion={c.conversion} />}

        {c.failingSyncs && (
          <Part title="Syncs" testId="overview-syncs">
            {c.failingSyncs.length ? (
              <ul aria-label={`Failing syncs of ${c.name}`} className="space-y-0.5">
                {c.failingSyncs.map((s) => (
                  <li key={s.kind} className="text-red-700">
                    <span className="font-medium">{KIND[s.kind]}</span> failed{s.error ? `: ${s.error}` : "."}
                  </li>
                ))}
              </ul>
            ) : (
              <p>No failing syncs.</p>
            )}
            <Link className={linkClass} href={syncPage}>
              Sync page of {c.name}
            </Link>
          </Part>
        )}
      </article>
    </li>
  );
}
