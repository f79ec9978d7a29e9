"use client";

import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import type { TSyncRequest } from "@/lib/sync/schemas";
import type { TSyncStatus } from "@/lib/sync/status";
import { callApi } from "@/app/_components/api";
import { FormError, PageHeader, Section } from "@/app/_components/ui";
import { CONNECTION_STATUS } from "../../connection-list";
import { KIND_LABEL } from "./format";
import { Badge, HistoryTable, KindTable, RunningRuns, SalesDaysTable } from "./run-tables";
import { SyncNow } from "./sync-now";
import { SyncSettingsForm } from "./sync-settings-form";

/** How often the page asks for progress while a run is under way. */
const POLL_MS = 1500;

const panel = "rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200";
const empty = "rounded-lg border-2 border-dashed border-slate-300 bg-white px-6 py-8 text-center text-sm text-slate-600";

const BLOCK_LABEL: Record<string, string> = { METADATA: "Metadata", REVIEWS: "Reviews", SALES: "Sales", ANALYTICS: "Analytics" };

/** The connection's health first: a refused key stops every schedule, and says how to resume. */
function ConnectionBanner({ c, slug }: { c: TSyncStatus["connection"]; slug: string }) {
  const fix = <Link href={`/o/${slug}/connections`} className="font-medium underline">Connections</Link>;
  if (c.syncPausedAt) {
    return (
      <div role="alert" className="space-y-1 rounded-lg bg-red-50 p-4 text-sm text-red-900 ring-1 ring-red-200">
        <p className="font-semibold">Sync is paused</p>
        <p>{c.statusReason ?? "App Store Connect refused the key."}</p>
        <p>Scheduled syncs are paused until the key is fixed and the connection is tested again. Replace the key or test it on {fix}.</p>
      </div>
    );
  }
  if (c.status === "FAILING" || c.status === "REVOKED") {
    return (
      <div role="alert" className="space-y-1 rounded-lg bg-red-50 p-4 text-sm text-red-900 ring-1 ring-red-200">
        <p className="font-semibold">The last connection test failed</p>
        <p>{c.statusReason ?? "No reason was recorded."}</p>
        <p>Fix the key or the server&apos;s network, then test the connection again on {fix}.</p>
      </div>
    );
  }
  if (c.blocked.length > 0) {
    return (
      <div role="alert" className="space-y-1 rounded-lg bg-amber-50 p-4 text-sm text-amber-900 ring-1 ring-amber-200" data-testid="sync-blocks">
        <p className="font-semibold">Some kinds of sync are stopped for this key</p>
        <ul className="list-disc pl-5">
          {c.blocked.map((b) => (
            <li key={b.kind}>
              {BLOCK_LABEL[b.kind] ?? b.kind}: {b.reason}
            </li>
          ))}
        </ul>
        <p>Everything else keeps syncing. Change the key&apos;s role (or accept the agreements) in App Store Connect, then test the connection on {fix}.</p>
      </div>
    );
  }
  if (c.status === "UNTESTED") {
    return (
      <p className="rounded-lg bg-slate-100 p-4 text-sm text-slate-700">
        This connection has not been tested yet. Scheduled syncs start once it passes a test on {fix}; syncing now works already.
      </p>
    );
  }
  return null;
}

/**
 * The Sync page of one connection. It starts from the server's render and, while any run
 * is queued or running, asks the status route again every 1.5 s, so progress bars,
 * results and the connection's state move without a reload.
 */
