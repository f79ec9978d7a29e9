"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import { callApi } from "@/app/_components/api";
import { EmptyState, FormError, PageHeader, Section } from "@/app/_components/ui";
import { ConfirmDelete, CopyDialog } from "./media-dialogs";
import { MediaHistory } from "./media-history";
import { LIMITS, screenshotType } from "@/lib/media/specs";
import { FINISHED, typeLabel, utc, type TAsset, type TColumn, type TKind, type TMediaChange, type TMediaGrid, type TRow, type TSet, type TUpload } from "./media-shapes";
import { cellKey, MediaTable, type CellKey } from "./media-table";
import { MediaTools } from "./media-tools";
import { precheckScreenshot } from "./precheck";
import { OverallProgress } from "./upload-progress";
import { useMediaUploads, type UploadTarget } from "./use-media-uploads";

type Where = { row: TRow; column: TColumn; kind: TKind };
const whereWords = (w: Where) => `${w.row.locale} ${typeLabel(w.kind, w.column.displayType, w.column.label)}`;

/**
 * Screenshots and previews of one app version: every locale's sets side by side, uploads
 * checked in the browser and again on the server before anything reaches Apple, progress
 * while the worker sends them, and the arranging tools. Readers see the same grid without
 * controls; a version Apple no longer lets change is shown read-only with the reason.
 */
