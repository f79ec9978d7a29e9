import type { ReactNode } from "react";

/**
 * A history of changes, newest first: a table with a hidden caption and column headings
 * (an empty heading is an actions column, named for screen readers only), or a dashed
 * box saying nothing has changed yet.
 */
export function ChangeTable({ caption, empty, headings, rows }: { caption: string; empty: string; headings: string[]; rows: ReactNode[] }) {
  if (rows.length === 0) {
    return <p className="rounded-lg border-2 border-dashed border-slate-300 bg-white px-6 py-8 text-center text-sm text-slate-600">{empty}</p>;
  }
  const head = "px-3 py-2 font-medium";
  return (
    <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            {headings.map((h, i) => (
              <th key={i} scope="col" className={head}>
                {h || <span className="sr-only">Actions</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">{rows}</tbody>
      </table>
    </div>
  );
}

/** When a change was made and by whom, as the first cell of a row. */
export function WhenBy({ at, by }: { at: string; by: string | null }) {
  return (
    <td className="px-3 py-2 text-slate-600">
      <span className="block whitespace-nowrap">{at}</span>
      <span className="block text-xs">{by ?? "a former member"}</span>
    </td>
  );
}
