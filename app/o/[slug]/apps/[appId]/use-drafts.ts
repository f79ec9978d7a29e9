"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { FieldName } from "@/lib/metadata/fields";
import { callApi } from "@/app/_components/api";
import { cellKey } from "./format";

/** Quiet time after the last keystroke before a cell is saved. */
const SAVE_AFTER_MS = 700;

export type SaveState = { status: "pending" | "saving" | "saved" | "error"; message?: string };
type Edit = { localizationId: string; field: FieldName };

/**
 * What has been typed in the grid and its autosave: each changed cell is saved on its own
 * (a PUT of that one edit) once typing pauses. Saves of a cell run one after another, and
 * only the answer for its latest value decides what the cell shows.
 */
export function useDrafts(draftsUrl: string, onSaved: () => void) {
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [saves, setSaves] = useState<Record<string, SaveState>>({});
  const latest = useRef(new Map<string, string>());
  const timers = useRef(new Map<string, { edit: Edit; timer: ReturnType<typeof setTimeout> }>());
  const chains = useRef(new Map<string, Promise<void>>());
  const savedHook = useRef(onSaved);
  useEffect(() => {
    savedHook.current = onSaved;
  }, [onSaved]);

  const setSave = (key: string, s: SaveState) => setSaves((all) => ({ ...all, [key]: s }));

  const save = useCallback(
    (edit: Edit) => {
      const key = cellKey(edit.localizationId, edit.field);
      timers.current.delete(key);
      const run = (chains.current.get(key) ?? Promise.resolve()).then(async () => {
        const value = latest.current.get(key) ?? "";
        setSave(key, { status: "saving" });
        const res = await callApi<{ saved: number; cleared: number }>("PUT", draftsUrl, { edits: [{ ...edit, value }] });
        // A newer value is waiting for its own save, which will report.
        if (latest.current.get(key) !== value) return;
        if (res.ok) {
          setSave(key, { status: "saved" });
          savedHook.current();
        } else {
          setSave(key, { status: "error", message: res.error.fields?.["edits.0.value"] ?? res.error.message });
        }
      });
      chains.current.set(key, run);
      return run;
    },
    [draftsUrl],
  );

  const edit = useCallback(
    (localizationId: string, field: FieldName, value: string) => {
      const key = cellKey(localizationId, field);
      latest.current.set(key, value);
      setTyped((all) => ({ ...all, [key]: value }));
      setSave(key, { status: "pending" });
      clearTimeout(timers.current.get(key)?.timer);
      timers.current.set(key, { edit: { localizationId, field }, timer: setTimeout(() => void save({ localizationId, field }), SAVE_AFTER_MS) });
    },
    [save],
  );

  /** Saves whatever is still waiting for its pause, and resolves when every save has answered. */
  const flush = useCallback(async () => {
    for (const { edit: e, timer } of [...timers.current.values()]) {
      clearTimeout(timer);
      void save(e);
    }
    await Promise.all([...chains.current.values()]);
  }, [save]);

  /** Forgets what was typed (the server's drafts and live values show again), except cells waiting for their save. */
  const forgetTyped = useCallback(() => {
    const waiting = (k: string) => timers.current.has(k);
    setTyped((all) => Object.fromEntries(Object.entries(all).filter(([k]) => waiting(k))));
    setSaves((all) => Object.fromEntries(Object.entries(all).filter(([k]) => waiting(k))));
    for (const k of [...latest.current.keys()]) if (!waiting(k)) latest.current.delete(k);
  }, []);

  const summary = useMemo(() => {
    const list = Object.values(saves);
    return {
      busy: list.some((s) => s.status === "pending" || s.status === "saving"),
      failed: list.filter((s) => s.status === "error").length,
      saved: list.some((s) => s.status === "saved"),
    };
  }, [saves]);

  // Leaving with edits not yet saved asks first.
  useEffect(() => {
    if (!summary.busy) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [summary.busy]);

  return { typed, saves, edit, flush, forgetTyped, summary };
}
