"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { FIELDS, type FieldName } from "@/lib/metadata/fields";
import { callApi } from "@/app/_components/api";
import { Button, EmptyState, FormError, PageHeader, Section } from "@/app/_components/ui";
import { cellKey, shownValue, stateWords, utc, type PushReport, type TChange, type TGrid } from "./format";
import { HistoryPanel } from "./history-panel";
import { LocaleGrid } from "./locale-grid";
import { LongFieldDialog } from "./long-field-dialog";
import { MetadataTools } from "./metadata-tools";
import { PushReportView, type Choice } from "./push-report";
import { pendingDrafts, ReviewPush } from "./review-push";
import { useDrafts } from "./use-drafts";

/**
 * The metadata editor of one app: the locale grid of the app information and one version,
 * drafts saved as you type, a review of every draft against App Store Connect's value, the
 * push with its report (conflicts settled here), and the history with revert. Members who
 * may only read see the same grid without any of the controls.
 */
export function MetadataEditor({ orgId, slug, initial, initialHistory, canEdit, canSeeMedia, canSeeAnalytics = false, needsApproval = false }: { orgId: string; slug: string; initial: TGrid; initialHistory: TChange[]; canEdit: boolean; canSeeMedia: boolean; canSeeAnalytics?: boolean; needsApproval?: boolean }) {
  const router = useRouter();
  const [grid, setGrid] = useState(initial);
  const [history, setHistory] = useState(initialHistory);
  const [longField, setLongField] = useState<{ locale: string; field: FieldName; localizationId: string } | null>(null);
  const [reviewing, setReviewing] = useState(false);
  const [report, setReport] = useState<PushReport | null>(null);
  const [resolved, setResolved] = useState<Record<string, Choice>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const base = `/api/orgs/${orgId}/apps/${grid.app.id}/metadata`;
  const versionQuery = grid.version ? `?versionId=${encodeURIComponent(grid.version.id)}` : "";

  const reload = useCallback(async () => {
    const res = await callApi<TGrid>("GET", `${base}${versionQuery}`);
    if (res.ok) setGrid(res.data);
    else setError(res.error.message);
  }, [base, versionQuery]);
  const reloadHistory = useCallback(async () => {
    const res = await callApi<{ changes: TChange[] }>("GET", `${base}/history`);
    if (res.ok) setHistory(res.data.changes);
  }, [base]);

  // After saves, the grid is read again (once typing pauses) for each draft's id, author and time.
  const reloadTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const reloadSoon = useCallback(() => {
    clearTimeout(reloadTimer.current);
    reloadTimer.current = setTimeout(() => void reload(), 800);
  }, [reload]);
  useEffect(() => () => clearTimeout(reloadTimer.current), []);

  const drafts = useDrafts(`${base}/drafts`, reloadSoon);
  const pending = useMemo(() => pendingDrafts(grid), [grid]);
  const openLongField = useCallback((locale: string, field: FieldName, cell: { localizationId: string }) => setLongField({ locale, field, localizationId: cell.localizationId }), []);

  async function begin() {
    setError(undefined);
    setNotice(undefined);
    await drafts.flush();
  }

  async function openReview() {
    await begin();
    await reload();
    setReviewing(true);
  }

  async function pushed(r: PushReport) {
    setReviewing(false);
    setReport(r);
    setResolved({});
    drafts.forgetTyped();
    await Promise.all([reload(), reloadHistory()]);
  }

  async function resolve(draftId: string, choice: Choice) {
    await begin();
    setBusy(true);
    const res = await callApi<{ kept: boolean }>("POST", `${base}/drafts/${draftId}/resolve`, { choice });
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    setResolved((r) => ({ ...r, [draftId]: choice }));
    drafts.forgetTyped();
    await reload();
  }

  async function revert(c: TChange) {
    await begin();
    setBusy(true);
    const res = await callApi<{ saved: number; cleared: number }>("POST", `${base}/revert`, { changeId: c.id, to: "old" });
    setBusy(false);
    if (!res.ok) return setError(res.error.fields?.["edits.0.value"] ?? res.error.message);
    const where = `${c.locale} ${FIELDS[c.field as FieldName]?.label.toLowerCase() ?? c.field}${c.versionString && c.versionString !== grid.version?.versionString ? ` of version ${c.versionString}` : ""}`;
    setNotice(res.data.saved ? `The value before that change is now a draft of ${where}. Review and push it to send it.` : `App Store Connect already holds the value before that change for ${where}; no draft was needed.`);
    drafts.forgetTyped();
    await reload();
  }

  async function switchVersion(id: string) {
    await drafts.flush();
    router.push(`/o/${slug}/apps/${grid.app.id}?version=${encodeURIComponent(id)}`);
  }

  const version = grid.versions.find((v) => v.id === grid.version?.id);
  const longCell = longField ? grid.rows.find((r) => r.locale === longField.locale)?.cells[longField.field] : undefined;
  const status = drafts.summary.busy ? "Saving…" : drafts.summary.failed ? `${drafts.summary.failed} ${drafts.summary.failed === 1 ? "change was" : "changes were"} not saved; see the cells marked in red.` : drafts.summary.saved ? "All changes saved as drafts." : "";

  return (
    <>
      <PageHeader
        title={grid.app.name}
        description={`${grid.app.bundleId} · ${grid.app.connectionName} · metadata synced ${utc(grid.app.metadataSyncedAt)}`}
        actions={
          <div className="flex gap-4">
            {canSeeMedia && (
              <Link className="text-sm font-medium text-brand-700 hover:underline" href={`/o/${slug}/apps/${grid.app.id}/media${grid.version ? `?version=${encodeURIComponent(grid.version.id)}` : ""}`}>
                Screenshots &amp; previews
              </Link>
            )}
            {canSeeAnalytics && (
              <Link className="text-sm font-medium text-brand-700 hover:underline" href={`/o/${slug}/apps/${grid.app.id}/analytics`}>
                Analytics
              </Link>
            )}
            <Link className="text-sm font-medium text-brand-700 hover:underline" href={`/o/${slug}/apps`}>All apps</Link>
          </div>
        }
      />
      {grid.rows.length === 0 ? (
        <EmptyState title="No metadata synced yet">Metadata appears after the connection&apos;s next metadata sync (hourly, or Sync now on its Sync page).</EmptyState>
      ) : (
        <div className="space-y-6">
          <div className="flex flex-wrap items-end justify-between gap-4">
            <div className="flex flex-wrap items-end gap-3">
              {grid.versions.length > 0 && (
                <div>
                  <label htmlFor="version" className="block text-sm font-medium text-slate-700">Version</label>
                  <select
                    id="version"
                    value={grid.version?.id}
                    onChange={(e) => void switchVersion(e.target.value)}
                    className="mt-1 block rounded-md border-0 bg-white py-2 pl-3 pr-8 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-500"
                  >
                    {grid.versions.map((v) => <option key={v.id} value={v.id}>{`${v.versionString} (${stateWords(v.appVersionState ?? v.appStoreState)})`}</option>)}
                  </select>
                </div>
              )}
              <p role="status" className="pb-2 text-sm text-slate-600">{canEdit ? status : ""}</p>
            </div>
            {canEdit && (
              <Button type="button" onClick={() => void openReview()} disabled={busy}>
                {needsApproval ? "Review and submit for approval" : "Review and push"}{grid.pendingDrafts ? ` (${grid.pendingDrafts})` : ""}
              </Button>
            )}
          </div>

          {grid.appInfo && (
            <p data-testid="app-info-note" className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">
              {grid.appInfo.editable
                ? `Name, subtitle and privacy policy URL: you are editing the app information being prepared for the next version (${stateWords(grid.appInfo.state ?? "unknown")}); what is live changes when that version is released.`
                : `App information is read-only: ${grid.appInfo.readOnlyReason}`}
            </p>
          )}
          {version && !version.editable && (
            <p className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">
              Version {version.versionString} is {stateWords(version.appVersionState ?? version.appStoreState)}: Apple accepts changes to its promotional text only.
            </p>
          )}
          {!canEdit && <p className="text-sm text-slate-600">Your role can read metadata and drafts; owners, admins and editors change and push them.</p>}
          <FormError message={error} />
          {notice && <p role="status" className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-800 ring-1 ring-slate-200">{notice}</p>}
          {report && <PushReportView report={report} resolved={resolved} busy={busy} canEdit={canEdit} onResolve={(id, c) => void resolve(id, c)} onDismiss={() => setReport(null)} />}

          <LocaleGrid
            grid={grid}
            typed={drafts.typed}
            saves={drafts.saves}
            canEdit={canEdit}
            onEdit={drafts.edit}
            onOpen={openLongField}
          />

          <Section id="bulk" title="Bulk tools" description="Import or export a fastlane metadata folder, add a locale, or copy a field to other locales.">
            <MetadataTools base={base} grid={grid} canEdit={canEdit} onChanged={() => void reload()} />
          </Section>

          <Section id="history" title="History" description="Changes pushed to App Store Connect from here, newest first.">
            <HistoryPanel changes={history} canEdit={canEdit} busy={busy} onRevert={(c) => void revert(c)} />
          </Section>
        </div>
      )}

      <LongFieldDialog
        target={longField && longCell ? { locale: longField.locale, field: longField.field, cell: longCell } : null}
        value={longCell ? shownValue(longCell, drafts.typed[cellKey(longCell.localizationId, longField!.field)]) : ""}
        save={longCell ? drafts.saves[cellKey(longCell.localizationId, longField!.field)] : undefined}
        canEdit={canEdit}
        onEdit={(v) => longCell && drafts.edit(longCell.localizationId, longField!.field, v)}
        onClose={() => setLongField(null)}
      />
      {canEdit && (
        <ReviewPush
          open={reviewing}
          drafts={pending}
          otherDrafts={Math.max(0, grid.pendingDrafts - pending.length)}
          pushUrl={`${base}/push`}
          onPushed={(r) => void pushed(r)}
          onClose={() => setReviewing(false)}
          submitUrl={needsApproval ? `/api/orgs/${orgId}/apps/${grid.app.id}/change-sets` : undefined}
          onSubmitted={(id) => {
            setReviewing(false);
            router.push(`/o/${slug}/change-sets/${id}`);
          }}
        />
      )}
    </>
  );
}
