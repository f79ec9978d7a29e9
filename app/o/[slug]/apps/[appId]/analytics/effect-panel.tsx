"use client";

import { useEffect, useId, useState } from "react";
import type { Effect } from "@/lib/analytics/effect";
import { changeWithInterval, pointsWords, rateWords, relativeWords } from "@/lib/analytics/effect-words";
import { longDay } from "@/lib/dates";
import type { Marker } from "@/lib/analytics/markers";
import { Button, inputClass } from "@/app/_components/ui";

const WINDOWS = [7, 14, 28] as const;
const ALL = "";
const count = (n: number) => n.toLocaleString("en-GB");

/** The answer for one query: the panel shows "Loading…" while the query asked differs. */
type Load = { query: string } & ({ state: "error"; message: string } | { state: "done"; effect: Effect });

/**
 * What a change did to conversion: before against after in the territories showing the
 * chosen locale, with the 95% interval in words, the split into traffic mix and conversion
 * within each source, the table per source, and what weakens the comparison.
 */
export function EffectPanel({ orgId, appId, marker, onClose }: { orgId: string; appId: string; marker: Marker; onClose: () => void }) {
  const titleId = useId();
  const [days, setDays] = useState<number>(14);
  const fallback = marker.kind === "release" ? ALL : (marker.locales[0] ?? ALL);
  const [chosen, setLocale] = useState<string>(fallback);
  // Another marker opened in the same panel: a locale it does not have falls back to its first.
  const locale = chosen === ALL ? fallback : marker.locales.includes(chosen) ? chosen : fallback;
  const [answer, setAnswer] = useState<Load | null>(null);
  const query = `/api/orgs/${orgId}/apps/${appId}/analytics/markers/${encodeURIComponent(marker.id)}/effect?${new URLSearchParams({ window: String(days), ...(locale ? { locale } : {}) })}`;
  const load = answer?.query === query ? answer : { state: "loading" as const };

  useEffect(() => {
    const abort = new AbortController();
    fetch(query, { signal: abort.signal })
      .then(async (res) => {
        const body = await res.json();
        if (!res.ok) throw new Error(body?.error?.message ?? `The effect could not be loaded (${res.status}).`);
        setAnswer({ query, state: "done", effect: body as Effect });
      })
      .catch((e: unknown) => {
        if (!abort.signal.aborted) setAnswer({ query, state: "error", message: e instanceof Error ? e.message : "The effect could not be loaded." });
      });
    return () => abort.abort();
  }, [query]);

  return (
    <section role="dialog" aria-labelledby={titleId} data-testid="effect-panel" className="rounded-lg bg-white p-5 shadow-lg ring-1 ring-slate-200">
      <div className="mb-4 flex items-start justify-between gap-4">
        <div>
          <h2 id={titleId} className="text-base font-semibold text-slate-900">Effect of “{marker.title}”</h2>
          <p className="mt-1 text-sm text-slate-600">
            {new Date(marker.at).toUTCString().replace(" GMT", " UTC")}
            {marker.by && <> by {marker.by}</>}. It can show in traffic from {longDay(marker.day)}.
          </p>
          {marker.rating && (
            <p className="mt-1 text-sm text-slate-600">
              Version {marker.rating.versionString}: {count(marker.rating.reviews)} {marker.rating.reviews === 1 ? "review" : "reviews"}
              {marker.rating.average !== null && <>, {marker.rating.average.toFixed(2)} ★ on average</>}.
            </p>
          )}
        </div>
        <Button type="button" variant="secondary" onClick={onClose} aria-label="Close the effect panel">Close</Button>
      </div>

      <div className="mb-4 flex flex-wrap items-end gap-3">
        <label className="text-sm text-slate-700">
          <span className="block font-medium">Days before and after</span>
          <select className={`${inputClass} mt-1 w-auto`} value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {WINDOWS.map((w) => <option key={w} value={w}>{w} days</option>)}
          </select>
        </label>
        <label className="text-sm text-slate-700">
          <span className="block font-medium">Locale</span>
          <select className={`${inputClass} mt-1 w-auto`} value={locale} onChange={(e) => setLocale(e.target.value)}>
            {marker.kind === "release" && <option value={ALL}>All territories</option>}
            {marker.locales.map((l) => <option key={l} value={l}>{l}</option>)}
          </select>
        </label>
        <p className="text-sm text-slate-500" aria-live="polite">{load.state === "loading" ? "Loading…" : ""}</p>
      </div>

      {load.state === "error" && <p role="alert" className="text-sm text-red-700">{load.message}</p>}
      {load.state === "done" && <EffectBody effect={load.effect} />}
    </section>
  );
}

