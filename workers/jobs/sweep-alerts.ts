import { dailyKeyAgeCheck } from "@/lib/alerts/key-age";
import { sweepAlerts } from "@/lib/alerts/queue";
import { sweepScheduledChangeSets } from "@/lib/changesets/changesets";
import { JOBS } from "@/lib/jobs/definitions";
import type { JobHandler } from "../registry";

/** Due deliveries and scheduled change-set pushes that lost their job are queued again; once a day, the connections' keys are checked for age. */
export const sweepAlertsJob: JobHandler<typeof JOBS["sweep-alerts"]> = {
  name: "sweep-alerts",
  schema: JOBS["sweep-alerts"],
  async handle(_payload, { log }) {
    const result = await sweepAlerts();
    if (result.requeued) log.info(result, "queued alert deliveries again");
    // A failing key-age check is logged; the sweep's own work is done and the next day tries again.
    const keys = await dailyKeyAgeCheck().catch((e: unknown) => {
      log.warn({ err: { message: (e as Error).message } }, "key ages not checked");
      return null;
    });
    if (keys?.deliveries) log.info(keys, "key-age alerts raised");
    // Approved change sets whose scheduled push lost its job are queued again.
    const sets = await sweepScheduledChangeSets().catch((e: unknown) => {
      log.warn({ err: { message: (e as Error).message } }, "scheduled change sets not swept");
      return null;
    });
    return { ...result, ...(keys ? { keyAges: keys } : {}), ...(sets ?? {}) };
  },
};