export function MediaManager({ orgId, slug, initial, canEdit: roleCanEdit }: { orgId: string; slug: string; initial: TMediaGrid; canEdit: boolean }) {
  const router = useRouter();
  const [grid, setGrid] = useState(initial);
  const [history, setHistory] = useState<TMediaChange[]>([]);
  const [refusals, setRefusals] = useState<Record<CellKey, string[]>>({});
  const [zipRefusals, setZipRefusals] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [deleting, setDeleting] = useState<{ asset: TAsset; where: Where } | null>(null);
  const [copying, setCopying] = useState<{ set: TSet; where: Where } | null>(null);
  const [showAll, setShowAll] = useState(false);
  const [posterFrame, setPosterFrame] = useState("00:00:05:00");
  const base = `/api/orgs/${orgId}/apps/${grid.app.id}/media`;
  const versionId = grid.version?.id;
  const canEdit = roleCanEdit && grid.editable;

  const reload = useCallback(async () => {
    const [g, h] = await Promise.all([
      callApi<TMediaGrid>("GET", `${base}${versionId ? `?versionId=${encodeURIComponent(versionId)}` : ""}`),
      callApi<{ changes: TMediaChange[] }>("GET", `${base}/history`),
    ]);
    if (g.ok) setGrid(g.data);
    else setError(g.error.message);
    if (h.ok) setHistory(h.data.changes);
  }, [base, versionId]);
  useEffect(() => {
    // The history is read once the grid shows; it is read again after every change.
    void callApi<{ changes: TMediaChange[] }>("GET", `${base}/history`).then((h) => h.ok && setHistory(h.data.changes));
  }, [base]);
  // A finished batch is read back at once and again shortly after: the worker stores Apple's sets just after the last file completes.
  const settle = useCallback(() => {
    void reload();
    setTimeout(() => void reload(), 2000);
  }, [reload]);
  const uploads = useMediaUploads(base, initial.uploads.filter((u) => !FINISHED.has(u.status)), settle);

  const columns = useMemo(() => {
    const used = (kind: TKind, dt: string) => uploads.uploads.some((u) => u.kind === kind && u.displayType === dt) || grid.rows.some((r) => (kind === "SCREENSHOT" ? r.screenshots : r.previews)[dt]?.set);
    const shots = grid.columns.screenshots.filter((c) => showAll || c.required || used("SCREENSHOT", c.displayType));
    // Previews are optional; the ones of the required sizes show by default.
    const requiredPreviews = new Set(grid.columns.screenshots.filter((c) => c.required).map((c) => screenshotType(c.displayType)?.previewType));
    const previews = grid.columns.previews.filter((c) => showAll || requiredPreviews.has(c.displayType) || used("PREVIEW", c.displayType));
    return { shots, previews, hidden: grid.columns.screenshots.length + grid.columns.previews.length - shots.length - previews.length };
  }, [grid, showAll, uploads.uploads]);

  async function act<T>(method: string, url: string, body?: unknown) {
    setError(undefined);
    setNotice(undefined);
    setBusy(true);
    const res = await callApi<T>(method, url, body);
    setBusy(false);
    if (!res.ok) setError(res.error.message);
    return res;
  }

  async function sendFiles(w: Where, files: File[], replaces?: TAsset) {
    const key = cellKey(w.kind, w.row.localizationId, w.column.displayType);
    setRefusals((r) => ({ ...r, [key]: [] }));
    const set = (w.kind === "SCREENSHOT" ? w.row.screenshots : w.row.previews)[w.column.displayType]?.set;
    const held = (set?.assets.length ?? 0) + uploads.uploads.filter((u) => u.localizationId === w.row.localizationId && u.displayType === w.column.displayType && !FINISHED.has(u.status)).length;
    const max = set?.max ?? LIMITS[w.kind].max;
    const found: string[] = [];
    if (!replaces && held + files.length > max) found.push(`${whereWords(w)} takes at most ${max}; it holds ${held} and ${files.length} more would make ${held + files.length}.`);
    if (w.kind === "SCREENSHOT") for (const f of files) { const r = await precheckScreenshot(f, w.column.displayType); if (r) found.push(r); }
    if (found.length) return setRefusals((r) => ({ ...r, [key]: found }));
    const target: UploadTarget = { localizationId: w.row.localizationId, displayType: w.column.displayType, kind: w.kind, replacesAssetId: replaces?.id, previewFrameTimeCode: w.kind === "PREVIEW" ? posterFrame : undefined };
    const refused = await uploads.send(target, files);
    setRefusals((r) => ({ ...r, [key]: refused }));
  }

  async function reorder(set: TSet, assetIds: string[]) {
    // The new order shows at once; the page reads Apple's order back after the change.
    setGrid((g) => ({ ...g, rows: g.rows.map((r) => ({ ...r, screenshots: mapSet(r.screenshots, set.id, assetIds), previews: mapSet(r.previews, set.id, assetIds) })) }));
    const res = await act("PUT", `${base}/sets/${set.id}/order`, { assetIds });
    if (res.ok) setNotice("New order saved at App Store Connect.");
    await reload();
  }

  async function remove() {
    if (!deleting) return;
    const { asset, where } = deleting;
    const res = await act("DELETE", `${base}/assets/${asset.id}`);
    setDeleting(null);
    if (res.ok) setNotice(`${asset.fileName} was deleted from ${whereWords(where)}.`);
    await reload();
  }

  async function copy(localizationIds: string[]) {
    if (!copying) return;
    const { set, where } = copying;
    setCopying(null);
    const res = await act<{ batchId: string; uploads: TUpload[] }>("POST", `${base}/sets/${set.id}/copy`, { localizationIds });
    if (!res.ok) return;
    uploads.track(res.data.uploads);
    const names = grid.rows.filter((r) => localizationIds.includes(r.localizationId)).map((r) => r.locale);
    setNotice(`Copying ${whereWords(where)} to ${names.join(", ")}: ${res.data.uploads.length} uploads.`);
  }

  async function fill(baseLocale: string) {
    if (!versionId) return;
    const res = await act<{ batchId: string; uploads: TUpload[]; filled: { locale: string; displayType: string }[] }>("POST", `${base}/fill`, { versionId, baseLocale });
    if (!res.ok) return;
    uploads.track(res.data.uploads);
    setNotice(res.data.filled.length ? `Filling ${res.data.filled.map((f) => `${f.locale} ${typeLabel("SCREENSHOT", f.displayType)}`).join(", ")} from ${baseLocale}.` : `Every locale already has each set ${baseLocale} has.`);
  }

  async function importZip(zip: File) {
    if (!versionId) return;
    setError(undefined);
    setNotice(undefined);
    setBusy(true);
    const r = await uploads.importZip(versionId, zip);
    setBusy(false);
    setZipRefusals(r.refusals);
    if (r.queued) setNotice(`${zip.name}: ${r.queued} files queued for upload.`);
  }

  const actionsFor = (kind: TKind) => (row: TRow, column: TColumn) => {
    const w: Where = { row, column, kind };
    return {
      onFiles: (files: File[]) => void sendFiles(w, files),
      onReorder: (set: TSet, ids: string[]) => void reorder(set, ids),
      onReplace: (asset: TAsset, file: File) => void sendFiles(w, [file], asset),
      onDelete: (asset: TAsset) => setDeleting({ asset, where: w }),
      onCopy: (set: TSet) => setCopying({ set, where: w }),
    };
  };

  const appLink = `/o/${slug}/apps/${grid.app.id}`;
  const table = { rows: grid.rows, primaryLocale: grid.app.primaryLocale, uploads: uploads.uploads, refusals, canEdit, busy };
  return (
    <>
      <PageHeader
        title={`${grid.app.name}: screenshots & previews`}
        description={`${grid.app.bundleId ?? ""} · media synced ${utc(grid.app.mediaSyncedAt)}`}
        actions={<Link className="text-sm font-medium text-brand-700 hover:underline" href={`${appLink}${versionId ? `?version=${encodeURIComponent(versionId)}` : ""}`}>Metadata</Link>}
      />
      {!grid.version || grid.rows.length === 0 ? (
        <EmptyState title="No version synced yet">Screenshots and previews appear after the connection&apos;s next metadata sync (hourly, or Sync now on its Sync page).</EmptyState>
      ) : (
        <div className="space-y-6">
          <div className="flex flex-wrap items-end gap-4">
            <div>
              <label htmlFor="media-version" className="block text-sm font-medium text-slate-700">Version</label>
              <select id="media-version" value={versionId} onChange={(e) => router.push(`${appLink}/media?version=${encodeURIComponent(e.target.value)}`)} className="mt-1 block rounded-md border-0 bg-white py-2 pl-3 pr-8 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-500">
                {grid.versions.map((v) => <option key={v.id} value={v.id}>{`${v.versionString} (${(v.appVersionState ?? "").replaceAll("_", " ").toLowerCase()})`}</option>)}
              </select>
            </div>
            <label className="flex items-center gap-2 pb-2 text-sm text-slate-700">
              <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} className="h-4 w-4 rounded border-slate-300" />
              Show every display size{columns.hidden && !showAll ? ` (${columns.hidden} more)` : ""}
            </label>
          </div>
          {!grid.editable && <p className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">{grid.readOnlyReason ?? `Version ${grid.version.versionString} can no longer change its screenshots.`}</p>}
          {grid.editable && roleCanEdit && <p className="text-sm text-slate-600">Version {grid.version.versionString} is editable: uploads, moves and deletions reach App Store Connect at once.</p>}
          {!roleCanEdit && <p className="text-sm text-slate-600">Your role can see screenshots and previews; owners, admins and editors change them.</p>}
          <FormError message={error} />
          {notice && <p role="status" className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-800 ring-1 ring-slate-200">{notice}</p>}
          <OverallProgress uploads={uploads.uploads} onClear={uploads.clearFinished} />

          <Section id="screenshots" title="Screenshots" description="Drop PNG or JPEG files on a set; they are checked against Apple's sizes before anything is sent. Alt+← and Alt+→ move a focused screenshot.">
            <MediaTable kind="SCREENSHOT" caption={`Screenshots of version ${grid.version.versionString} per locale and display type`} columns={columns.shots} actionsFor={actionsFor("SCREENSHOT")} {...table} />
          </Section>

          <Section id="previews" title="App previews" description="MP4, MOV or M4V videos of 15 to 30 seconds. Apple processes each for some minutes before it shows.">
            {canEdit && (
              <div className="max-w-xs">
                <label htmlFor="poster-frame" className="block text-sm font-medium text-slate-700">Poster frame of new previews (hh:mm:ss:ff)</label>
                <input id="poster-frame" value={posterFrame} onChange={(e) => setPosterFrame(e.target.value)} pattern="\d\d:\d\d:\d\d:\d\d" className="mt-1 block w-full rounded-md border-0 px-3 py-2 font-mono text-sm ring-1 ring-slate-300" />
              </div>
            )}
            <MediaTable kind="PREVIEW" caption={`App previews of version ${grid.version.versionString} per locale and display type`} columns={columns.previews} actionsFor={actionsFor("PREVIEW")} {...table} />
          </Section>

          {canEdit && (
            <Section id="media-bulk" title="Bulk tools" description="Upload many locales at once from a fastlane folder, or fill the gaps from one locale.">
              <MediaTools locales={grid.rows.map((r) => r.locale)} primaryLocale={grid.app.primaryLocale} busy={busy} onImport={(f) => void importZip(f)} onFill={(b) => void fill(b)} />
              {zipRefusals.length > 0 && (
                <div role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
                  <p className="font-medium">Nothing was uploaded; {zipRefusals.length === 1 ? "one file was" : `${zipRefusals.length} files were`} refused:</p>
                  <ul className="mt-1 list-disc pl-5">{zipRefusals.map((r) => <li key={r}>{r}</li>)}</ul>
                </div>
              )}
            </Section>
          )}

          <Section id="media-history" title="History" description="Changes to screenshots and previews made from here, newest first.">
            <MediaHistory changes={history} />
          </Section>
        </div>
      )}
      <ConfirmDelete target={deleting && { fileName: deleting.asset.fileName, where: whereWords(deleting.where) }} versionString={grid.version?.versionString} busy={busy} onConfirm={() => void remove()} onClose={() => setDeleting(null)} />
      <CopyDialog
        source={copying && { where: whereWords(copying.where), count: copying.set.assets.length }}
        locales={copying ? grid.rows.filter((r) => r.localizationId !== copying.where.row.localizationId).map((r) => ({ localizationId: r.localizationId, locale: r.locale, hasSet: !!r.screenshots[copying.where.column.displayType]?.set })) : []}
        busy={busy}
        onCopy={(ids) => void copy(ids)}
        onClose={() => setCopying(null)}
      />
    </>
  );
}

function mapSet(cells: TRow["screenshots"], setId: string, assetIds: string[]): TRow["screenshots"] {
  return Object.fromEntries(
    Object.entries(cells).map(([k, c]) => [k, c?.set?.id === setId ? { ...c, set: { ...c.set, assets: assetIds.map((id) => c.set!.assets.find((a) => a.id === id)!).filter(Boolean) } } : c]),
  );
}