function EffectBody({ effect: e }: { effect: Effect }) {
  const c = e.conversion;
  const span = (w: { from: string; to: string; days: number }) => `${longDay(w.from)} to ${longDay(w.to)} (${w.days} ${w.days === 1 ? "day" : "days"} counted)`;
  return (
    <div className="space-y-4 text-sm text-slate-700">
      <dl className="grid gap-3 sm:grid-cols-2">
        <div className="rounded-md bg-slate-50 p-3">
          <dt className="text-xs uppercase tracking-wide text-slate-500">Before</dt>
          <dd className="text-lg font-semibold text-slate-900">{rateWords(c.before)}</dd>
          <dd className="text-xs text-slate-500">{span(e.before)}; {count(e.samples.downloadsBefore)} first-time downloads of {count(e.samples.impressionsBefore)} impressions</dd>
        </div>
        <div className="rounded-md bg-slate-50 p-3">
          <dt className="text-xs uppercase tracking-wide text-slate-500">After</dt>
          <dd className="text-lg font-semibold text-slate-900">{rateWords(c.after)}</dd>
          <dd className="text-xs text-slate-500">{span(e.after)}; {count(e.samples.downloadsAfter)} first-time downloads of {count(e.samples.impressionsAfter)} impressions</dd>
        </div>
      </dl>

      <p>
        Conversion (first-time downloads ÷ impressions) changed by <strong data-testid="effect-relative-change">{relativeWords(c.relativeChange)}</strong>{" "}
        <span data-testid="effect-ci">{c.ci95 ? `(95% CI ${relativeWords(c.ci95[0])} to ${relativeWords(c.ci95[1])})` : "(no interval: too little data)"}</span>, {pointsWords(c.change)}.{" "}
        {c.relativeChange !== null && (c.significant ? "The interval excludes no change: this is unlikely to be chance." : "The interval includes no change: this may be chance.")}
      </p>
      <p>
        <span data-testid="effect-mix">Traffic mix moved: {pointsWords(e.decomposition.mix)}</span>;{" "}
        <span data-testid="effect-within">Conversion within each source moved: {pointsWords(e.decomposition.within)}</span>.
      </p>

      <div className="overflow-x-auto rounded-md ring-1 ring-slate-200">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Conversion per source type, before and after</caption>
          <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">Source</th>
              <th scope="col" className="px-3 py-2 font-medium">Share before → after</th>
              <th scope="col" className="px-3 py-2 font-medium">Conversion before → after</th>
              <th scope="col" className="px-3 py-2 font-medium">Change (95% CI)</th>
              <th scope="col" className="px-3 py-2 font-medium">Impressions before / after</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {e.decomposition.bySource.map((s) => (
              <tr key={s.sourceType} data-testid={`effect-source-${s.sourceType}`}>
                <th scope="row" className="px-3 py-2 font-medium text-slate-800">{s.sourceType}</th>
                <td className="px-3 py-2">{rateWords(s.shareBefore)} → {rateWords(s.shareAfter)}</td>
                <td className="px-3 py-2">{rateWords(s.conversionBefore)} → {rateWords(s.conversionAfter)}</td>
                <td className="px-3 py-2" data-testid="source-change">{changeWithInterval(s.relativeChange, s.ci95)}</td>
                <td className="px-3 py-2">{count(s.impressionsBefore)} / {count(s.impressionsAfter)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <div data-testid="effect-warnings">
        {e.warnings.length > 0 ? (
          <ul className="list-disc space-y-1 rounded-md bg-amber-50 py-2 pl-8 pr-3 text-amber-900">
            {e.warnings.map((w) => <li key={w}>{w}</li>)}
          </ul>
        ) : (
          <p className="text-slate-500">No other change falls inside either window, and every day asked for is counted.</p>
        )}
      </div>

      <p className="text-xs text-slate-500">
        Territories counted: {e.territories.join(", ") || "none"}. {e.territorySource.replace(/(https:\/\/\S+)$/, "")}
        {/https:\/\/\S+$/.test(e.territorySource) && (
          <a className="underline" href={e.territorySource.match(/https:\/\/\S+$/)![0]} target="_blank" rel="noreferrer">App Store Connect Help</a>
        )}
        {e.excludedDays.length > 0 && <> Left out: {e.excludedDays.map(longDay).join(", ")} (the day of the change, or counts not final yet).</>}
      </p>
    </div>
  );
}
