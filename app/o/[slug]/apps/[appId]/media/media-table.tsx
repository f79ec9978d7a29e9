"use client";

import { cx } from "@/app/_components/ui";
import { MediaCell, type CellActions } from "./media-cell";
import { acceptedSizes, typeLabel, type TColumn, type TKind, type TRow, type TUpload } from "./media-shapes";

export type CellKey = `${string}|${string}|${string}`;
export const cellKey = (kind: TKind, localizationId: string, displayType: string): CellKey => `${kind}|${localizationId}|${displayType}`;

/**
 * Locales down, display types across (the sizes Apple requires first), one set per cell.
 * The header names the sizes each display type accepts, from Apple's specifications.
 */
export function MediaTable({ kind, caption, columns, rows, primaryLocale, uploads, refusals, canEdit, busy, actionsFor }: {
  kind: TKind;
  caption: string;
  columns: TColumn[];
  rows: TRow[];
  primaryLocale?: string | null;
  uploads: TUpload[];
  refusals: Record<CellKey, string[]>;
  canEdit: boolean;
  busy: boolean;
  actionsFor: (row: TRow, column: TColumn) => CellActions;
}) {
  const head = "border-b border-slate-200 bg-slate-50 px-3 py-2 text-left text-xs font-medium text-slate-600";
  return (
    <div data-wide className="max-h-[80vh] overflow-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <table className="min-w-full border-separate border-spacing-0 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="sticky top-0 z-20">
          <tr>
            <th scope="col" className={cx(head, "sticky left-0 z-30")}>Locale</th>
            {columns.map((c) => {
              const sizes = acceptedSizes(kind, c.displayType);
              return (
                <th key={c.displayType} scope="col" className={cx(head, "border-l align-bottom")}>
                  <span className="block text-sm font-semibold text-slate-800">{typeLabel(kind, c.displayType, c.label)}</span>
                  {c.required && <span className="mr-1 rounded bg-slate-200 px-1.5 py-0.5 text-[11px] font-medium text-slate-700">Required</span>}
                  <a href={sizes.url} target="_blank" rel="noreferrer" className="font-normal text-slate-500 hover:underline" title={`Accepted sizes: ${sizes.words}`}>
                    {sizes.words.length > 40 ? `${sizes.words.slice(0, 38)}…` : sizes.words}
                  </a>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.localizationId} data-testid={`media-row-${row.locale}`}>
              <th scope="row" className="sticky left-0 z-10 border-b border-slate-100 bg-white px-3 py-2 text-left align-top font-mono text-xs font-medium text-slate-700">
                {row.locale}
                {row.locale === primaryLocale && <span className="mt-1 block font-sans font-normal text-slate-400">primary</span>}
              </th>
              {columns.map((c) => {
                const key = cellKey(kind, row.localizationId, c.displayType);
                const cells = kind === "SCREENSHOT" ? row.screenshots : row.previews;
                return (
                  <td key={c.displayType} className="border-b border-l border-slate-100 p-1.5 align-top">
                    <MediaCell
                      kind={kind}
                      locale={row.locale}
                      label={typeLabel(kind, c.displayType, c.label)}
                      required={!!c.required}
                      cell={cells[c.displayType]}
                      uploads={uploads.filter((u) => u.kind === kind && u.localizationId === row.localizationId && u.displayType === c.displayType)}
                      refusals={refusals[key] ?? []}
                      canEdit={canEdit}
                      busy={busy}
                      actions={actionsFor(row, c)}
                    />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
