import { JOBS } from "./definitions";
import { syncQueue } from "./queues";

/** What a connection's schedules are made of (a Connection row has all of it). */
export type ScheduledConnection = {
  id: string;
  organizationId: string;
  vendorNumber: string | null;
  reviewsEveryMinutes: number;
  metadataEveryMinutes: number;
  salesHourUtc: number;
  syncPausedAt: Date | null;
  /** Kinds of work this key's role may not do (lib/sync/blocks.ts): they get no schedule. */
  syncBlocks?: unknown;
  keyKind?: "TEAM" | "INDIVIDUAL";
};

const blocked = (c: ScheduledConnection, kind: "METADATA" | "REVIEWS" | "SALES" | "ANALYTICS") =>
  !!c.syncBlocks && typeof c.syncBlocks === "object" && kind in (c.syncBlocks as object);

export const SCHEDULES = ["reviews", "reviews-deep", "metadata", "sales", "analytics"] as const;
export type ScheduleName = (typeof SCHEDULES)[number];

export const schedulerId = (connectionId: string, name: ScheduleName) => `sync:${connectionId}:${name}`;

/** Connection id of a scheduler this module made, else null. */
export function connectionOfScheduler(key: string): string | null {
  const m = /^sync:([^:]+):/.exec(key);
  return m ? m[1] : null;
}

/**
 * Puts a connection's recurring syncs in place, with BullMQ job schedulers keyed by
 * connection and kind, so calling it again changes them rather than adding more:
 * incremental reviews and metadata at the connection's intervals, a deep review pass
 * nightly, and sales daily after Apple publishes (only with a vendor number, and only for
 * team keys), and App Store analytics daily at 07:30 UTC, after Apple publishes its daily
 * reports. A paused connection has none; a kind the key's role may not do has none.
 */
export async function scheduleConnection(c: ScheduledConnection) {
  if (c.syncPausedAt) return unscheduleConnection(c.id);
  const q = syncQueue();
  const target = { organizationId: c.organizationId, connectionId: c.id, trigger: "schedule" as const };
  const opts = { priority: 20 };
  if (blocked(c, "REVIEWS")) {
    await q.removeJobScheduler(schedulerId(c.id, "reviews"));
    await q.removeJobScheduler(schedulerId(c.id, "reviews-deep"));
  } else {
    await q.upsertJobScheduler(schedulerId(c.id, "reviews"), { every: c.reviewsEveryMinutes * 60_000 }, {
      name: "sync-connection",
      data: JOBS["sync-connection"].parse({ ...target, kind: "REVIEWS" }),
      opts,
    });
    await q.upsertJobScheduler(schedulerId(c.id, "reviews-deep"), { pattern: "30 3 * * *", tz: "UTC" }, {
      name: "sync-connection",
      data: JOBS["sync-connection"].parse({ ...target, kind: "REVIEWS_DEEP" }),
      opts,
    });
  }
  if (blocked(c, "METADATA")) await q.removeJobScheduler(schedulerId(c.id, "metadata"));
  else {
    await q.upsertJobScheduler(schedulerId(c.id, "metadata"), { every: c.metadataEveryMinutes * 60_000 }, {
      name: "sync-connection",
      data: JOBS["sync-connection"].parse({ ...target, kind: "METADATA" }),
      opts,
    });
  }
  if (c.vendorNumber && c.keyKind !== "INDIVIDUAL" && !blocked(c, "SALES")) {
    await q.upsertJobScheduler(schedulerId(c.id, "sales"), { pattern: `0 ${c.salesHourUtc} * * *`, tz: "UTC" }, {
      name: "sales-backfill",
      data: JOBS["sales-backfill"].parse({ ...target, days: 3 }),
      opts,
    });
  } else {
    await q.removeJobScheduler(schedulerId(c.id, "sales"));
  }
  if (blocked(c, "ANALYTICS")) await q.removeJobScheduler(schedulerId(c.id, "analytics"));
  else {
    await q.upsertJobScheduler(schedulerId(c.id, "analytics"), { pattern: "30 7 * * *", tz: "UTC" }, {
      name: "sync-analytics",
      data: JOBS["sync-analytics"].parse(target),
      opts,
    });
  }
}

export async function unscheduleConnection(connectionId: string) {
  const q = syncQueue();
  for (const name of SCHEDULES) await q.removeJobScheduler(schedulerId(connectionId, name));
}

/** When each of a connection's schedules fires next (ms since epoch), for the Sync page. */
export async function nextRuns(connectionId: string): Promise<Partial<Record<ScheduleName, number>>> {
  const q = syncQueue();
  const out: Partial<Record<ScheduleName, number>> = {};
  for (const name of SCHEDULES) {
    const s = await q.getJobScheduler(schedulerId(connectionId, name));
    if (s?.next) out[name] = Number(s.next);
  }
  return out;
}
