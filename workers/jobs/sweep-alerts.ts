import { sweepAlerts } from "@/lib/alerts/queue";
import { JOBS } from "@/lib/jobs/definitions";
import type { JobHandler } from "../registry";

/** Due deliveries that lost their job are queued again. */
export const sweepAlertsJob: JobHandler<typeof JOBS["sweep-alerts"]> = {
  name: "sweep-alerts",
  schema: JOBS["sweep-alerts"],
  async handle(_payload, { log }) {
    const result = await sweepAlerts();
    if (result.requeued) log.info(result, "queued alert deliveries again");
    return result;
  },
};
