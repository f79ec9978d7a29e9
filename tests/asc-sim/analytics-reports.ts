import { gzipSync } from "node:zlib";
import type { SimApp } from "./data";
import { addDays, completeness, dayMs, dayOf, DEVICES, type KeywordChange, PRIVACY_THRESHOLD, trafficOf, type TrafficCell } from "./analytics-traffic";

/**
 * Analytics report requests, the reports they make available, their instances (one per
 * granularity and processing date) and the gzip TSV files of their segments, on Apple's clock.
 */

export type AnalyticsConfig = {
  /** The first reports arrive this long after an ONGOING request ("approximately 24-48 hours"); each request draws its delay in the range from the seed. */
  firstDataMinHours: number;
  firstDataMaxHours: number;
  /** A day's counts are final in the instance processed this many days after it; earlier instances carry partial counts. */
  completeAfterDays: number;
  /** A request with no instance, segment or file read for this long stops (stoppedDueToInactivity). */
  inactivityDays: number;
  /** Days of history a ONE_TIME_SNAPSHOT carries. */
  historyDays: number;
  /** Relative rise of search conversion after a keyword change (0.2: +20%). */
  searchConversionUplift: number;
  /** Hour (UTC) at which a processing date's instances are published. */
  publishHourUtc: number;
  /** Segment URLs stop working this long after they were handed out ("valid for 5 minutes"). */
  segmentUrlTtlMs: number;
  /** Territories with traffic: 13 by default; more (up to every ISO region) for benchmarks. */
  territoryCount: number;
  /**
   * A test control, not an Apple behaviour: Apple's analytics run this many days ahead of the
   * simulator's clock, so a test sees weeks of reports pass while tokens, signed on the
   * product's clock, stay valid (the token check reads the unshifted clock).
   */
  clockShiftDays: number;
};

export const DEFAULT_ANALYTICS_CONFIG: AnalyticsConfig = {
  firstDataMinHours: 24,
  firstDataMaxHours: 48,
  completeAfterDays: 3,
  inactivityDays: 14,
  historyDays: 90,
  searchConversionUplift: 0.2,
  publishHourUtc: 6,
  segmentUrlTtlMs: 5 * 60_000,
  territoryCount: 13,
  clockShiftDays: 0,
};

export type AccessType = "ONGOING" | "ONE_TIME_SNAPSHOT";
export type SimReportRequest = { id: string; appId: string; accessType: AccessType; createdAt: number; firstDataAt: number; lastUsedAt: number; deleted: boolean };
/** An account's analytics: its report requests (deleted ones kept, for Apple's snapshot frequency limit) and the keyword changes made through the API. */
export type SimAnalytics = {
  requests: SimReportRequest[];
  changes: KeywordChange[];
  /** This account's own settings (POST /__sim/analytics/config with its issuerId); the simulator's otherwise. */
  config?: AnalyticsConfig;
};
export const emptyAnalytics = (): SimAnalytics => ({ requests: [], changes: [] });

export type ReportCategory = "APP_USAGE" | "APP_STORE_ENGAGEMENT" | "COMMERCE" | "FRAMEWORK_USAGE" | "PERFORMANCE";
type FileKind = "engagement" | "downloads" | "installs";
/** The reports a request makes available. Only those with a `file` have instances in the simulator. */
export const REPORTS: { name: string; category: ReportCategory; file?: FileKind }[] = [
  { name: "App Store Discovery and Engagement Standard", category: "APP_STORE_ENGAGEMENT", file: "engagement" },
  { name: "App Store Discovery and Engagement Detailed", category: "APP_STORE_ENGAGEMENT" },
  { name: "App Downloads Standard", category: "COMMERCE", file: "downloads" },
  { name: "App Downloads Detailed", category: "COMMERCE" },
  { name: "App Store Purchases Standard", category: "COMMERCE" },
  { name: "App Store Installation and Deletion Standard", category: "APP_USAGE", file: "installs" },
  { name: "App Sessions Standard", category: "APP_USAGE" },
  { name: "App Crashes", category: "APP_USAGE" },
  { name: "App Installs Performance", category: "PERFORMANCE" },
];

