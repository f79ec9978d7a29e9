import { JOBS } from "@/lib/jobs/definitions";
import { runMediaUpload } from "@/lib/media/upload-run";
import type { JobHandler } from "../registry";

/** A batch's screenshots or previews for one set: reserved, uploaded in parts, committed and awaited at Apple. */
export const mediaUploadJob: JobHandler<typeof JOBS["media-upload"]> = {
  name: "media-upload",
  schema: JOBS["media-upload"],
  handle: runMediaUpload,
};
