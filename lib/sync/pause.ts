import { queueDeliveries } from "@/lib/alerts/queue";
import { raiseConnectionAlerts, raiseSyncFailingAlerts } from "@/lib/alerts/raise";
import { recordAudit } from "@/lib/audit/record";
import { nowDate } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { scheduleConnection, unscheduleConnection } from "@/lib/jobs/connection-schedules";

const SCHEDULE_FIELDS = { id: true, organizationId: true, vendorNumber: true, reviewsEveryMinutes: true, metadataEveryMinutes: true, salesHourUtc: true, syncPausedAt: true, testedAt: true, syncBlocks: true, keyKind: true } as const;

/**
 * Apple refused the connection's key (401 after a fresh token): the connection is
 * marked failing with the reason, its schedules stop, and its open runs end with that
 * reason. Other connections are untouched. A successful test resumes it. Pausing raises
 * the connection's alert, and the runs ended count towards failing-sync alerts.
 */
export async function pauseConnection(organizationId: string, connectionId: string, reason: string, code?: string) {
  const at = nowDate();
  const { paused, due } = await db.$transaction(async (tx) => {
    const paused = await tx.connection.updateMany({
      where: { id: connectionId, organizationId, syncPausedAt: null },
      data: { status: "FAILING", statusReason: reason, syncPausedAt: at },
    });
    return { paused, due: paused.count > 0 ? await raiseConnectionAlerts(tx, { organizationId, connectionId }, { what: "PAUSED", reason, at }) : [] };
  });
  await queueDeliveries(due).catch(() => undefined);
  await unscheduleConnection(connectionId);
  const failed = await db.$transaction(async (tx) => {
    const open = await tx.syncRun.findMany({ where: { organizationId, connectionId, status: { in: ["QUEUED", "RUNNING"] } }, select: { id: true, kind: true } });
    if (!open.length) return [];
    await tx.syncRun.updateMany({
      where: { id: { in: open.map((r) => r.id) }, status: { in: ["QUEUED", "RUNNING"] } },
      data: { status: "FAILED", error: reason, errorCode: code ?? null, finishedAt: new Date() },
    });
    const raised = [];
    for (const kind of new Set(open.map((r) => r.kind))) raised.push(...(await raiseSyncFailingAlerts(tx, { organizationId, connectionId }, kind)));
    return raised;
  });
  await queueDeliveries(failed).catch(() => undefined);
  if (paused.count > 0) {
    await recordAudit({ organizationId, action: "connection.sync_paused", actor: null, target: { type: "connection", id: connectionId }, metadata: { code: code ?? null } });
  }
}

/** Schedules a connection's syncs again (after a successful test), or for the first time. */
export async function resumeConnection(organizationId: string, connectionId: string) {
  await db.connection.updateMany({ where: { id: connectionId, organizationId }, data: { syncPausedAt: null } });
  const c = await db.connection.findFirst({ where: { id: connectionId, organizationId }, select: SCHEDULE_FIELDS });
  if (c) await scheduleConnection(c);
}

/** Brings every connection's schedules in line with the database: paused or deleted ones lose theirs. */
export async function reconcileSchedules(queueSchedulers: { key: string }[], remove: (key: string) => Promise<unknown>, connectionOf: (key: string) => string | null) {
  const conns = await db.connection.findMany({ select: SCHEDULE_FIELDS });
  // Only keys that passed a test at least once are synced on schedule.
  const scheduled = conns.filter((c) => !c.syncPausedAt && c.testedAt);
  const active = new Set(scheduled.map((c) => c.id));
  for (const s of queueSchedulers) {
    const id = connectionOf(s.key);
    if (id && !active.has(id)) await remove(s.key);
  }
  for (const c of scheduled) await scheduleConnection(c);
}
