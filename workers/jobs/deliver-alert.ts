import { deliverAlert } from "@/lib/alerts/deliver";
import { JOBS } from "@/lib/jobs/definitions";
import { isFinalAttempt } from "@/lib/sync/failures";
import type { JobHandler } from "../registry";

/** One alert delivery; a failure is thrown so the queue tries again with backoff. */
export const deliverAlertJob: JobHandler<typeof JOBS["deliver-alert"]> = {
  name: "deliver-alert",
  schema: JOBS["deliver-alert"],
  handle: (p, { job }) => deliverAlert(p.organizationId, p.deliveryId, { finalAttempt: isFinalAttempt(job) }),
};
