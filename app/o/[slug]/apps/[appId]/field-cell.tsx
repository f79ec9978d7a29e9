"use client";

import { memo } from "react";
import { FIELDS, keywordHints, lengthOf, valueProblems, type FieldName } from "@/lib/metadata/fields";
import { cx, inputClass } from "@/app/_components/ui";
import { cellId, utc, type TCell } from "./format";
import type { SaveState } from "./use-drafts";

export type CellProps = {
  locale: string;
  field: FieldName;
  cell: TCell;
  /** What the cell shows now: typed, else the draft, else the live value. */
  value: string;
  save?: SaveState;
  canEdit: boolean;
  /** Name and subtitle of the same locale, for the keyword hints. */
  contextName: string;
  contextSubtitle: string;
  /** Stable callbacks, so that typing in one cell re-renders that cell only. */
  onEdit: (localizationId: string, field: FieldName, value: string) => void;
  /** Opens the focused editor of a long field. */
  onOpen: (locale: string, field: FieldName, cell: TCell) => void;
};

/** The length against the limit in the unit Apple counts (UTF-8 bytes for keywords, characters otherwise), red when over. */
export function Counter({ id, field, value }: { id: string; field: FieldName; value: string }) {
  const f = FIELDS[field];
  const { n, unit } = lengthOf(field, value);
  const over = n > f.limit;
  return (
    <span id={id} className={cx("tabular-nums", over ? "font-semibold text-red-700" : "text-slate-500")} title={`${n} of ${f.limit} ${unit}${over ? ": over Apple's limit" : ""}`}>
      {n}/{f.limit}
      {unit === "bytes" && " bytes"}
    </span>
  );
}

export function SaveNote({ save }: { save?: SaveState }) {
  if (!save) return null;
  if (save.status === "error") return <span className="text-red-700">Not saved: {save.message}</span>;
  const words = { pending: "Editing…", saving: "Saving…", saved: "Saved" }[save.status];
  return <span className={save.status === "saved" ? "text-emerald-700" : "text-slate-500"}>{words}</span>;
}

/** Repeated words, words the name or subtitle already hold (Apple indexes those too), and spaces after commas. */
export function keywordHintLines(value: string, context: { name: string; subtitle: string }) {
  const h = keywordHints(value, context);
  return [
    h.duplicates.length > 0 && `Repeated: ${h.duplicates.join(", ")}.`,
    h.inNameOrSubtitle.length > 0 && `Already in the name or subtitle: ${h.inNameOrSubtitle.join(", ")}.`,
    h.spacesAfterCommas && "Spaces after commas count against the limit.",
  ].filter((x): x is string => !!x);
}

export function KeywordHints({ id, lines }: { id: string; lines: string[] }) {
  if (!lines.length) return null;
  return (
    <ul id={id} className="space-y-0.5 text-xs text-amber-800">
      {lines.map((t) => <li key={t}>{t}</li>)}
    </ul>
  );
}

/** Who changed the draft last and when, and Apple's reason if its last push failed. */
export function DraftNote({ cell }: { cell: TCell }) {
  if (!cell.draft) return null;
  const who = cell.draft.updatedBy ?? "a former member";
  return (
    <>
      <p className="truncate text-xs text-slate-500" title={`Draft changed by ${who}, ${utc(cell.draft.updatedAt)}`}>
        Draft {utc(cell.draft.updatedAt)} by {who}
      </p>
      {cell.draft.pushError && <p className="text-xs text-red-700">Last push refused: {cell.draft.pushError}</p>}
    </>
  );
}

/** The reason a field cannot change, as a tooltip and as text for screen readers. */
export function ReadOnlyNote({ id, cell }: { id: string; cell: TCell }) {
  if (cell.editable) return null;
  return (
    <span id={id} className="text-xs text-slate-500" title={cell.readOnlyReason}>
      <span aria-hidden="true">Read-only</span>
      <span className="sr-only">Read-only: {cell.readOnlyReason}</span>
    </span>
  );
}

