import type { TSyncRun, TSyncStatus } from "@/lib/sync/status";

export type Kind = TSyncRun["kind"];
export type RunStatus = TSyncRun["status"];

/** What each kind is called on the page; the progress bar of a run is named by it too. */
export const KIND_LABEL: Record<Kind, string> = {
  FULL: "Full sync",
  APPS: "App list",
  METADATA: "Metadata sync",
  REVIEWS: "Review sync",
  REVIEWS_DEEP: "Deep review sync",
  SALES: "Sales reports",
  ANALYTICS: "Analytics reports",
};

export const KIND_HINT: Record<Kind, string> = {
  FULL: "Apps, their metadata and new reviews",
  APPS: "The list of apps",
  METADATA: "App info and version texts in every locale",
  REVIEWS: "New reviews and responses since the last pass",
  REVIEWS_DEEP: "Every review again, to catch edits and deletions",
  SALES: "Daily sales reports (the last 30 days, or a range)",
  ANALYTICS: "App Store impressions, page views, downloads and installs per app",
};

export const RUN_STATUS: Record<RunStatus, { label: string; className: string }> = {
  QUEUED: { label: "Queued", className: "bg-slate-100 text-slate-700" },
  RUNNING: { label: "Running", className: "bg-blue-100 text-blue-800" },
  SUCCEEDED: { label: "Succeeded", className: "bg-green-100 text-green-800" },
  FAILED: { label: "Failed", className: "bg-red-100 text-red-800" },
};

export const TRIGGER_LABEL: Record<string, string> = { schedule: "Schedule", manual: "Sync now", api: "API" };

type SalesStatus = TSyncStatus["salesDays"][number]["status"];
export const SALES_STATUS: Record<SalesStatus, { label: string; className: string }> = {
  FETCHED: { label: "Fetched", className: "bg-green-100 text-green-800" },
  NO_SALES: { label: "No sales", className: "bg-slate-100 text-slate-700" },
  NOT_AVAILABLE: { label: "Not published yet", className: "bg-amber-100 text-amber-900" },
  FAILED: { label: "Failed", className: "bg-red-100 text-red-800" },
};

/** UTC, so the server's render and the browser's agree whatever the viewer's time zone. */
export function utc(iso: string | null): string {
  return iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "—";
}

export function duration(run: Pick<TSyncRun, "startedAt" | "finishedAt">): string {
  if (!run.startedAt || !run.finishedAt) return "—";
  const s = Math.max(0, Math.round((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

export function counts(run: Pick<TSyncRun, "fetched" | "created" | "updated">): string {
  return `${run.fetched.toLocaleString("en")} fetched · ${run.created.toLocaleString("en")} created · ${run.updated.toLocaleString("en")} updated`;
}

/** Kinds a person can start (and so retry) from the page; app lists run inside the others. */
export const REQUESTABLE: Kind[] = ["FULL", "METADATA", "REVIEWS", "REVIEWS_DEEP", "SALES", "ANALYTICS"];
