"use client";

import { APP_INFO_FIELDS, FIELDS, VERSION_FIELDS, type FieldName } from "@/lib/metadata/fields";
import { cx } from "@/app/_components/ui";
import { FieldCell } from "./field-cell";
import { cellKey, shownValue, type TCell, type TGrid } from "./format";
import type { SaveState } from "./use-drafts";

/**
 * Locales down, fields across: the app information's fields, then the selected version's.
 * The header row and the locale column stay in view while the grid scrolls.
 */
export function LocaleGrid({ grid, typed, saves, canEdit, onEdit, onOpen }: {
  grid: TGrid;
  typed: Record<string, string>;
  saves: Record<string, SaveState>;
  canEdit: boolean;
  onEdit: (localizationId: string, field: FieldName, value: string) => void;
  onOpen: (locale: string, field: FieldName, cell: TCell) => void;
}) {
  const fields = [...APP_INFO_FIELDS, ...(grid.version ? VERSION_FIELDS : [])];
  const head = "border-b border-slate-200 bg-slate-50 px-3 py-2 text-xs font-medium uppercase tracking-wide text-slate-500";
  return (
    <div data-wide className="max-h-[75vh] overflow-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <table className="min-w-full border-separate border-spacing-0 text-left text-sm">
        <caption className="sr-only">Metadata per locale: app information{grid.version ? ` and version ${grid.version.versionString}` : ""}</caption>
        <thead className="sticky top-0 z-20">
          <tr>
            <th scope="col" rowSpan={2} className={cx(head, "sticky left-0 z-30 align-bottom")}>Locale</th>
            <th scope="colgroup" colSpan={APP_INFO_FIELDS.length} className={cx(head, "border-l text-slate-700")} title={grid.appInfo?.editable ? "The app information being prepared for the next version" : grid.appInfo?.readOnlyReason}>
              App information{grid.appInfo?.editable ? " (next version)" : grid.appInfo ? " (read-only)" : ""}
            </th>
            {grid.version && (
              <th scope="colgroup" colSpan={VERSION_FIELDS.length} className={cx(head, "border-l text-slate-700")}>Version {grid.version.versionString}</th>
            )}
          </tr>
          <tr>
            {fields.map((f, i) => (
              <th key={f} scope="col" className={cx(head, "normal-case tracking-normal", (i === 0 || f === VERSION_FIELDS[0]) && "border-l")}>
                {FIELDS[f].label} <span className="font-normal text-slate-400">({FIELDS[f].limit}{FIELDS[f].kind === "keywords" ? " bytes" : ""})</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {grid.rows.map((row) => {
            const shown = (f: FieldName) => {
              const c = row.cells[f];
              return c ? shownValue(c, typed[cellKey(c.localizationId, f)]) : "";
            };
            const contextName = shown("name");
            const contextSubtitle = shown("subtitle");
            return (
              <tr key={row.locale} data-testid={`locale-${row.locale}`}>
                <th scope="row" className="sticky left-0 z-10 border-b border-slate-100 bg-white px-3 py-2 align-top font-mono text-xs font-medium text-slate-700">
                  {row.locale}
                  {row.locale === grid.app.primaryLocale && <span className="mt-1 block font-sans font-normal text-slate-400">primary</span>}
                </th>
                {fields.map((f, i) => {
                  const c = row.cells[f];
                  return (
                    <td key={f} className={cx("border-b border-slate-100 px-2 py-1.5 align-top", (i === 0 || f === VERSION_FIELDS[0]) && "border-l")}>
                      {c ? (
                        <FieldCell
                          locale={row.locale}
                          field={f}
                          cell={c}
                          value={shown(f)}
                          save={saves[cellKey(c.localizationId, f)]}
                          canEdit={canEdit}
                          contextName={contextName}
                          contextSubtitle={contextSubtitle}
                          onEdit={onEdit}
                          onOpen={onOpen}
                        />
                      ) : (
                        <span className="text-xs text-slate-400" title={`This locale has no ${FIELDS[f].scope === "appInfo" ? "app information" : "version"} localization at App Store Connect.`}>
                          Not localised
                        </span>
                      )}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