/** Fixed widths keep the grid's columns steady whatever the values' lengths. */
const WIDTH = { text: "w-40", url: "w-44", keywords: "w-60", long: "w-44" } as const;

/** One field of one locale: an input for short fields, a preview that opens the focused editor for long ones. */
export const FieldCell = memo(function FieldCell(p: CellProps) {
  const { cell, field, locale, value } = p;
  const f = FIELDS[field];
  const id = cellId(cell.localizationId, field);
  const editable = p.canEdit && cell.editable;
  const problems = editable ? valueProblems(field, value) : [];
  const changed = value !== (cell.live ?? "");
  const hints = editable && f.kind === "keywords" ? keywordHintLines(value, { name: p.contextName, subtitle: p.contextSubtitle }) : [];
  const describedBy = [`${id}-count`, problems.length && `${id}-problems`, hints.length && `${id}-hints`, !cell.editable && `${id}-why`].filter(Boolean).join(" ");

  if (!p.canEdit) {
    return (
      <div className={cx("space-y-1", WIDTH[f.kind])}>
        <p className={cx("whitespace-pre-line break-words", f.kind === "long" && "line-clamp-3")}>{cell.live || <span className="text-slate-400">—</span>}</p>
        {cell.draft && <p className="break-words text-xs text-amber-800">Draft: {cell.draft.value || "(empty)"}</p>}
        <DraftNote cell={cell} />
      </div>
    );
  }

  return (
    <div className={cx("space-y-1", WIDTH[f.kind])}>
      {f.kind === "long" ? (
        <button
          type="button"
          id={id}
          onClick={() => p.onOpen(p.locale, p.field, p.cell)}
          aria-label={`${editable ? "Edit" : "Read"} ${f.label}, ${locale}`}
          aria-describedby={describedBy}
          title={cell.editable ? undefined : cell.readOnlyReason}
          className={cx(
            "block w-full rounded-md px-2 py-1 text-left text-sm ring-1 ring-inset hover:bg-slate-50 focus:outline-none focus:ring-2 focus:ring-brand-500",
            problems.length ? "ring-red-500" : "ring-slate-300",
            !cell.editable && "bg-slate-50 text-slate-600",
          )}
        >
          <span className="block truncate">{value || <span className="text-slate-400">Empty</span>}</span>
        </button>
      ) : (
        <input
          id={id}
          type={f.kind === "url" ? "url" : "text"}
          aria-label={`${f.label}, ${locale}`}
          value={value}
          readOnly={!cell.editable}
          onChange={(e) => p.onEdit(p.cell.localizationId, p.field, e.target.value)}
          aria-invalid={problems.length ? true : undefined}
          aria-describedby={describedBy}
          title={cell.editable ? undefined : cell.readOnlyReason}
          spellCheck={f.kind !== "url"}
          className={cx(inputClass, "px-2 py-1", !cell.editable && "bg-slate-50 text-slate-600")}
        />
      )}
      <div className="flex flex-wrap items-center justify-between gap-x-2 text-xs">
        <Counter id={`${id}-count`} field={field} value={value} />
        {cell.editable ? <SaveNote save={p.save} /> : <ReadOnlyNote id={`${id}-why`} cell={cell} />}
      </div>
      {problems.length > 0 && <p id={`${id}-problems`} className="text-xs text-red-700">{problems.join(" ")}</p>}
      <KeywordHints id={`${id}-hints`} lines={hints} />
      {changed && f.kind !== "long" && (
        <p className="truncate text-xs text-slate-400" title={cell.live ?? ""}>
          Live: {cell.live || "(empty)"}
        </p>
      )}
      {changed && f.kind === "long" && <p className="text-xs text-slate-400">Differs from live</p>}
      <DraftNote cell={cell} />
    </div>
  );
});
