import { JOBS } from "@/lib/jobs/definitions";
import { sweepMedia } from "@/lib/media/sweep";
import type { JobHandler } from "../registry";

/** Uploads whose job was lost are queued again; staged files nothing needs are removed. */
export const pruneMediaJob: JobHandler<typeof JOBS["prune-media"]> = {
  name: "prune-media",
  schema: JOBS["prune-media"],
  async handle(_payload, { log }) {
    const result = await sweepMedia();
    log.info(result, "swept media uploads");
    return result;
  },
};
