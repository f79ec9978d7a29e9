import { queueDeliveries } from "@/lib/alerts/queue";
import { raiseSyncFailingAlerts } from "@/lib/alerts/raise";
import { db } from "@/lib/db/client";
import type { SyncKind } from "@/lib/generated/prisma/enums";
import { actorColumns } from "@/lib/tenancy/actor";
import type { Actor } from "@/lib/tenancy/context";
import type { SyncCounts } from "./counts";

export type SyncTrigger = "schedule" | "manual" | "api";

/** A run with no progress for this long is taken as abandoned (its jobs were lost) and no longer blocks new runs. */
export const STALE_RUN_MS = 2 * 3600_000;

/**
 * Opens a run of `kind` for a connection unless one is already queued or running, in
 * which case that one is returned with `existing: true`. An advisory lock serialises
 * concurrent callers (a schedule firing while someone presses "sync now"). `by` is who asked
 * for it; a schedule's run has nobody.
 */
export async function openRun(organizationId: string, connectionId: string, kind: SyncKind, trigger: SyncTrigger, by?: Actor) {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`sync-run:${connectionId}:${kind}`}))`;
    const active = await tx.syncRun.findFirst({
      where: { organizationId, connectionId, kind, status: { in: ["QUEUED", "RUNNING"] }, updatedAt: { gt: new Date(Date.now() - STALE_RUN_MS) } },
      select: { id: true },
    });
    if (active) return { id: active.id, existing: true };
    const run = await tx.syncRun.create({ data: { organizationId, connectionId, kind, trigger, ...(by ? actorColumns(by, "createdBy") : {}) }, select: { id: true } });
    return { id: run.id, existing: false };
  });
}

/** The run now knows how many items it has; a run with none is finished at once. */
export async function startRun(runId: string, itemsTotal: number, counts?: SyncCounts) {
  await db.syncRun.update({
    where: { id: runId },
    data: {
      status: itemsTotal === 0 ? "SUCCEEDED" : "RUNNING",
      itemsTotal,
      startedAt: new Date(),
      ...(itemsTotal === 0 ? { finishedAt: new Date() } : {}),
      ...(counts ? { fetched: { increment: counts.fetched }, created: { increment: counts.created }, updated: { increment: counts.updated } } : {}),
    },
  });
}

/** Adds counts while an item is still under way (a long review pass, page by page). */
export async function addRunCounts(runId: string, counts: SyncCounts) {
  await db.syncRun.update({
    where: { id: runId },
    data: { fetched: { increment: counts.fetched }, created: { increment: counts.created }, updated: { increment: counts.updated } },
  });
}

/**
 * Records one finished item of a run, once: a job that is retried after its item was
 * recorded (a worker killed just after the write) changes nothing. The run ends when
 * every item is in: succeeded if none failed, else failed with the last reason (which
 * counts towards failing-sync alerts, raised in the same transaction).
 */
export async function finishItem(runId: string, key: string, outcome: { counts?: SyncCounts; error?: { message: string; code?: string } }) {
  const due = await db.$transaction(async (tx) => {
    const inserted = await tx.$executeRaw`
      INSERT INTO "SyncRunItem" ("runId", "key", "ok", "error") VALUES (${runId}, ${key}, ${!outcome.error}, ${outcome.error?.message ?? null})
      ON CONFLICT DO NOTHING`;
    if (inserted === 0) return [];
    const c = outcome.counts ?? { fetched: 0, created: 0, updated: 0 };
    const failed = outcome.error ? 1 : 0;
    const ended = await tx.$queryRaw<{ organizationId: string; connectionId: string; kind: SyncKind; status: string }[]>`
      UPDATE "SyncRun" SET
        "itemsDone" = "itemsDone" + 1,
        "itemsFailed" = "itemsFailed" + ${failed},
        "fetched" = "fetched" + ${c.fetched}, "created" = "created" + ${c.created}, "updated" = "updated" + ${c.updated},
        "error" = COALESCE(${outcome.error?.message ?? null}, "error"),
        "errorCode" = COALESCE(${outcome.error?.code ?? null}, "errorCode"),
        "status" = CASE WHEN "itemsDone" + 1 >= "itemsTotal" THEN (CASE WHEN "itemsFailed" + ${failed} > 0 THEN 'FAILED' ELSE 'SUCCEEDED' END)::"SyncRunStatus" ELSE "status" END,
        "finishedAt" = CASE WHEN "itemsDone" + 1 >= "itemsTotal" THEN now() ELSE "finishedAt" END,
        "updatedAt" = now()
      WHERE "id" = ${runId} AND "status" IN ('QUEUED', 'RUNNING')
      RETURNING "organizationId", "connectionId", "kind", "status"::text AS "status"`;
    const run = ended[0];
    return run?.status === "FAILED" ? raiseSyncFailingAlerts(tx, { organizationId: run.organizationId, connectionId: run.connectionId }, run.kind) : [];
  });
  await queueDeliveries(due).catch(() => undefined);
}

/** Ends a run at once (the connection's key was refused, or the fan-out itself failed); it counts towards failing-sync alerts. */
export async function failRun(runId: string, error: { message: string; code?: string }) {
  const due = await db.$transaction(async (tx) => {
    const run = await tx.syncRun.findUnique({ where: { id: runId }, select: { organizationId: true, connectionId: true, kind: true } });
    const done = await tx.syncRun.updateMany({
      where: { id: runId, status: { in: ["QUEUED", "RUNNING"] } },
      data: { status: "FAILED", error: error.message, errorCode: error.code ?? null, finishedAt: new Date() },
    });
    return run && done.count > 0 ? raiseSyncFailingAlerts(tx, { organizationId: run.organizationId, connectionId: run.connectionId }, run.kind) : [];
  });
  await queueDeliveries(due).catch(() => undefined);
}

/** Notes failures that were retried past, so a run that succeeded still shows what it went through. */
export async function noteRetries(runId: string, count: number, last: string | null) {
  if (count <= 0) return;
  await db.syncRun.updateMany({ where: { id: runId }, data: { retries: { increment: count }, lastRetryError: last } });
}
