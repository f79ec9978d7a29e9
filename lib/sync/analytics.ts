import { analyticsReader, segmentTable, type ReportRequest } from "@/lib/asc/analytics";
import { AscError } from "@/lib/asc/errors";
import { ANALYTICS_REPORTS } from "@/lib/analytics/constants";
import { storeAnalyticsInstances } from "@/lib/analytics/ingest";
import { now as clockNow, nowDate } from "@/lib/clock";
import { db } from "@/lib/db/client";
import type { AnalyticsReportKind, AnalyticsStatus } from "@/lib/generated/prisma/enums";
import type { SyncTarget } from "./connection";
import type { SyncCounts } from "./counts";

/** Apple allows a ONE_TIME_SNAPSHOT about once every 31 days per app. */
const SNAPSHOT_EVERY_MS = 31 * 86_400_000;
const KINDS = Object.keys(ANALYTICS_REPORTS) as AnalyticsReportKind[];
const NAMES = KINDS.map((k) => ANALYTICS_REPORTS[k].name);
const kindOf = (name: string) => KINDS.find((k) => ANALYTICS_REPORTS[k].name === name);

/** Apple's roles, in Apple's words (App Store Connect Help, "Role permissions": Analytics reports). */
export const ANALYTICS_READ_ROLES = "Admin, Sales and Reports, or Finance";
export const ANALYTICS_REQUEST_ROLES = "Admin";

export const ANALYTICS_WORDS = {
  needsAdmin: "Apple generates analytics reports only after an Admin key has asked for them once per app. This key's role may not ask (403): test an Admin key once, or ask an Admin to connect one.",
  stopped: "Apple stopped this app's analytics reports because nobody read them for a while, and this key's role may not ask for them again (403): an Admin key renews them.",
  noAccess: `This key's role may not read analytics reports (403). It needs the ${ANALYTICS_READ_ROLES} role.`,
} as const;

const isStatus = (e: unknown, status: number) => e instanceof AscError && e.status === status;

/**
 * One app's App Store analytics. Keeps an ONGOING report request at Apple (asking for a new
 * one when there is none or Apple stopped it), asks once for a ONE_TIME_SNAPSHOT of past
 * months while no day is stored yet, then downloads and stores every DAILY instance of the
 * three reports not stored before. The app's status says, in words, what is going on.
 */
