"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { cx, inputClass } from "@/app/_components/ui";
import { listParam, toggled, withFilter, type FilterKey, type TChoices, type TReviewCounts } from "./filters";

type Navigate = (query: string, opts?: { replace?: boolean }) => void;

/** Waiting time after the last keystroke in the search box before the list is asked for. */
const SEARCH_AFTER_MS = 400;

function Chip({ pressed, onClick, name, children }: { pressed: boolean; onClick: () => void; name: string; children: React.ReactNode }) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      aria-label={name}
      onClick={onClick}
      className={cx(
        "inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-inset transition",
        pressed ? "bg-brand-600 text-white ring-brand-600" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50",
      )}
    >
      {children}
    </button>
  );
}

const Count = ({ n, pressed }: { n: number; pressed: boolean }) => <span className={cx("tabular-nums", pressed ? "text-brand-100" : "text-slate-500")}>{n.toLocaleString("en-US")}</span>;

const reviewsWord = (n: number) => `${n.toLocaleString("en-US")} ${n === 1 ? "review" : "reviews"}`;

/**
 * The inbox's filters. Each control writes the URL (so a view can be shared or
 * bookmarked) and the server answers with the matching first page.
 */
export function FilterBar({ query, choices, counts, navigate, pending, clearHref }: { query: string; choices: TChoices; counts: TReviewCounts; navigate: Navigate; pending: boolean; clearHref: string }) {
  const params = new URLSearchParams(query);
  const set = (key: FilterKey, value: string | null, opts?: { replace?: boolean }) => navigate(withFilter(params, key, value), opts);
  const ratings = listParam(params.get("rating"));
  const replied = params.get("replied");
  const assigned = params.get("assigned");
  const connection = params.get("connection");
  const territory = params.get("territory") ?? "";
  const apps = connection ? choices.apps.filter((a) => a.connectionId === connection) : choices.apps;
  const active = [...params.keys()].length > 0;

  return (
    // Sticky where there is room for it: on a phone the bar would cover half the list.
    <div className="z-20 -mx-4 mb-4 border-b border-slate-200 bg-slate-50/95 px-4 py-3 backdrop-blur sm:-mx-8 sm:px-8 lg:sticky lg:top-0">
      <div role="search" aria-label="Filter reviews" className="flex flex-wrap items-end gap-2">
        <SearchBox value={params.get("q") ?? ""} onSearch={(q, replace) => set("q", q, { replace })} />
        <Select label="App" value={params.get("app") ?? ""} onChange={(v) => set("app", v)} all="All apps" options={apps.map((a) => [a.id, a.name])} />
        {choices.connections.length > 1 && (
          <Select label="Connection" value={connection ?? ""} onChange={(v) => set("connection", v)} all="All connections" options={choices.connections.map((c) => [c.id, c.name])} />
        )}
        <Select
          label="Territory"
          value={territory}
          onChange={(v) => set("territory", v)}
          all="All territories"
          // A shared link may name several territories; the menu shows them as one choice.
          options={[...(territory.includes(",") ? [[territory, territory.replaceAll(",", ", ")] as [string, string]] : []), ...choices.territories.map((t) => [t, t] as [string, string])]}
        />
        <DateInput label="From" value={params.get("from") ?? ""} onChange={(v) => set("from", v)} />
        <DateInput label="To" value={params.get("to") ?? ""} onChange={(v) => set("to", v)} />
      </div>
      <div className="mt-3 flex flex-wrap items-center gap-x-5 gap-y-2">
        <div role="group" aria-label="Rating" className="flex flex-wrap items-center gap-1.5">
          {[1, 2, 3, 4, 5].map((n) => {
            const on = ratings.includes(String(n));
            const c = counts.rating[n as 1 | 2 | 3 | 4 | 5];
            return (
              <Chip key={n} pressed={on} name={`${n} ${n === 1 ? "star" : "stars"}, ${reviewsWord(c)}`} onClick={() => set("rating", toggled(ratings, String(n)))}>
                {n}★ <Count n={c} pressed={on} />
              </Chip>
            );
          })}
        </div>
        <div role="group" aria-label="Reply" className="flex flex-wrap items-center gap-1.5">
          <Chip pressed={replied === "no"} name={`Unreplied, ${reviewsWord(counts.replied.no)}`} onClick={() => set("replied", replied === "no" ? null : "no")}>
            Unreplied <Count n={counts.replied.no} pressed={replied === "no"} />
          </Chip>
          <Chip pressed={replied === "yes"} name={`Replied, ${reviewsWord(counts.replied.yes)}`} onClick={() => set("replied", replied === "yes" ? null : "yes")}>
            Replied <Count n={counts.replied.yes} pressed={replied === "yes"} />
          </Chip>
        </div>
        <div role="group" aria-label="Assignment" className="flex flex-wrap items-center gap-1.5">
          <Chip pressed={assigned === "me"} name={`Assigned to me, ${reviewsWord(counts.assigned.me)}`} onClick={() => set("assigned", assigned === "me" ? null : "me")}>
            Assigned to me <Count n={counts.assigned.me} pressed={assigned === "me"} />
          </Chip>
          <Chip pressed={assigned === "none"} name={`Unassigned, ${reviewsWord(counts.assigned.none)}`} onClick={() => set("assigned", assigned === "none" ? null : "none")}>
            Unassigned <Count n={counts.assigned.none} pressed={assigned === "none"} />
          </Chip>
        </div>
        <p className="ml-auto flex items-center gap-3 text-sm text-slate-600" aria-live="polite">
          {pending ? <span>Updating…</span> : <span>{reviewsWord(counts.total)}</span>}
          {active && (
            <Link href={clearHref} scroll={false} className="font-medium text-brand-700 hover:underline">
              Clear filters
            </Link>
          )}
        </p>
      </div>
    </div>
  );
}

