"use client";

import { cx } from "@/app/_components/ui";
import { deliveryWords, type TAsset, type TKind } from "./media-shapes";

const small = "rounded px-1.5 py-0.5 text-xs font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100 disabled:opacity-40";
/** The drag payload of a thumbnail being reordered, distinct from files dragged in from outside. */
export const ASSET_DRAG_TYPE = "application/x-media-asset";

/**
 * One screenshot or preview in its set: the thumbnail Apple renders, its place in the order
 * and, for editors, the controls to move, replace and delete it. Alt+← and Alt+→ move the
 * focused thumbnail; it can also be dragged onto another one's place.
 */
export function AssetThumb({ asset, kind, index, count, accept, canEdit, busy, onMove, onDropAsset, onReplace, onDelete }: {
  asset: TAsset;
  kind: TKind;
  index: number;
  count: number;
  accept: string;
  canEdit: boolean;
  busy: boolean;
  onMove: (to: number) => void;
  onDropAsset: (draggedId: string) => void;
  onReplace: (file: File) => void;
  onDelete: () => void;
}) {
  const name = asset.fileName;
  const state = asset.deliveryState;
  const failed = state === "FAILED";
  const reason = asset.errors?.map((e) => e.description ?? e.code).filter(Boolean).join(" ");
  return (
    <li
      id={`asset-${asset.id}`}
      data-testid="media-asset"
      data-file-name={name}
      tabIndex={0}
      draggable={canEdit && !busy}
      aria-label={`${name}, ${index + 1} of ${count}${state !== "COMPLETE" ? `, ${deliveryWords(state, kind)}` : ""}`}
      aria-keyshortcuts={canEdit ? "Alt+ArrowLeft Alt+ArrowRight" : undefined}
      onKeyDown={(e) => {
        if (!canEdit || busy || !e.altKey || e.target !== e.currentTarget) return;
        const to = e.key === "ArrowLeft" ? index - 1 : e.key === "ArrowRight" ? index + 1 : -1;
        if (to < 0 || to >= count) return;
        e.preventDefault();
        onMove(to);
      }}
      onDragStart={(e) => {
        e.dataTransfer.setData(ASSET_DRAG_TYPE, asset.id);
        e.dataTransfer.effectAllowed = "move";
      }}
      onDragOver={(e) => {
        if (canEdit && e.dataTransfer.types.includes(ASSET_DRAG_TYPE)) e.preventDefault();
      }}
      onDrop={(e) => {
        const dragged = e.dataTransfer.getData(ASSET_DRAG_TYPE);
        if (!dragged) return;
        e.preventDefault();
        e.stopPropagation();
        if (dragged !== asset.id) onDropAsset(dragged);
      }}
      className="flex w-28 shrink-0 flex-col gap-1 rounded-md p-1 outline-none focus-visible:ring-2 focus-visible:ring-brand-500"
    >
      <div className={cx("flex h-32 items-center justify-center overflow-hidden rounded bg-slate-100 ring-1", failed ? "ring-red-400" : "ring-slate-200")}>
        {asset.thumbUrl ? (
          // Apple's image host serves renditions at any size; next/image would proxy them through our server.
          // eslint-disable-next-line @next/next/no-img-element
          <img src={asset.thumbUrl} alt="" loading="lazy" className="max-h-32 w-auto object-contain" />
        ) : (
          <span className="px-1 text-center text-xs text-slate-500">{deliveryWords(state, kind)}</span>
        )}
      </div>
      <span className="truncate text-xs text-slate-700" title={name}>
        <span className="tabular-nums text-slate-400">{index + 1}.</span> {name}
      </span>
      {state !== "COMPLETE" && <span className={cx("text-xs", failed ? "text-red-700" : "text-slate-500")}>{failed && reason ? `Failed: ${reason}` : deliveryWords(state, kind)}</span>}
      {canEdit && (
        <div className="flex flex-wrap gap-1">
          <button type="button" className={small} disabled={busy || index === 0} aria-label={`Move ${name} left`} onClick={() => onMove(index - 1)}>←</button>
          <button type="button" className={small} disabled={busy || index === count - 1} aria-label={`Move ${name} right`} onClick={() => onMove(index + 1)}>→</button>
          <input
            id={`replace-${asset.id}`}
            type="file"
            accept={accept}
            className="peer sr-only"
            disabled={busy}
            aria-label={`Replace ${name}`}
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = "";
              if (f) onReplace(f);
            }}
          />
          <label htmlFor={`replace-${asset.id}`} aria-hidden className={cx(small, "cursor-pointer peer-focus-visible:ring-2 peer-focus-visible:ring-brand-500")}>Replace</label>
          <button type="button" className={cx(small, "text-red-700")} disabled={busy} aria-label={`Delete ${name}`} onClick={onDelete}>Delete</button>
        </div>
      )}
    </li>
  );
}
