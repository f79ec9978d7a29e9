import { db } from "@/lib/db/client";
import type { AnalyticsStatus } from "@/lib/generated/prisma/enums";

const isoMinute = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/**
 * What an app's analytics state means for the person reading its figures, as one sentence;
 * null when the reports arrive as they should. Apple's or the sync's own reason, when given,
 * says why.
 */
export function analyticsStateWords(s: { appName: string; status: AnalyticsStatus; statusReason: string | null; ongoingRequestedAt?: Date | null }) {
  const why = s.statusReason ? ` ${s.statusReason.trim()}` : "";
  switch (s.status) {
    case "ACTIVE":
      return null;
    case "NOT_REQUESTED":
      return `${s.appName}: no analytics reports have been requested from Apple yet; the next analytics sync asks for them.${why}`;
    case "WAITING_FOR_DATA":
      return `${s.appName}: waiting for Apple's first reports, which arrive 24 to 48 hours after the request${s.ongoingRequestedAt ? ` made on ${isoMinute(s.ongoingRequestedAt)}` : ""}.${why}`;
    case "NEEDS_ADMIN":
      return `${s.appName}: only a key with the Admin role may ask Apple for analytics reports the first time; this connection's key may not.${why}`;
    case "NO_ACCESS":
      return `${s.appName}: this connection's key may not read analytics reports (it needs the Admin, Sales and Reports or Finance role).${why}`;
    case "STOPPED":
      return `${s.appName}: Apple stopped the analytics reports after they went unread, and they could not be asked for again, so newer days are missing.${why}`;
    case "FAILED":
      return `${s.appName}: the last analytics sync failed.${why}`;
  }
}

/** The analytics state of each app given (apps without a state row have never been synced: not requested). */
export async function analyticsAppStates(organizationId: string, apps: { id: string; name: string }[]) {
  if (!apps.length) return [];
  const rows = await db.analyticsAppState.findMany({
    where: { organizationId, appId: { in: apps.map((a) => a.id) } },
    select: { appId: true, status: true, statusReason: true, ongoingRequestedAt: true, syncedAt: true },
  });
  const byApp = new Map(rows.map((r) => [r.appId, r]));
  return apps.map((a) => {
    const r = byApp.get(a.id);
    const state = { appName: a.name, status: r?.status ?? ("NOT_REQUESTED" as const), statusReason: r?.statusReason ?? null, ongoingRequestedAt: r?.ongoingRequestedAt ?? null };
    return { appId: a.id, appName: a.name, status: state.status, statusReason: state.statusReason, syncedAt: r?.syncedAt?.toISOString() ?? null, words: analyticsStateWords(state) };
  });
}
export type TAnalyticsAppState = Awaited<ReturnType<typeof analyticsAppStates>>[number];
