import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { runJobId } from "@/lib/jobs/ids";
import { enqueue } from "@/lib/jobs/queues";
import { scheduleConnection } from "@/lib/jobs/connection-schedules";
import type { OrgContext } from "@/lib/tenancy/context";
import { visibleConnection } from "@/lib/tenancy/scope";
import { openRun, type SyncTrigger } from "./runs";
import { INDIVIDUAL_KEY_SALES } from "./sales";
import type { TSyncRequest, TSyncSettings } from "./schemas";

const requestFields = { id: true, name: true, keyKind: true, vendorNumber: true, syncPausedAt: true, statusReason: true } as const;

/**
 * "Sync now": opens a run and queues it ahead of scheduled work, with App Store Connect
 * requests at interactive priority. If a run of that kind is already under way, that run
 * is returned instead of a second one.
 */
export async function requestSync(ctx: OrgContext, connectionId: string, input: TSyncRequest) {
  const c = await visibleConnection(ctx, connectionId, requestFields);
  if (c.syncPausedAt) {
    throw new AppError("conflict", `Sync is paused because App Store Connect refused the key (${c.statusReason ?? "no reason given"}). Fix the key and test the connection to resume.`);
  }
  if (input.kind === "SALES" && c.keyKind === "INDIVIDUAL") throw new AppError("conflict", INDIVIDUAL_KEY_SALES);
  if (input.kind === "SALES" && !c.vendorNumber) {
    throw new AppError("validation", "Set the connection's vendor number before fetching sales.", { field: "vendorNumber", fields: { vendorNumber: "Required for sales reports." } });
  }
  const trigger: SyncTrigger = ctx.actor.kind === "apiToken" ? "api" : "manual";
  const run = await openRun(ctx.orgId, c.id, input.kind, trigger, ctx.actor);
  if (!run.existing) {
    const target = { organizationId: ctx.orgId, connectionId: c.id, runId: run.id, trigger };
    const opts = { jobId: runJobId(run.id), priority: 1 };
    if (input.kind === "SALES") await enqueue("sales-backfill", { ...target, from: input.from, to: input.to, days: input.from ? undefined : 30 }, opts);
    else if (input.kind === "ANALYTICS") await enqueue("sync-analytics", target, opts);
    else await enqueue("sync-connection", { ...target, kind: input.kind }, opts);
    await recordAudit({ organizationId: ctx.orgId, action: "sync.requested", actor: ctx.actor, target: { type: "connection", id: c.id, label: c.name }, metadata: { kind: input.kind, runId: run.id }, client: ctx.client });
  }
  return { runId: run.id, existing: run.existing };
}

/** Changes a connection's vendor number and schedule intervals, and re-registers its schedules. */
export async function updateSyncSettings(ctx: OrgContext, connectionId: string, input: TSyncSettings) {
  const c = await visibleConnection(ctx, connectionId, requestFields);
  const updated = await db.$transaction(async (tx) => {
    const row = await tx.connection.update({
      where: { id: c.id },
      data: { vendorNumber: input.vendorNumber, reviewsEveryMinutes: input.reviewsEveryMinutes, metadataEveryMinutes: input.metadataEveryMinutes, salesHourUtc: input.salesHourUtc },
      select: { id: true, organizationId: true, vendorNumber: true, reviewsEveryMinutes: true, metadataEveryMinutes: true, salesHourUtc: true, syncPausedAt: true, testedAt: true, syncBlocks: true, keyKind: true },
    });
    await recordAudit({ organizationId: ctx.orgId, action: "connection.sync_settings_changed", actor: ctx.actor, target: { type: "connection", id: c.id, label: c.name }, metadata: { ...input }, client: ctx.client }, tx);
    return row;
  });
  if (updated.testedAt) await scheduleConnection(updated);
  const { testedAt: _t, organizationId: _o, syncBlocks: _b, keyKind: _k, ...settings } = updated;
  return settings;
}
