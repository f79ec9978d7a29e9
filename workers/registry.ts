import type { Job } from "bullmq";
import type { Logger } from "pino";
import type { z } from "zod";
import type { JobContext } from "@/lib/jobs/context";
import { deliverAlertJob } from "./jobs/deliver-alert";
import { mediaUploadJob } from "./jobs/media-upload";
import { pruneInvitationsJob } from "./jobs/prune-invitations";
import { pruneMediaJob } from "./jobs/prune-media";
import { pushChangeSetJob } from "./jobs/push-change-set";
import { salesBackfillJob } from "./jobs/sales-backfill";
import { sendClientReportsJob } from "./jobs/send-client-reports";
import { sweepAlertsJob } from "./jobs/sweep-alerts";
import { syncAnalyticsJob } from "./jobs/sync-analytics";
import { syncAnalyticsAppJob } from "./jobs/sync-analytics-app";
import { syncConnectionJob } from "./jobs/sync-connection";
import { syncMetadataJob } from "./jobs/sync-metadata";
import { syncReviewsJob } from "./jobs/sync-reviews";
import { syncSalesDayJob } from "./jobs/sync-sales-day";

export type { JobContext };

export type JobHandler<S extends z.ZodType> = {
  name: string;
  schema: S;
  handle(payload: z.infer<S>, ctx: JobContext): Promise<unknown>;
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const handlers: JobHandler<any>[] = [pruneInvitationsJob, pruneMediaJob, syncConnectionJob, syncMetadataJob, syncReviewsJob, syncSalesDayJob, salesBackfillJob, mediaUploadJob, syncAnalyticsJob, syncAnalyticsAppJob, deliverAlertJob, sweepAlertsJob, pushChangeSetJob, sendClientReportsJob];

export const registry = new Map(handlers.map((h) => [h.name, h]));

/** Runs a job through its handler; unknown names and bad payloads are logged and dropped, not retried. */
export async function dispatch(job: Job, log: Logger, token?: string) {
  const handler = registry.get(job.name);
  const jobLog = log.child({ jobId: job.id, job: job.name, orgId: (job.data as { organizationId?: string })?.organizationId });
  if (!handler) {
    jobLog.warn("unknown job name; dropped");
    return { dropped: "unknown job" };
  }
  const parsed = handler.schema.safeParse(job.data);
  if (!parsed.success) {
    jobLog.error({ issues: parsed.error.issues.map((i: { path: PropertyKey[]; message: string }) => `${i.path.join(".")}: ${i.message}`) }, "invalid job payload; dropped");
    return { dropped: "invalid payload" };
  }
  return handler.handle(parsed.data, { job, log: jobLog, token });
}
