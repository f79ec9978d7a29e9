"use client";

import { useEffect, useRef } from "react";
import { FIELDS, valueProblems, type FieldName } from "@/lib/metadata/fields";
import { Button, cx, inputClass } from "@/app/_components/ui";
import { Counter, DraftNote, ReadOnlyNote, SaveNote } from "./field-cell";
import type { TCell } from "./format";
import type { SaveState } from "./use-drafts";

export type LongTarget = { locale: string; field: FieldName; cell: TCell };

/**
 * The focused editor of a long field (description, what's new, promotional text): a
 * large text area with its counter, and what App Store Connect holds now beneath it.
 */
export function LongFieldDialog({ target, value, save, canEdit, onEdit, onClose }: { target: LongTarget | null; value: string; save?: SaveState; canEdit: boolean; onEdit: (v: string) => void; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (target && !d.open) d.showModal();
    if (!target && d.open) d.close();
  }, [target]);

  const f = target ? FIELDS[target.field] : null;
  const editable = !!target && canEdit && target.cell.editable;
  const problems = target && editable ? valueProblems(target.field, value) : [];
  const id = "long-field";
  return (
    <dialog ref={ref} onClose={onClose} aria-labelledby={`${id}-title`} className="m-auto w-full max-w-3xl rounded-lg bg-white p-0 shadow-xl backdrop:bg-slate-900/40">
      {target && f && (
        <div className="space-y-4 p-5">
          <h2 id={`${id}-title`} className="text-base font-semibold text-slate-900">
            {f.label} · <span className="font-mono">{target.locale}</span>
          </h2>
          <div className="space-y-1">
            <label htmlFor={id} className="sr-only">{`${f.label}, ${target.locale}`}</label>
            <textarea
              id={id}
              rows={f.limit > 1000 ? 14 : 5}
              value={value}
              readOnly={!editable}
              onChange={(e) => onEdit(e.target.value)}
              aria-invalid={problems.length ? true : undefined}
              aria-describedby={[`${id}-count`, problems.length && `${id}-problems`, !target.cell.editable && `${id}-why`].filter(Boolean).join(" ")}
              className={cx(inputClass, "font-sans leading-relaxed", !editable && "bg-slate-50 text-slate-600")}
            />
            <div className="flex items-center justify-between gap-2 text-xs">
              <Counter id={`${id}-count`} field={target.field} value={value} />
              {target.cell.editable ? <SaveNote save={save} /> : <ReadOnlyNote id={`${id}-why`} cell={target.cell} />}
            </div>
            {problems.length > 0 && <p id={`${id}-problems`} className="text-sm text-red-700">{problems.join(" ")}</p>}
            {!target.cell.editable && <p className="text-sm text-slate-600">{target.cell.readOnlyReason}</p>}
            <DraftNote cell={target.cell} />
          </div>
          <div>
            <h3 className="text-sm font-medium text-slate-700">On the App Store now</h3>
            <p className="mt-1 max-h-40 overflow-y-auto whitespace-pre-wrap break-words rounded-md bg-slate-50 p-3 text-sm text-slate-600 ring-1 ring-slate-200">
              {target.cell.live || <span className="text-slate-400">Empty</span>}
            </p>
          </div>
          <div className="flex justify-end">
            <Button type="button" onClick={() => ref.current?.close()}>Done</Button>
          </div>
        </div>
      )}
    </dialog>
  );
}