function Select({ label, value, onChange, all, options }: { label: string; value: string; onChange: (v: string | null) => void; all: string; options: [string, string][] }) {
  const id = `filter-${label.toLowerCase()}`;
  return (
    <div className="w-40">
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-600">
        {label}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value || null)} className={cx(inputClass, "py-1.5")}>
        <option value="">{all}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

function DateInput({ label, value, onChange }: { label: string; value: string; onChange: (v: string | null) => void }) {
  const id = `filter-${label.toLowerCase()}`;
  return (
    <div className="w-36">
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-600">
        {label}
      </label>
      <input id={id} type="date" value={value} onChange={(e) => onChange(e.target.value || null)} className={cx(inputClass, "py-1.5")} />
    </div>
  );
}

/** Searches as you type (after a pause), or at once on Enter. */
function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string | null, replace: boolean) => void }) {
  const [text, setText] = useState(value);
  const [seen, setSeen] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  // The URL changed under the box (Clear filters, back button): show what it holds now.
  if (value !== seen) {
    setSeen(value);
    if (text.trim() !== value) setText(value);
  }
  useEffect(() => () => clearTimeout(timer.current), []);
  const run = (q: string, replace: boolean) => {
    clearTimeout(timer.current);
    if (q.trim() !== value) onSearch(q.trim() || null, replace);
  };
  return (
    <form
      className="min-w-48 flex-1"
      onSubmit={(e) => {
        e.preventDefault();
        run(text, false);
      }}
    >
      <label htmlFor="filter-q" className="mb-1 block text-xs font-medium text-slate-600">
        Search reviews
      </label>
      <input
        id="filter-q"
        type="search"
        value={text}
        placeholder="Words in the title or text"
        maxLength={200}
        onChange={(e) => {
          const q = e.target.value;
          setText(q);
          clearTimeout(timer.current);
          timer.current = setTimeout(() => run(q, true), SEARCH_AFTER_MS);
        }}
        className={cx(inputClass, "py-1.5")}
      />
    </form>
  );
}
