"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";
import { Button } from "@/app/_components/ui";

function useModal(open: boolean) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return ref;
}

function Modal({ id, open, title, children, onClose }: { id: string; open: boolean; title: string; children: ReactNode; onClose: () => void }) {
  const ref = useModal(open);
  return (
    <dialog ref={ref} onClose={onClose} aria-labelledby={`${id}-title`} className="m-auto w-full max-w-lg rounded-lg bg-white p-0 shadow-xl backdrop:bg-slate-900/40">
      {open && (
        <div className="space-y-4 p-5">
          <h2 id={`${id}-title`} className="text-base font-semibold text-slate-900">{title}</h2>
          {children}
        </div>
      )}
    </dialog>
  );
}

/** Deleting reaches Apple at once: the dialog says so before anything is sent. */
export function ConfirmDelete({ target, versionString, busy, onConfirm, onClose }: {
  target: { fileName: string; where: string } | null;
  versionString?: string;
  busy: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Modal id="delete-media" open={!!target} title={target ? `Delete ${target.fileName}?` : ""} onClose={onClose}>
      <p className="text-sm text-slate-700">
        {target?.fileName} is removed from {target?.where}
        {versionString ? ` of version ${versionString}` : ""} at App Store Connect.
        <strong className="font-medium"> Changes to media are live at Apple at once</strong>: there is no draft to review first, and
        the file can only come back by uploading it again.
      </p>
      <div className="flex justify-end gap-2">
        <Button type="button" variant="secondary" onClick={onClose}>Cancel</Button>
        <Button type="button" variant="danger" disabled={busy} onClick={onConfirm}>Delete at App Store Connect</Button>
      </div>
    </Modal>
  );
}

/** The locales to copy a set to: every other locale of the version, those without that set ticked first. */
export function CopyDialog({ source, locales, busy, onCopy, onClose }: {
  source: { where: string; count: number } | null;
  locales: { localizationId: string; locale: string; hasSet: boolean }[];
  busy: boolean;
  onCopy: (localizationIds: string[]) => void;
  onClose: () => void;
}) {
  const [picked, setPicked] = useState<string[]>([]);
  const open = !!source;
  return (
    <Modal id="copy-media" open={open} title={source ? `Copy ${source.where} to…` : ""} onClose={() => {
      setPicked([]);
      onClose();
    }}>
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (picked.length) onCopy(picked);
          setPicked([]);
        }}
      >
        <fieldset>
          <legend className="text-sm text-slate-700">
            The {source?.count} {source?.count === 1 ? "file is" : "files are"} uploaded to each locale picked, in the same order, after what it already holds.
          </legend>
          <div className="mt-3 grid grid-cols-2 gap-2">
            {locales.map((l) => (
              <label key={l.localizationId} className="flex items-center gap-2 text-sm text-slate-800">
                <input
                  type="checkbox"
                  checked={picked.includes(l.localizationId)}
                  onChange={(e) => setPicked((p) => (e.target.checked ? [...p, l.localizationId] : p.filter((x) => x !== l.localizationId)))}
                  className="h-4 w-4 rounded border-slate-300 text-brand-600 focus:ring-brand-500"
                />
                <span className="font-mono">{l.locale}</span>
                {l.hasSet && <span className="text-xs text-slate-500">(has some)</span>}
              </label>
            ))}
          </div>
          {locales.length === 0 && <p className="mt-2 text-sm text-slate-600">This version has no other locale.</p>}
        </fieldset>
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={() => {
            setPicked([]);
            onClose();
          }}>Cancel</Button>
          <Button type="submit" disabled={busy || picked.length === 0}>Copy to {picked.length || "no"} {picked.length === 1 ? "locale" : "locales"}</Button>
        </div>
      </form>
    </Modal>
  );
}