/** Column names, in order, of the files the simulator serves (read them by name, as Apple adds columns). */
export const COLUMNS: Record<FileKind, string[]> = {
  engagement: ["Date", "App Name", "App Apple Identifier", "Event", "Page Type", "Source Type", "Engagement Type", "Device", "Platform Version", "Territory", "Counts"],
  downloads: ["Date", "App Name", "App Apple Identifier", "Download Type", "App Version", "Device", "Platform Version", "Source Type", "Page Type", "Pre-Order", "Territory", "Counts"],
  installs: ["Date", "App Name", "App Apple Identifier", "Event", "App Version", "Device", "Platform Version", "Source Type", "Page Type", "Territory", "Counts"],
};

const hash01 = (s: string) => {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0) / 4294967296;
};

export function newRequest(id: string, appId: string, accessType: AccessType, now: number, seed: number, cfg: AnalyticsConfig): SimReportRequest {
  const delayH = cfg.firstDataMinHours + (cfg.firstDataMaxHours - cfg.firstDataMinHours) * hash01(`${seed}|${id}`);
  return { id, appId, accessType, createdAt: now, firstDataAt: now + Math.round(delayH * 3_600_000), lastUsedAt: now, deleted: false };
}

/** When the request stopped for want of reads, if it has. */
export function stoppedAt(r: SimReportRequest, now: number, cfg: AnalyticsConfig): number | undefined {
  const limit = r.lastUsedAt + cfg.inactivityDays * dayMs;
  return now > limit ? limit : undefined;
}

export type Granularity = "DAILY" | "WEEKLY" | "MONTHLY";
export type InstanceRef = { id: string; reportId: string; requestId: string; report: (typeof REPORTS)[number]; granularity: Granularity; processingDate: string };

export const reportId = (requestId: string, index: number) => `r${index + 1}-${requestId}`;
export function parseReportId(id: string): { requestId: string; index: number } | null {
  const m = /^r(\d+)-(.+)$/.exec(id);
  if (!m || !REPORTS[Number(m[1]) - 1]) return null;
  return { index: Number(m[1]) - 1, requestId: m[2] };
}
export const instanceId = (rid: string, g: Granularity, day: string) => `${rid}.${g}.${day}`;

/** Instances published by `now` (none after the request stopped). */
export function instancesOf(r: SimReportRequest, index: number, now: number, cfg: AnalyticsConfig): InstanceRef[] {
  const report = REPORTS[index];
  if (!report.file) return [];
  const end = Math.min(now, stoppedAt(r, now, cfg) ?? Infinity);
  if (end < r.firstDataAt) return [];
  const rid = reportId(r.id, index);
  const make = (granularity: Granularity, processingDate: string): InstanceRef => ({ id: instanceId(rid, granularity, processingDate), reportId: rid, requestId: r.id, report, granularity, processingDate });
  const first = dayOf(r.firstDataAt);
  if (r.accessType === "ONE_TIME_SNAPSHOT") return [make("DAILY", first)];
  const out: InstanceRef[] = [];
  for (let day = first; day <= dayOf(end); day = addDays(day, 1)) {
    if (Math.max(r.firstDataAt, Date.parse(`${day}T00:00:00Z`) + cfg.publishHourUtc * 3_600_000) > end) continue;
    out.push(make("DAILY", day));
    // Weekly reports every Friday for the previous Monday to Sunday; monthly on the fifth for the previous month.
    if (new Date(`${day}T00:00:00Z`).getUTCDay() === 5) out.push(make("WEEKLY", day));
    if (day.endsWith("-05")) out.push(make("MONTHLY", day));
  }
  return out;
}

/** One block of rows: a Date value, the days it sums, and the share of their events processed. */
type Batch = { date: string; days: string[]; share: number };

