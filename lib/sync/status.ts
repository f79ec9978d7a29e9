import { now as clockNow } from "@/lib/clock";
import { ZSyncBlocks } from "./blocks";
import { db } from "@/lib/db/client";
import { invalid } from "@/lib/errors";
import type { SyncKind } from "@/lib/generated/prisma/enums";
import { nextRuns, type ScheduleName } from "@/lib/jobs/connection-schedules";
import { log } from "@/lib/log";
import { visibleConnection } from "@/lib/tenancy/scope";
import type { OrgContext } from "@/lib/tenancy/context";
import { STALE_RUN_MS } from "./runs";
import type { TSyncRunsQuery } from "./schemas";

/** Kinds in the order the Sync page lists them. APPS runs are part of the others and have no row. */
export const SYNC_KINDS = ["FULL", "METADATA", "REVIEWS", "REVIEWS_DEEP", "SALES", "ANALYTICS"] as const satisfies readonly SyncKind[];

const SCHEDULE_KIND: Record<ScheduleName, SyncKind> = { reviews: "REVIEWS", "reviews-deep": "REVIEWS_DEEP", metadata: "METADATA", sales: "SALES", analytics: "ANALYTICS" };

const runFields = {
  id: true, kind: true, trigger: true, status: true, itemsTotal: true, itemsDone: true, itemsFailed: true,
  fetched: true, created: true, updated: true, error: true, errorCode: true, retries: true, lastRetryError: true,
  createdAt: true, startedAt: true, finishedAt: true,
} as const;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Dates as ISO strings: the Sync page polls this shape as JSON and renders it on the server too. */
function runJson<R extends { createdAt: Date; startedAt: Date | null; finishedAt: Date | null }>(r: R) {
  return { ...r, createdAt: r.createdAt.toISOString(), startedAt: iso(r.startedAt), finishedAt: iso(r.finishedAt) };
}

const statusFields = {
  id: true, name: true, keyKind: true, status: true, statusReason: true, syncPausedAt: true, testedAt: true, syncBlocks: true,
  vendorNumber: true, reviewsEveryMinutes: true, metadataEveryMinutes: true, salesHourUtc: true,
} as const;

/** When each kind runs next on schedule (ISO), or null when the queue cannot be asked right now. */
async function nextScheduled(connectionId: string): Promise<Partial<Record<SyncKind, string>> | null> {
  try {
    const next = await nextRuns(connectionId);
    return Object.fromEntries(Object.entries(next).map(([name, ms]) => [SCHEDULE_KIND[name as ScheduleName], new Date(ms).toISOString()]));
  } catch (err) {
    log.warn({ connectionId, err: { message: (err as Error).message } }, "could not read sync schedules");
    return null;
  }
}

/**
 * Everything the Sync page shows of one connection the caller may see: its state, the
 * last run of each kind, runs under way with their progress, the last 50 runs, when each
 * schedule fires next, and what became of each of the last 30 days of sales reports.
 */
export async function getSyncStatus(ctx: OrgContext, connectionId: string) {
  const scope = { organizationId: ctx.orgId, connectionId: (await visibleConnection(ctx, connectionId, { id: true })).id };
  const since = new Date(clockNow() - 30 * 86_400_000);
  since.setUTCHours(0, 0, 0, 0);
  const [lastRuns, open, history, salesDays, next] = await Promise.all([
    Promise.all(SYNC_KINDS.map((kind) => db.syncRun.findFirst({ where: { ...scope, kind }, orderBy: { createdAt: "desc" }, select: runFields }))),
    db.syncRun.findMany({
      where: { ...scope, status: { in: ["QUEUED", "RUNNING"] }, updatedAt: { gt: new Date(Date.now() - STALE_RUN_MS) } },
      orderBy: { createdAt: "asc" },
      select: runFields,
    }),
    db.syncRun.findMany({ where: scope, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 50, select: runFields }),
    db.salesDay.findMany({ where: { ...scope, day: { gte: since } }, orderBy: { day: "desc" }, select: { day: true, status: true, reason: true, rows: true, attempts: true, updatedAt: true } }),
    nextScheduled(scope.connectionId),
  ]);
  // Read after the runs: a refused key pauses the connection before it ends the runs, so a
  // status whose runs have ended always shows the pause (the page stops polling then).
  const c = await visibleConnection(ctx, connectionId, statusFields);
  return {
    connection: {
      id: c.id,
      name: c.name,
      status: c.status,
      statusReason: c.statusReason,
      syncPausedAt: iso(c.syncPausedAt),
      keyKind: c.keyKind,
      /** Kinds stopped because the key's role may not do them (403), with the reason. */
      blocked: Object.entries(ZSyncBlocks.parse(c.syncBlocks ?? {})).map(([kind, b]) => ({ kind, reason: b!.reason, since: b!.at })),
      testedAt: iso(c.testedAt),
      vendorNumber: c.vendorNumber,
      reviewsEveryMinutes: c.reviewsEveryMinutes,
      metadataEveryMinutes: c.metadataEveryMinutes,
      salesHourUtc: c.salesHourUtc,
    },
    kinds: SYNC_KINDS.map((kind, i) => ({ kind, lastRun: lastRuns[i] ? runJson(lastRuns[i]) : null, nextRunAt: next?.[kind] ?? null })),
    schedulesKnown: next !== null,
    open: open.map(runJson),
    history: history.map(runJson),
    salesDays: salesDays.map((d) => ({ day: d.day.toISOString().slice(0, 10), status: d.status, reason: d.reason, rows: d.rows, attempts: d.attempts, updatedAt: d.updatedAt.toISOString() })),
  };
}

export type TSyncStatus = Awaited<ReturnType<typeof getSyncStatus>>;
export type TSyncRun = TSyncStatus["history"][number];

const encodeCursor = (r: { createdAt: Date; id: string }) => Buffer.from(`${r.createdAt.toISOString()}|${r.id}`).toString("base64url");

function decodeCursor(cursor: string) {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(at ?? "");
  if (!id || Number.isNaN(createdAt.getTime())) throw invalid("cursor", "Not a cursor this API gave out.");
  return { createdAt, id };
}

/**
 * A connection's runs, newest first, a page at a time. The cursor is the last row's
 * (createdAt, id), so pages stay stable while new runs are added at the top.
 */
export async function listSyncRuns(ctx: OrgContext, connectionId: string, q: TSyncRunsQuery) {
  const c = await visibleConnection(ctx, connectionId, statusFields);
  const after = q.cursor ? decodeCursor(q.cursor) : null;
  const rows = await db.syncRun.findMany({
    where: {
      organizationId: ctx.orgId,
      connectionId: c.id,
      ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
    select: runFields,
  });
  const page = rows.slice(0, q.limit);
  return { runs: page.map(runJson), nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]) : null };
}
