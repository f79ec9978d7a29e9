import { JOBS } from "@/lib/jobs/definitions";
import { syncMetadataItem } from "@/lib/sync/items";
import type { JobHandler } from "../registry";

/** One app's metadata: app infos and versions with their localizations (two requests). */
export const syncMetadataJob: JobHandler<typeof JOBS["sync-metadata"]> = {
  name: "sync-metadata",
  schema: JOBS["sync-metadata"],
  handle: syncMetadataItem,
};
