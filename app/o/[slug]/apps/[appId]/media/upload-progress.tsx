"use client";

import { cx } from "@/app/_components/ui";
import { FINISHED, uploadFraction, uploadWords, type TUpload } from "./media-shapes";

export function ProgressBar({ label, value, failed }: { label: string; value: number; failed?: boolean }) {
  const pct = Math.round(value * 100);
  return (
    <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} className="h-1.5 w-full overflow-hidden rounded-full bg-slate-200">
      <div className={cx("h-full rounded-full transition-all", failed ? "bg-red-500" : pct === 100 ? "bg-emerald-500" : "bg-brand-600")} style={{ width: `${pct}%` }} />
    </div>
  );
}

/** Each file of a set on its way to Apple: a bar and where it stands. */
export function CellUploads({ uploads }: { uploads: TUpload[] }) {
  if (uploads.length === 0) return null;
  return (
    <ul className="space-y-1.5" aria-label="Uploads">
      {uploads.map((u) => (
        <li key={u.id} data-testid="media-upload" data-status={u.status} className="space-y-0.5">
          <div className="flex justify-between gap-2 text-xs">
            <span className="truncate text-slate-700" title={u.fileName}>{u.fileName}</span>
            <span className={cx("shrink-0", u.status === "FAILED" ? "text-red-700" : "text-slate-500")}>{uploadWords(u)}</span>
          </div>
          <ProgressBar label={`Upload of ${u.fileName}`} value={uploadFraction(u)} failed={u.status === "FAILED"} />
        </li>
      ))}
    </ul>
  );
}

/** Every upload started from this page: one bar for all, a count, and a way to clear the finished ones. */
export function OverallProgress({ uploads, onClear }: { uploads: TUpload[]; onClear: () => void }) {
  if (uploads.length === 0) return null;
  const done = uploads.filter((u) => u.status === "COMPLETE").length;
  const failed = uploads.filter((u) => u.status === "FAILED").length;
  const finished = uploads.every((u) => FINISHED.has(u.status));
  const value = uploads.reduce((s, u) => s + uploadFraction(u), 0) / uploads.length;
  return (
    <div className="space-y-2 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <div className="flex items-center justify-between gap-4 text-sm">
        <p role="status" className="text-slate-700">
          {finished ? "Uploads finished: " : "Uploading to App Store Connect: "}
          {done} of {uploads.length} done{failed ? `, ${failed} failed` : ""}
        </p>
        {finished && (
          <button type="button" className="text-sm font-medium text-brand-700 hover:underline" onClick={onClear}>Clear</button>
        )}
      </div>
      <ProgressBar label="All uploads" value={value} failed={finished && failed > 0} />
    </div>
  );
}
