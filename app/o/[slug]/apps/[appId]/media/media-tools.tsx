"use client";

import { useState } from "react";
import { Button, inputClass } from "@/app/_components/ui";

/**
 * Many sets at once: a fastlane screenshots/ zip (screenshots/<locale>/<file>, the display
 * type found from each image's size, as fastlane does), and filling every locale that lacks
 * a set from a base locale.
 */
export function MediaTools({ locales, primaryLocale, busy, onImport, onFill }: {
  locales: string[];
  primaryLocale?: string | null;
  busy: boolean;
  onImport: (zip: File) => void;
  onFill: (baseLocale: string) => void;
}) {
  const [base, setBase] = useState(primaryLocale && locales.includes(primaryLocale) ? primaryLocale : (locales[0] ?? ""));
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <div className="space-y-2 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <h3 className="text-sm font-semibold text-slate-900">Import a fastlane screenshots folder</h3>
        <p className="text-sm text-slate-600">
          A zip of <code className="font-mono text-xs">screenshots/&lt;locale&gt;/&lt;name&gt;.png</code>. Every file is checked first; if any is refused, nothing is uploaded.
        </p>
        <label htmlFor="media-zip" className="block text-sm font-medium text-slate-700">Zip file</label>
        <input
          id="media-zip"
          type="file"
          accept=".zip,application/zip"
          disabled={busy}
          className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-1.5 file:text-sm file:font-medium"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = "";
            if (f) onImport(f);
          }}
        />
      </div>
      <div className="space-y-2 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <h3 className="text-sm font-semibold text-slate-900">Fill empty locales</h3>
        <p className="text-sm text-slate-600">Every locale without a set of a size the base locale has gets a copy of the base locale&apos;s set.</p>
        <div className="flex items-end gap-2">
          <div className="grow">
            <label htmlFor="fill-base" className="block text-sm font-medium text-slate-700">Base locale</label>
            <select id="fill-base" value={base} onChange={(e) => setBase(e.target.value)} className={`${inputClass} mt-1`}>
              {locales.map((l) => <option key={l} value={l}>{l}</option>)}
            </select>
          </div>
          <Button type="button" disabled={busy || !base} onClick={() => onFill(base)}>Fill every locale from {base}</Button>
        </div>
      </div>
    </div>
  );
}
