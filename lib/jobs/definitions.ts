import { z } from "zod";

/** Housekeeping jobs. */
export const MAINTENANCE_QUEUE = "maintenance";
/** Everything that talks to App Store Connect for a connection. */
export const SYNC_QUEUE = "sync";
/** Alert deliveries (email, Slack, Teams, webhooks): never behind a long sync. */
export const ALERT_QUEUE = "alerts";

const Id = z.string().min(1).max(64);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a day is YYYY-MM-DD");
const Trigger = z.enum(["schedule", "manual", "api"]);
const Target = { organizationId: Id, connectionId: Id };

/** Payload schemas of every job: ids and small parameters only, never secrets or big data. */
export const JOBS = {
  "prune-invitations": z.object({}).strict(),
  /** Queues again the uploads whose job was lost; removes staged files nothing needs. */
  "prune-media": z.object({}).strict(),
  /** Queues again the alert deliveries that are due and have no job (their process stopped before queueing them). */
  "sweep-alerts": z.object({}).strict(),
  /** Mails every enabled client report whose last complete week or month has not been sent (daily, 06:00 UTC). */
  "send-client-reports": z.object({}).strict(),
  /** An approved change set's push at its scheduled time; its job id is the set's. */
  "push-change-set": z.object({ organizationId: Id, changeSetId: Id }).strict(),
  /** One alert delivery to one channel; its job id is the delivery's id, so it is queued once. */
  "deliver-alert": z.object({ organizationId: Id, deliveryId: Id }).strict(),
  /** Reads the connection's apps, then fans out per app (metadata, reviews, or both). */
  "sync-connection": z.object({ ...Target, kind: z.enum(["FULL", "METADATA", "REVIEWS", "REVIEWS_DEEP"]), trigger: Trigger, runId: Id.optional() }).strict(),
  "sync-metadata": z.object({ ...Target, appId: Id, runId: Id, interactive: z.boolean().optional() }).strict(),
  "sync-reviews": z.object({ ...Target, appId: Id, deep: z.boolean(), runId: Id, interactive: z.boolean().optional() }).strict(),
  /** One day's sales report; without a run it is a retry of a day Apple had not published yet. */
  "sync-sales-day": z.object({ ...Target, day: Day, runId: Id.optional(), interactive: z.boolean().optional() }).strict(),
  /** Fetches every missing sales day of a range (or of the last `days` days), at most a year back. */
  "sales-backfill": z
    .object({ ...Target, trigger: Trigger, runId: Id.optional(), days: z.number().int().min(1).max(366).optional(), from: Day.optional(), to: Day.optional() })
    .strict(),
  /** App Store analytics of a connection: one `sync-analytics-app` per stored app. */
  "sync-analytics": z.object({ ...Target, trigger: Trigger, runId: Id.optional() }).strict(),
  /** One app's analytics report requests and the daily report instances not stored yet. */
  "sync-analytics-app": z.object({ ...Target, appId: Id, runId: Id, interactive: z.boolean().optional() }).strict(),
  /** A batch's screenshots or previews for one set, sent to Apple in order (lib/media/upload-run.ts). */
  "media-upload": z
    .object({ ...Target, batchId: Id, localizationId: Id, displayType: z.string().min(1).max(40), kind: z.enum(["SCREENSHOT", "PREVIEW"]) })
    .strict(),
} as const;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]>;

export const SYNC_JOBS = ["sync-connection", "sync-metadata", "sync-reviews", "sync-sales-day", "sales-backfill", "media-upload", "sync-analytics", "sync-analytics-app"] as const satisfies readonly JobName[];
export type SyncJobName = (typeof SYNC_JOBS)[number];

/** The queue each job runs on. */
export function queueOf(name: JobName) {
  if (name === "deliver-alert") return ALERT_QUEUE;
  return (SYNC_JOBS as readonly string[]).includes(name) ? SYNC_QUEUE : MAINTENANCE_QUEUE;
}

/** The run item a sync job stands for (recorded once per run), or null for jobs that fan out. */
export function runItemKey(name: string, data: { appId?: string; day?: string }): string | null {
  if (name === "sync-metadata") return `metadata:${data.appId}`;
  if (name === "sync-reviews") return `reviews:${data.appId}`;
  if (name === "sync-sales-day") return `sales:${data.day}`;
  if (name === "sync-analytics-app") return `analytics:${data.appId}`;
  return null;
}
