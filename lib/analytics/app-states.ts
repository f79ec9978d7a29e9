import { db } from "@/lib/db/client";
import type { AnalyticsStatus } from "@/lib/generated/prisma/enums";
import { longDay } from "./figures";

/** "18 Nov 2026 04:00 UTC". */
const minuteWords = (d: Date) => `${longDay(d.toISOString().slice(0, 10))} ${d.toISOString().slice(11, 16)} UTC`;

/**
 * What an app's analytics state means for the person reading its figures, as one sentence
 * naming the app; null when the reports arrive as they should.
 */
export function analyticsStateWords(s: { appName: string; status: AnalyticsStatus; statusReason: string | null; ongoingRequestedAt?: Date | null }) {
  if (s.status === "ACTIVE") return null;
  // The sync writes its own sentence when it knows more (Apple's words, the date of a request).
  if (s.statusReason?.trim()) return `${s.appName}: ${s.statusReason.trim()}`;
  switch (s.status) {
    case "NOT_REQUESTED":
      return `${s.appName}: no analytics reports have been requested from Apple yet; the next analytics sync asks for them.`;
    case "WAITING_FOR_DATA":
      return `${s.appName}: waiting for Apple's first reports, which arrive 24 to 48 hours after the request${s.ongoingRequestedAt ? ` made on ${minuteWords(s.ongoingRequestedAt)}` : ""}.`;
    case "NEEDS_ADMIN":
      return `${s.appName}: only a key with the Admin role may ask Apple for analytics reports the first time; this connection's key may not.`;
    case "NO_ACCESS":
      return `${s.appName}: this connection's key may not read analytics reports (it needs the Admin, Sales and Reports or Finance role).`;
    case "STOPPED":
      return `${s.appName}: Apple stopped the analytics reports after they went unread, and they could not be asked for again, so newer days are missing.`;
    case "FAILED":
      return `${s.appName}: the last analytics sync failed.`;
  }
}

/**
 * The analytics state of each app given. An app without a state row has never been through
 * the analytics sync: not requested, unless figures are stored for it all the same.
 */
export async function analyticsAppStates(organizationId: string, apps: { id: string; name: string }[], withData: Set<string>) {
  if (!apps.length) return [];
  const rows = await db.analyticsAppState.findMany({
    where: { organizationId, appId: { in: apps.map((a) => a.id) } },
    select: { appId: true, status: true, statusReason: true, ongoingRequestedAt: true, syncedAt: true },
  });
  const byApp = new Map(rows.map((r) => [r.appId, r]));
  return apps.map((a) => {
    const r = byApp.get(a.id);
    const state = { appName: a.name, status: r?.status ?? (withData.has(a.id) ? ("ACTIVE" as const) : ("NOT_REQUESTED" as const)), statusReason: r?.statusReason ?? null, ongoingRequestedAt: r?.ongoingRequestedAt ?? null };
    return { appId: a.id, appName: a.name, status: state.status, statusReason: state.statusReason, syncedAt: r?.syncedAt?.toISOString() ?? null, words: analyticsStateWords(state) };
  });
}
export type TAnalyticsAppState = Awaited<ReturnType<typeof analyticsAppStates>>[number];
