import { z } from "zod";
import { db } from "@/lib/db/client";
import type { AnalyticsStatus } from "@/lib/generated/prisma/enums";
import { defineOperation } from "@/lib/http/operation";
import { mount } from "@/lib/http/serve";
import type { OrgContext } from "@/lib/tenancy/context";
import { connectionScopedWhere } from "@/lib/tenancy/scope";
import { longDay, utcWords } from "@/lib/dates";

const STATUSES = ["NOT_REQUESTED", "WAITING_FOR_DATA", "ACTIVE", "STOPPED", "NEEDS_ADMIN", "NO_ACCESS", "FAILED"] as const satisfies readonly AnalyticsStatus[];

const ZAppAnalyticsStatus = z.object({
  appId: z.string(),
  appName: z.string(),
  connectionId: z.string(),
  connectionName: z.string(),
  status: z.enum(STATUSES),
  statusReason: z.string().nullable().describe("What the last sync found, in plain words, when something stands in the way"),
  words: z.string().describe("The state in a sentence a person understands"),
  latestDate: z.string().nullable().describe("The newest day with stored analytics (YYYY-MM-DD)"),
  syncedAt: z.string().nullable().describe("When the analytics sync last read Apple (ISO 8601)"),
});
export const ZAnalyticsStatus = z.object({ apps: z.array(ZAppAnalyticsStatus) });
export type TAnalyticsStatus = z.infer<typeof ZAnalyticsStatus>;


/** One sentence for an app's analytics state. */
export function analyticsWords(s: { status: AnalyticsStatus; statusReason: string | null; ongoingRequestedAt: Date | null; latestDate: string | null; syncedAt: Date | null }): string {
  switch (s.status) {
    case "NOT_REQUESTED":
      return "Analytics have not been synced yet: the daily analytics sync asks Apple for this app's reports at its next run.";
    case "WAITING_FOR_DATA":
      return s.ongoingRequestedAt
        ? `Waiting for Apple's first reports: they arrive 24 to 48 hours after the request made on ${utcWords(s.ongoingRequestedAt)}.`
        : "Waiting for Apple's first reports: they arrive 24 to 48 hours after the request is made.";
    case "ACTIVE":
      return s.latestDate
        ? `Apple's daily reports are arriving; the newest day stored is ${longDay(s.latestDate)}.`
        : "Apple's daily reports are arriving; no day had traffic to report yet.";
    case "STOPPED":
    case "NEEDS_ADMIN":
    case "NO_ACCESS":
      return s.statusReason ?? "Apple does not deliver this app's analytics reports to this key.";
    case "FAILED":
      return s.statusReason ? `The last analytics sync failed: ${s.statusReason}` : "The last analytics sync failed.";
  }
}

/** Analytics state of every app the caller may see, by app name. */
export async function analyticsStatus(ctx: OrgContext): Promise<TAnalyticsStatus> {
  const apps = await db.syncedApp.findMany({
    where: await connectionScopedWhere(ctx),
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: {
      id: true, name: true, connectionId: true, connection: { select: { name: true } },
      analytics: { select: { status: true, statusReason: true, ongoingRequestedAt: true, syncedAt: true } },
    },
  });
  const latest = apps.length
    ? await db.analyticsDay.groupBy({ by: ["appId"], where: { organizationId: ctx.orgId, appId: { in: apps.map((a) => a.id) } }, _max: { date: true } })
    : [];
  const latestOf = new Map(latest.map((l) => [l.appId, l._max.date?.toISOString().slice(0, 10) ?? null]));
  return {
    apps: apps.map((a) => {
      const st = a.analytics ?? { status: "NOT_REQUESTED" as const, statusReason: null, ongoingRequestedAt: null, syncedAt: null };
      const latestDate = latestOf.get(a.id) ?? null;
      return {
        appId: a.id,
        appName: a.name,
        connectionId: a.connectionId,
        connectionName: a.connection.name,
        status: st.status,
        statusReason: st.statusReason,
        words: analyticsWords({ ...st, latestDate }),
        latestDate,
        syncedAt: st.syncedAt?.toISOString() ?? null,
      };
    }),
  };
}

export const analyticsStatusOperations = [
  defineOperation({
    id: "analytics.status", method: "GET", path: "/api/orgs/[orgId]/analytics/status", apiPath: "/api/v1/analytics/status", access: "analytics.read",
    summary: "Per app: whether Apple delivers its App Store analytics reports, in words, and the newest day stored",
    description: "Agency members and restricted tokens see only the apps of their connections.",
    ok: { status: 200, description: "Analytics state per app", schema: ZAnalyticsStatus },
    handler: ({ ctx }) => analyticsStatus(ctx),
  }),
];

export const routes = mount(analyticsStatusOperations);
