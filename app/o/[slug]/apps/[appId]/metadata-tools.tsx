"use client";

import { useState } from "react";
import { FIELDS, FIELD_NAMES, type FieldName } from "@/lib/metadata/fields";
import { callApi } from "@/app/_components/api";
import { Button, FormError, inputClass } from "@/app/_components/ui";
import type { TGrid } from "./format";

type Preview = {
  changes: { locale: string; field: FieldName; from: string; to: string }[];
  problems: { file: string; message: string }[];
  ignored: string[];
  applied: boolean;
};

const clip = (v: string) => (v.length > 60 ? `${v.slice(0, 60)}…` : v || "(empty)");

async function toBase64(file: File) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** fastlane import with a preview, and the export link. */
function FastlaneTools({ base, versionId, canEdit, onChanged }: { base: string; versionId?: string; canEdit: boolean; onChanged: () => void }) {
  const [zip, setZip] = useState<string>();
  const [preview, setPreview] = useState<Preview>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function send(apply: boolean, data = zip) {
    if (!data) return;
    setBusy(true);
    setError(undefined);
    try {
      const res = await fetch(`${base}/import`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ zip: data, versionId, apply }), credentials: "same-origin" });
      const json = await res.json().catch(() => null);
      if (json && Array.isArray(json.problems)) {
        setPreview(json as Preview);
        if ((json as Preview).applied) onChanged();
      } else setError(json?.error?.message ?? `The server answered ${res.status}.`);
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-3">
      <p className="text-sm">
        <a className="font-medium text-brand-700 hover:underline" href={`${base}/export${versionId ? `?versionId=${encodeURIComponent(versionId)}` : ""}`} download>
          Export as fastlane metadata (.zip)
        </a>
        <span className="text-slate-500"> — drafts where there are drafts, live values elsewhere.</span>
      </p>
      {canEdit && (
        <div className="space-y-2">
          <label htmlFor="fastlane-zip" className="block text-sm font-medium text-slate-700">Import a fastlane metadata folder (.zip)</label>
          <input
            id="fastlane-zip"
            type="file"
            accept=".zip,application/zip"
            className="block text-sm"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              setPreview(undefined);
              if (!file) return;
              if (file.size > 5 * 1024 * 1024) {
                setError("The zip is larger than 5 MB.");
                return;
              }
              const data = await toBase64(file);
              setZip(data);
              await send(false, data);
            }}
          />
          <FormError message={error} />
          {preview && (
            <div className="space-y-2 rounded-md bg-slate-50 p-3 text-sm ring-1 ring-slate-200" aria-live="polite">
              {preview.problems.length > 0 && (
                <div role="alert" className="text-red-800">
                  <p className="font-medium">Nothing can be imported until these files are fixed:</p>
                  <ul className="list-disc pl-5">{preview.problems.map((p) => <li key={p.file}><span className="font-mono text-xs">{p.file}</span>: {p.message}</li>)}</ul>
                </div>
              )}
              {preview.applied ? (
                <p className="text-emerald-800">Imported {preview.changes.length} change{preview.changes.length === 1 ? "" : "s"} as drafts.</p>
              ) : preview.changes.length === 0 && preview.problems.length === 0 ? (
                <p>The folder matches what the editor shows: nothing to import.</p>
              ) : (
                preview.changes.length > 0 && (
                  <>
                    <p className="font-medium">{preview.changes.length} change{preview.changes.length === 1 ? "" : "s"}:</p>
                    <ul className="max-h-48 list-disc overflow-auto pl-5">
                      {preview.changes.map((c) => <li key={`${c.locale}-${c.field}`}>{c.locale} · {FIELDS[c.field].label}: {clip(c.from)} → {clip(c.to)}</li>)}
                    </ul>
                    {preview.problems.length === 0 && <Button type="button" disabled={busy} onClick={() => void send(true)}>Import as drafts</Button>}
                  </>
                )
              )}
              {preview.ignored.length > 0 && <p className="text-slate-500">Ignored (not edited here): {preview.ignored.join(", ")}</p>}
            </div>
          )}
        </div>
      )}
    </div>
  );
}

