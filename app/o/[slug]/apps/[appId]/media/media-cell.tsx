"use client";

import { useEffect, useState } from "react";
import { LIMITS } from "@/lib/media/specs";
import { cx } from "@/app/_components/ui";
import { ASSET_DRAG_TYPE, AssetThumb } from "./asset-thumb";
import type { TAsset, TCell, TKind, TSet, TUpload } from "./media-shapes";
import { CellUploads } from "./upload-progress";

export const ACCEPT = { SCREENSHOT: "image/png,image/jpeg,.png,.jpg,.jpeg", PREVIEW: "video/mp4,video/quicktime,video/x-m4v,.mp4,.mov,.m4v" } as const;

export type CellActions = {
  onFiles: (files: File[]) => void;
  onReorder: (set: TSet, assetIds: string[], focusId: string) => void;
  onReplace: (asset: TAsset, file: File) => void;
  onDelete: (asset: TAsset) => void;
  onCopy: (set: TSet) => void;
};

/**
 * One set of one locale: its count against Apple's limit, the thumbnails in order, the
 * uploads on their way, refusals, and a drop zone for files (a file input for the keyboard
 * and for pickers). A required size that is missing is highlighted.
 */
export function MediaCell({ kind, locale, label, required, cell, uploads, refusals, canEdit, busy, actions }: {
  kind: TKind;
  locale: string;
  label: string;
  required: boolean;
  cell: TCell | undefined;
  uploads: TUpload[];
  refusals: string[];
  canEdit: boolean;
  busy: boolean;
  actions: CellActions;
}) {
  const [over, setOver] = useState(false);
  const [focusId, setFocusId] = useState<string>();
  const set = cell?.set ?? null;
  const assets = set?.assets ?? [];
  const max = set?.max ?? LIMITS[kind].max;
  const noun = kind === "SCREENSHOT" ? "screenshots" : "previews";
  const name = `${locale} ${label}`;
  const inputId = `add-${kind}-${locale}-${label}`.replace(/[^A-Za-z0-9-]/g, "_");
  const missing = cell?.missingRequired ?? (required && assets.length === 0);
  const order = assets.map((a) => a.id).join(",");

  // After a move the thumbnail keeps the keyboard focus, wherever it now sits.
  useEffect(() => {
    if (focusId) document.getElementById(`asset-${focusId}`)?.focus();
  }, [focusId, order]);

  const move = (from: number, to: number) => {
    if (!set || to < 0 || to >= assets.length || from === to) return;
    const ids = assets.map((a) => a.id);
    const [id] = ids.splice(from, 1);
    ids.splice(to, 0, id);
    setFocusId(id);
    actions.onReorder(set, ids, id);
  };

  return (
    <div
      data-testid={`media-cell-${locale}-${label}`}
      role="group"
      aria-label={`${name} ${noun}`}
      onDragOver={(e) => {
        if (!canEdit || !e.dataTransfer.types.includes("Files")) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        if (!canEdit || e.dataTransfer.types.includes(ASSET_DRAG_TYPE)) return;
        e.preventDefault();
        setOver(false);
        const files = [...e.dataTransfer.files];
        if (files.length) actions.onFiles(files);
      }}
      className={cx(
        "min-w-60 space-y-2 rounded-md p-2",
        missing ? "bg-amber-50 ring-1 ring-amber-300" : "bg-white",
        over && "ring-2 ring-brand-500",
      )}
    >
      <div className="flex items-center justify-between gap-2 text-xs">
        <span className="tabular-nums text-slate-600" aria-label={`${assets.length} of ${max} ${noun}`}>{assets.length}/{max}</span>
        {missing && <span className="rounded-full bg-amber-100 px-2 py-0.5 font-medium text-amber-900">Required size missing</span>}
      </div>
      {assets.length > 0 && (
        <ol aria-label={`${name} ${noun} in order`} className="flex gap-1 overflow-x-auto pb-1">
          {assets.map((a, i) => (
            <AssetThumb
              key={a.id}
              asset={a}
              kind={kind}
              index={i}
              count={assets.length}
              accept={ACCEPT[kind]}
              canEdit={canEdit}
              busy={busy}
              onMove={(to) => move(i, to)}
              onDropAsset={(dragged) => move(assets.findIndex((x) => x.id === dragged), i)}
              onReplace={(f) => actions.onReplace(a, f)}
              onDelete={() => actions.onDelete(a)}
            />
          ))}
        </ol>
      )}
      <CellUploads uploads={uploads} />
      {refusals.length > 0 && (
        <ul role="alert" className="space-y-1 rounded bg-red-50 px-2 py-1.5 text-xs text-red-800 ring-1 ring-red-200">
          {refusals.map((r) => <li key={r}>{r}</li>)}
        </ul>
      )}
      {canEdit && (
        <div className="flex flex-wrap items-center gap-2">
          <input
            id={inputId}
            type="file"
            multiple
            accept={ACCEPT[kind]}
            className="peer sr-only"
            disabled={busy || assets.length >= max}
            aria-label={`Add ${noun} to ${name}`}
            onChange={(e) => {
              const files = [...(e.target.files ?? [])];
              e.target.value = "";
              if (files.length) actions.onFiles(files);
            }}
          />
          <label
            htmlFor={inputId}
            aria-hidden
            className="cursor-pointer rounded border border-dashed border-slate-300 px-2 py-1 text-xs text-slate-600 hover:border-brand-500 hover:text-brand-700 peer-focus-visible:ring-2 peer-focus-visible:ring-brand-500 peer-disabled:cursor-not-allowed peer-disabled:opacity-50"
          >
            {assets.length >= max ? `Full (${max})` : `Drop or choose ${noun}`}
          </label>
          {/* Apple serves previews only as streams, so only screenshot sets can be copied. */}
          {set && assets.length > 0 && kind === "SCREENSHOT" && (
            <button type="button" disabled={busy} className="text-xs font-medium text-brand-700 hover:underline disabled:opacity-50" aria-label={`Copy ${name} ${noun} to other locales`} onClick={() => actions.onCopy(set)}>
              Copy to…
            </button>
          )}
        </div>
      )}
    </div>
  );
}
