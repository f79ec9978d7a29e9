import { JOBS } from "@/lib/jobs/definitions";
import { syncConnection } from "@/lib/sync/fan-out";
import type { JobHandler } from "../registry";

/** Full, metadata or review sync of a connection: lists its apps, then one job per app and part. */
export const syncConnectionJob: JobHandler<typeof JOBS["sync-connection"]> = {
  name: "sync-connection",
  schema: JOBS["sync-connection"],
  handle: syncConnection,
};
