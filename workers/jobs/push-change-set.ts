import { pushScheduledChangeSet } from "@/lib/changesets/changesets";
import { JOBS } from "@/lib/jobs/definitions";
import type { JobHandler } from "../registry";

/** Pushes an approved change set at the time it was scheduled for; a set no longer approved is left alone. */
export const pushChangeSetJob: JobHandler<typeof JOBS["push-change-set"]> = {
  name: "push-change-set",
  schema: JOBS["push-change-set"],
  handle: (p) => pushScheduledChangeSet(p.organizationId, p.changeSetId),
};
