"use client";

import { FIELDS, type FieldName } from "@/lib/metadata/fields";
import { ChangeTable, WhenBy } from "@/app/_components/change-table";
import { Button } from "@/app/_components/ui";
import { utc, type TChange } from "./format";

const Clamp = ({ value }: { value: string | null }) =>
  value ? <span className="line-clamp-2 whitespace-pre-line break-words" title={value}>{value}</span> : <span className="text-slate-400">Empty</span>;

/** Pushed changes, newest first; an editor can make the value before a change a draft again. */
export function HistoryPanel({ changes, canEdit, busy, onRevert }: { changes: TChange[]; canEdit: boolean; busy: boolean; onRevert: (c: TChange) => void }) {
  return (
    <ChangeTable
      caption="Pushed changes, newest first"
      empty="Nothing has been pushed from here yet."
      headings={["When and by whom", "Locale", "Field", "Before", "After", ...(canEdit ? [""] : [])]}
      rows={changes.map((c) => {
        const label = FIELDS[c.field as FieldName]?.label ?? c.field;
        return (
          <tr key={c.id}>
            <WhenBy at={utc(c.pushedAt)} by={c.pushedByEmail} />
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
    />
  );
}