export async function syncAppAnalytics(t: SyncTarget, appId: string): Promise<SyncCounts> {
  const scope = { organizationId: t.conn.organizationId, connectionId: t.conn.id };
  const app = await db.syncedApp.findFirstOrThrow({ where: { ...scope, id: appId }, select: { id: true, appleId: true } });
  const state = await db.analyticsAppState.upsert({
    where: { organizationId_appId: { organizationId: scope.organizationId, appId: app.id } },
    create: { ...scope, appId: app.id },
    update: {},
  });
  const setState = (status: AnalyticsStatus, statusReason: string | null, extra: object = {}) =>
    db.analyticsAppState.update({ where: { id: state.id }, data: { status, statusReason, syncedAt: nowDate(), ...extra } });
  const reader = analyticsReader(t.client);
  const counts: SyncCounts = { fetched: 0, created: 0, updated: 0 };

  let ongoing: ReportRequest[];
  try {
    ongoing = await reader.requests(app.appleId, "ONGOING");
  } catch (e) {
    if (isStatus(e, 403)) await setState("NO_ACCESS", ANALYTICS_WORDS.noAccess);
    throw e;
  }
  const live = ongoing.filter((r) => !r.stopped);
  // A stopped request still lists what it published before it stopped: the one we read last is read once more.
  const toRead = [...live, ...ongoing.filter((r) => r.stopped && r.id === state.ongoingRequestId)];
  let blocked: { status: AnalyticsStatus; reason: string } | null = null;
  let ongoingRequestId = live[0]?.id ?? state.ongoingRequestId;
  let ongoingRequestedAt = live[0] && live[0].id !== state.ongoingRequestId ? null : state.ongoingRequestedAt;
  if (live.length === 0) {
    try {
      const id = await reader.createRequest(app.appleId, "ONGOING");
      ongoingRequestId = id;
      ongoingRequestedAt = nowDate();
      toRead.push({ id, accessType: "ONGOING", stopped: false });
    } catch (e) {
      if (isStatus(e, 403)) blocked = ongoing.length > 0 ? { status: "STOPPED", reason: ANALYTICS_WORDS.stopped } : { status: "NEEDS_ADMIN", reason: ANALYTICS_WORDS.needsAdmin };
      else if (isStatus(e, 409)) {
        // Made meanwhile (another key of the team): read it.
        const again = (await reader.requests(app.appleId, "ONGOING")).filter((r) => !r.stopped);
        toRead.push(...again);
        ongoingRequestId = again[0]?.id ?? ongoingRequestId;
      } else throw e;
    }
  }

  // History: one snapshot while the app has no stored day, at most every 31 days.
  let snapshotRequestId = state.snapshotRequestId;
  let snapshotRequestedAt = state.snapshotRequestedAt;
  const hasDays = (await db.analyticsDay.findFirst({ where: { organizationId: scope.organizationId, appId: app.id }, select: { date: true } })) !== null;
  if (!blocked && !hasDays && (!snapshotRequestedAt || clockNow() - snapshotRequestedAt.getTime() >= SNAPSHOT_EVERY_MS)) {
    try {
      snapshotRequestId = await reader.createRequest(app.appleId, "ONE_TIME_SNAPSHOT");
      snapshotRequestedAt = nowDate();
    } catch (e) {
      if (isStatus(e, 409)) {
        // One was asked for in the last 31 days (by us or another tool): read the newest.
        const snaps = await reader.requests(app.appleId, "ONE_TIME_SNAPSHOT");
        snapshotRequestId = snaps.at(-1)?.id ?? snapshotRequestId;
        snapshotRequestedAt ??= nowDate();
      } else if (!isStatus(e, 403)) throw e;
    }
  }
  if (snapshotRequestId && !(await snapshotDone(scope.connectionId, snapshotRequestId))) toRead.push({ id: snapshotRequestId, accessType: "ONE_TIME_SNAPSHOT", stopped: false });

  await db.analyticsAppState.update({ where: { id: state.id }, data: { ongoingRequestId, ongoingRequestedAt, snapshotRequestId, snapshotRequestedAt } });

  let instancesSeen = 0;
  try {
    for (const request of toRead) {
      // The three reports' instances of one processing date are stored together: each fact row is written once.
      const byDate = new Map<string, { kind: AnalyticsReportKind; id: string; granularity: string }[]>();
      for (const report of await reader.reports(request.id, NAMES)) {
        const kind = kindOf(report.name);
        if (!kind) continue;
        const instances = await reader.instances(report.id, "DAILY");
        instancesSeen += instances.length;
        const known = new Set(
          (await db.analyticsInstance.findMany({ where: { ...scope, appleId: { in: instances.map((i) => i.id) } }, select: { appleId: true } })).map((i) => i.appleId),
        );
        for (const inst of instances.filter((i) => !known.has(i.id))) byDate.set(inst.processingDate, [...(byDate.get(inst.processingDate) ?? []), { kind, id: inst.id, granularity: inst.granularity }]);
      }
      for (const processingDate of [...byDate.keys()].sort()) {
        const instances = [];
        for (const inst of byDate.get(processingDate)!) {
          const segments = await reader.segments(inst.id);
          instances.push({ appleId: inst.id, requestAppleId: request.id, kind: inst.kind, granularity: inst.granularity, segments: segments.map((s) => segmentTable(s)) });
        }
        const stored = await storeAnalyticsInstances({ ...scope, appId: app.id, processingDate, instances });
        counts.fetched += stored.rows;
        counts.created += stored.stored;
      }
    }
  } catch (e) {
    if (isStatus(e, 403)) await setState("NO_ACCESS", ANALYTICS_WORDS.noAccess);
    throw e;
  }

  const stored = await db.analyticsDay.findFirst({ where: { organizationId: scope.organizationId, appId: app.id }, select: { date: true } });
  if (blocked) await setState(blocked.status, blocked.reason);
  else if (stored || instancesSeen > 0) await setState("ACTIVE", null);
  else await setState("WAITING_FOR_DATA", null);
  return counts;
}

/** Whether every report of a snapshot request has its (single) DAILY instance stored. */
async function snapshotDone(connectionId: string, requestAppleId: string) {
  const kinds = await db.analyticsInstance.findMany({ where: { connectionId, requestAppleId }, select: { kind: true }, distinct: ["kind"] });
  return kinds.length >= KINDS.length;
}