function batchesOf(inst: InstanceRef, accessType: AccessType, cfg: AnalyticsConfig): Batch[] {
  const p = inst.processingDate;
  const daysBetween = (from: string, to: string) => {
    const out: string[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
    return out;
  };
  if (inst.granularity === "WEEKLY") return [{ date: addDays(p, -11), days: daysBetween(addDays(p, -11), addDays(p, -5)), share: 1 }];
  if (inst.granularity === "MONTHLY") {
    const firstOfThis = `${p.slice(0, 7)}-01`;
    const firstOfPrev = `${dayOf(Date.parse(`${firstOfThis}T00:00:00Z`) - dayMs).slice(0, 7)}-01`;
    return [{ date: firstOfPrev, days: daysBetween(firstOfPrev, addDays(firstOfThis, -1)), share: 1 }];
  }
  // A daily instance restates the days not yet final, so late events reach the reader.
  const back = Math.max(1, accessType === "ONE_TIME_SNAPSHOT" ? cfg.historyDays : cfg.completeAfterDays);
  const out: Batch[] = [];
  for (let age = back; age >= 1; age--) out.push({ date: addDays(p, -age), days: [addDays(p, -age)], share: completeness(age, cfg.completeAfterDays) });
  return out;
}

/** The rows of one batch: per cell and event, counts scaled to what is processed, thresholded. */
function rowsOf(kind: FileKind, app: SimApp, seed: number, batch: Batch, changes: KeywordChange[], cfg: AnalyticsConfig): string[][] {
  const sums = new Map<string, TrafficCell>();
  for (const day of batch.days) {
    for (const c of trafficOf(seed, app, day, changes, { searchConversionUplift: cfg.searchConversionUplift, territoryCount: cfg.territoryCount })) {
      const k = `${c.territory}|${c.sourceType}|${c.pageType}|${c.device}`;
      const s = sums.get(k);
      if (!s) sums.set(k, { ...c, date: batch.date });
      else for (const m of ["impressions", "productPageViews", "firstTimeDownloads", "redownloads", "installations", "deletions"] as const) s[m] += c[m];
    }
  }
  const rows: string[][] = [];
  const keep = (n: number) => Math.floor(n * batch.share);
  for (const c of sums.values()) {
    const pv = DEVICES[c.device].platformVersion;
    const events: [string, number][] =
      kind === "engagement" ? [["Impression", keep(c.impressions)], ["Page view", keep(c.productPageViews)]]
      : kind === "downloads" ? [["First-time download", keep(c.firstTimeDownloads)], ["Redownload", keep(c.redownloads)]]
      : [["Install", keep(c.installations)], ["Delete", keep(c.deletions)]];
    for (const [event, n] of events) {
      if (n < PRIVACY_THRESHOLD) continue;
      rows.push(
        kind === "engagement"
          ? [c.date, app.name, app.id, event, c.pageType, c.sourceType, "", c.device, pv, c.territory, String(n)]
          : kind === "downloads"
            ? [c.date, app.name, app.id, event, "1.0", c.device, pv, c.sourceType, c.pageType, "", c.territory, String(n)]
            : [c.date, app.name, app.id, event, "1.0", c.device, pv, c.sourceType, c.pageType, c.territory, String(n)],
      );
    }
  }
  return rows;
}

/** The segments of an instance: a snapshot splits by calendar month, anything else is one file. */
export function segmentsOf(inst: InstanceRef, r: SimReportRequest, app: SimApp, seed: number, changes: KeywordChange[], cfg: AnalyticsConfig): { id: string; gzip: Buffer }[] {
  const kind = inst.report.file!;
  const groups = new Map<string, Batch[]>();
  for (const b of batchesOf(inst, r.accessType, cfg)) {
    const g = r.accessType === "ONE_TIME_SNAPSHOT" ? b.date.slice(0, 7) : "all";
    groups.set(g, [...(groups.get(g) ?? []), b]);
  }
  return [...groups.values()].map((batches, n) => {
    const rows = batches.flatMap((b) => rowsOf(kind, app, seed, b, changes, cfg));
    const tsv = [COLUMNS[kind], ...rows].map((row) => row.join("\t")).join("\n") + "\n";
    return { id: `${inst.id}.${n}`, gzip: gzipSync(tsv) };
  });
}