export function SyncDashboard({ orgId, slug, initial, canRun, canConfigure }: { orgId: string; slug: string; initial: TSyncStatus; canRun: boolean; canConfigure: boolean }) {
  const [status, setStatus] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const latest = useRef(initial);
  const base = `/api/orgs/${orgId}/connections/${initial.connection.id}`;

  const refresh = useCallback(async () => {
    const res = await callApi<TSyncStatus>("GET", `${base}/sync`);
    if (!res.ok) return;
    const ended = latest.current.open.flatMap((r) => (res.data.open.some((o) => o.id === r.id) ? [] : res.data.history.filter((h) => h.id === r.id)));
    if (ended.length) setNotice(ended.map((r) => `${KIND_LABEL[r.kind]} ${r.status === "SUCCEEDED" ? "succeeded" : r.status === "FAILED" ? "failed" : "stopped"}.`).join(" "));
    latest.current = res.data;
    setStatus(res.data);
  }, [base]);

  const polling = status.open.length > 0;
  useEffect(() => {
    if (!polling) return;
    const timer = setInterval(() => {
      if (!document.hidden) void refresh();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [polling, refresh]);

  async function request(body: TSyncRequest) {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    const res = await callApi<{ runId: string; existing: boolean }>("POST", `${base}/sync`, body);
    setBusy(false);
    if (!res.ok) setError(res.error.message);
    else setNotice(res.data.existing ? `A ${KIND_LABEL[body.kind].toLowerCase()} was already under way; its progress is shown below.` : `${KIND_LABEL[body.kind]} queued.`);
    await refresh();
  }

  const c = status.connection;
  const paused = !!c.syncPausedAt;
  return (
    <>
      <PageHeader
        title={c.name}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            Sync with App Store Connect <Badge {...CONNECTION_STATUS[c.status]} />
          </span>
        }
        actions={<Link href={`/o/${slug}/connections`} className="text-sm font-medium text-brand-700 hover:underline">All connections</Link>}
      />
      <div className="space-y-8">
        <ConnectionBanner c={c} slug={slug} />
        <FormError message={error} />
        <p role="status" className={notice ? "rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-800 ring-1 ring-slate-200" : "sr-only"}>{notice}</p>

        {status.open.length > 0 && (
          <Section title="Running now" description="Progress counts the apps (or sales days) each run has finished.">
            <div className={panel}><RunningRuns runs={status.open} /></div>
          </Section>
        )}

        {canRun && (
          <Section title="Sync now" description="Runs ahead of scheduled work. Pressing a kind that is already running shows that run instead of starting another.">
            <div className={panel}><SyncNow onRequest={request} busy={busy} paused={paused} hasVendorNumber={!!c.vendorNumber} /></div>
          </Section>
        )}

        <Section title="By kind" description="The last run of each kind of sync, and when the schedule runs it next.">
          <KindTable status={status} busy={busy || paused} onRetry={canRun ? (kind) => void request({ kind: kind as TSyncRequest["kind"] }) : undefined} />
        </Section>

        <Section title="History" description="The last 50 runs, newest first, with the reason of each failure.">
          {status.history.length ? (
            <HistoryTable runs={status.history} />
          ) : (
            <p className={empty}>
              No syncs yet. {canRun ? "Press a Sync now button above, or wait for the schedule, which starts once the connection passes a test." : "Scheduled syncs start once an owner or admin has tested the connection."}
            </p>
          )}
        </Section>

        <Section title="Sales reports" description="What became of each daily sales report of the last 30 days.">
          {status.salesDays.length ? (
            <SalesDaysTable days={status.salesDays} />
          ) : (
            <p className={empty}>
              {c.vendorNumber
                ? "No sales reports fetched in the last 30 days yet. They arrive daily on schedule, or press Fetch sales reports above."
                : "Sales reports need the connection's vendor number. " + (canConfigure ? "Set it in the settings below." : "Ask an owner or admin to set it.")}
            </p>
          )}
        </Section>

        <Section title="Settings" description="The vendor number for sales reports, and how often each schedule runs.">
          <div className={panel}>
            {canConfigure ? (
              <SyncSettingsForm
                url={`${base}/sync-settings`}
                initial={{ vendorNumber: c.vendorNumber ?? "", reviewsEveryMinutes: c.reviewsEveryMinutes, metadataEveryMinutes: c.metadataEveryMinutes, salesHourUtc: c.salesHourUtc }}
                onSaved={refresh}
              />
            ) : (
              <dl className="grid gap-3 text-sm sm:grid-cols-2">
                <div><dt className="text-slate-500">Vendor number</dt><dd className="font-mono text-slate-900">{c.vendorNumber ?? "Not set"}</dd></div>
                <div><dt className="text-slate-500">Daily sales fetch</dt><dd className="text-slate-900">{String(c.salesHourUtc).padStart(2, "0")}:00 UTC</dd></div>
                <div><dt className="text-slate-500">Review sync</dt><dd className="text-slate-900">every {c.reviewsEveryMinutes} minutes</dd></div>
                <div><dt className="text-slate-500">Metadata sync</dt><dd className="text-slate-900">every {c.metadataEveryMinutes} minutes</dd></div>
              </dl>
            )}
          </div>
        </Section>
      </div>
    </>
  );
}