/** Adds a locale at App Store Connect with the fields Apple requires. */
function AddLocale({ base, versionId, onChanged }: { base: string; versionId?: string; onChanged: () => void }) {
  const [form, setForm] = useState({ locale: "", name: "", description: "", keywords: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setForm({ ...form, [k]: e.target.value });
  return (
    <form
      className="grid gap-2 sm:grid-cols-2"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setMessage(undefined);
        const res = await callApi<{ locale: string; created: string[] }>("POST", `${base}/locales`, { ...form, keywords: form.keywords || undefined, versionId });
        setBusy(false);
        if (res.ok) {
          setErrors({});
          setForm({ locale: "", name: "", description: "", keywords: "" });
          setMessage(`Added ${res.data.locale} at App Store Connect (${res.data.created.join(" and ")}).`);
          onChanged();
        } else {
          setErrors(res.error.fields ?? (res.error.field ? { [res.error.field]: res.error.message } : {}));
          setMessage(res.error.message);
        }
      }}
    >
      {(["locale", "name", "keywords"] as const).map((k) => (
        <label key={k} className="text-sm text-slate-700">
          {k === "locale" ? "Locale (e.g. it, pt-BR)" : k === "name" ? "Name (required)" : "Keywords"}
          <input value={form[k]} onChange={set(k)} aria-invalid={!!errors[k]} className={inputClass} />
          {errors[k] && <span className="text-xs text-red-700">{errors[k]}</span>}
        </label>
      ))}
      <label className="text-sm text-slate-700 sm:col-span-2">
        Description (required)
        <textarea value={form.description} onChange={set("description")} aria-invalid={!!errors.description} rows={3} className={inputClass} />
        {errors.description && <span className="text-xs text-red-700">{errors.description}</span>}
      </label>
      <div className="flex items-center gap-3 sm:col-span-2">
        <Button type="submit" disabled={busy}>Add locale</Button>
        {message && <p role="status" className="text-sm text-slate-700">{message}</p>}
      </div>
    </form>
  );
}

/** Copies one field from a locale to others, as drafts. */
function CopyField({ base, grid, onChanged }: { base: string; grid: TGrid; onChanged: () => void }) {
  const locales = grid.rows.map((r) => r.locale);
  const [field, setField] = useState<FieldName>("promotionalText");
  const [from, setFrom] = useState(locales[0] ?? "");
  const [to, setTo] = useState<string[]>([]);
  const [message, setMessage] = useState<string>();
  return (
    <form
      className="space-y-2"
      onSubmit={async (e) => {
        e.preventDefault();
        const res = await callApi<{ saved: number }>("POST", `${base}/copy`, { field, fromLocale: from, toLocales: to, versionId: grid.version?.id });
        if (res.ok) {
          setMessage(`Copied to ${to.length} locale${to.length === 1 ? "" : "s"} as drafts.`);
          setTo([]);
          onChanged();
        } else setMessage(Object.values(res.error.fields ?? {})[0] ?? res.error.message);
      }}
    >
      <div className="flex flex-wrap gap-3">
        <label className="text-sm text-slate-700">
          Field
          <select value={field} onChange={(e) => setField(e.target.value as FieldName)} className={inputClass}>
            {FIELD_NAMES.map((f) => <option key={f} value={f}>{FIELDS[f].label}</option>)}
          </select>
        </label>
        <label className="text-sm text-slate-700">
          From
          <select value={from} onChange={(e) => setFrom(e.target.value)} className={inputClass}>
            {locales.map((l) => <option key={l} value={l}>{l}</option>)}
          </select>
        </label>
      </div>
      <fieldset className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        <legend className="mb-1 text-sm text-slate-700">To</legend>
        {locales.filter((l) => l !== from).map((l) => (
          <label key={l} className="inline-flex items-center gap-1">
            <input type="checkbox" checked={to.includes(l)} onChange={(e) => setTo(e.target.checked ? [...to, l] : to.filter((x) => x !== l))} />
            {l}
          </label>
        ))}
      </fieldset>
      <div className="flex items-center gap-3">
        <Button type="submit" variant="secondary" disabled={to.length === 0}>Copy as drafts</Button>
        {message && <p role="status" className="text-sm text-slate-700">{message}</p>}
      </div>
    </form>
  );
}

/** Bulk work on an app's metadata: fastlane import and export, a new locale, a field copied to many locales. */
export function MetadataTools({ base, grid, canEdit, onChanged }: { base: string; grid: TGrid; canEdit: boolean; onChanged: () => void }) {
  return (
    <div className="grid gap-6 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 lg:grid-cols-3">
      <div>
        <h3 className="mb-2 text-sm font-semibold text-slate-900">fastlane metadata</h3>
        <FastlaneTools base={base} versionId={grid.version?.id} canEdit={canEdit} onChanged={onChanged} />
      </div>
      {canEdit && (
        <>
          <div>
            <h3 className="mb-2 text-sm font-semibold text-slate-900">Add a locale</h3>
            <p className="mb-2 text-xs text-slate-500">
              {grid.appInfo?.editable
                ? `Added to the app information being prepared and to version ${grid.version?.versionString ?? "shown"}; it goes live with that version.`
                : "Apple adds locales only to the app information and version being prepared; there is none now."}
            </p>
            <AddLocale base={base} versionId={grid.version?.id} onChanged={onChanged} />
          </div>
          <div>
            <h3 className="mb-2 text-sm font-semibold text-slate-900">Copy a field to other locales</h3>
            <CopyField base={base} grid={grid} onChanged={onChanged} />
          </div>
        </>
      )}
    </div>
  );
}
