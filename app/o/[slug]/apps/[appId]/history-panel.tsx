"use client";

import { FIELDS, type FieldName } from "@/lib/metadata/fields";
import { Button } from "@/app/_components/ui";
import { utc, type TChange } from "./format";

const Clamp = ({ value }: { value: string | null }) =>
  value ? <span className="line-clamp-2 whitespace-pre-line break-words" title={value}>{value}</span> : <span className="text-slate-400">Empty</span>;

/** Pushed changes, newest first; an editor can make the value before a change a draft again. */
export function HistoryPanel({ changes, canEdit, busy, onRevert }: { changes: TChange[]; canEdit: boolean; busy: boolean; onRevert: (c: TChange) => void }) {
  if (changes.length === 0) {
    return <p className="rounded-lg border-2 border-dashed border-slate-300 bg-white px-6 py-8 text-center text-sm text-slate-600">Nothing has been pushed from here yet.</p>;
  }
  const head = "px-3 py-2 font-medium";
  return (
    <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Pushed changes, newest first</caption>
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className={head}>When and by whom</th>
            <th scope="col" className={head}>Locale</th>
            <th scope="col" className={head}>Field</th>
            <th scope="col" className={head}>Before</th>
            <th scope="col" className={head}>After</th>
            {canEdit && <th scope="col" className={head}><span className="sr-only">Actions</span></th>}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {changes.map((c) => {
            const label = FIELDS[c.field as FieldName]?.label ?? c.field;
            return (
              <tr key={c.id}>
                <td className="px-3 py-2 text-slate-600">
                  <span className="block whitespace-nowrap">{utc(c.pushedAt)}</span>
                  <span className="block text-xs">{c.pushedByEmail ?? "a former member"}</span>
                </td>
                <td className="px-3 py-2 font-mono text-xs text-slate-700">{c.locale}</td>
                <td className="px-3 py-2 text-slate-700">
                  {label}
                  {c.versionString && <span className="block text-xs text-slate-500">version {c.versionString}</span>}
                </td>
                <td className="max-w-64 px-3 py-2 text-slate-600"><Clamp value={c.oldValue} /></td>
                <td className="max-w-64 px-3 py-2 text-slate-800"><Clamp value={c.newValue} /></td>
                {canEdit && (
                  <td className="whitespace-nowrap px-3 py-2 text-right">
                    <Button type="button" variant="secondary" className="px-2.5 py-1 text-xs" disabled={busy} aria-label={`Revert ${c.locale} ${label} to the value before this change`} onClick={() => onRevert(c)}>
                      Revert
                    </Button>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
