import { JOBS, runItemKey } from "@/lib/jobs/definitions";
import { syncMetadata } from "@/lib/sync/metadata";
import type { JobHandler } from "../registry";
import { runSyncItem } from "../sync/runner";

/** One app's metadata: app infos and versions with their localizations (two requests). */
export const syncMetadataJob: JobHandler<typeof JOBS["sync-metadata"]> = {
  name: "sync-metadata",
  schema: JOBS["sync-metadata"],
  handle: (p, ctx) => runSyncItem(ctx, p, runItemKey("sync-metadata", p)!, (t) => syncMetadata(t, p.appId)),
};
