import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { syncQueue } from "@/lib/jobs/queues";
import { ACTIVE_STATUSES, enqueueUpload, UNSETTLED } from "./uploads";

const HOUR_MS = 60 * 60 * 1000;
/** An unfinished upload untouched this long has lost its job if Redis no longer holds one. */
export const STALLED_AFTER_MS = HOUR_MS;
/** A staged file no unfinished upload names is removed once it is this old. */
export const STRAY_AFTER_MS = 24 * HOUR_MS;

/**
 * Hourly housekeeping of uploads. An unfinished upload whose job Redis no longer holds (a
 * Redis restarted without its data, a job removed by hand) is queued again; the job resumes
 * from the step the row records. A staged file that no unfinished upload names (a web server
 * stopped while a body was arriving) is removed after a day. Ages are measured on the
 * machine's clock, as the files' and rows' own times are.
 */
export async function sweepMedia(at = Date.now()) {
  const stalled = await db.mediaUpload.findMany({
    where: { ...UNSETTLED, updatedAt: { lt: new Date(at - STALLED_AFTER_MS) } },
    select: { id: true, organizationId: true, connectionId: true, batchId: true, localizationId: true, displayType: true, kind: true },
  });
  let requeued = 0;
  for (const row of stalled) {
    const job = await syncQueue().getJob(`media.${row.id}`);
    const state = job ? await job.getState() : "missing";
    if (state === "waiting" || state === "active" || state === "delayed" || state === "prioritized" || state === "waiting-children") continue;
    // A finished job of an unfinished row ran before the row was its to send; a new one takes it on.
    await job?.remove().catch(() => undefined);
    await enqueueUpload(row);
    requeued++;
  }

  const needed = new Set(
    (await db.mediaUpload.findMany({ where: { status: { in: [...ACTIVE_STATUSES] }, stagedPath: { not: null } }, select: { stagedPath: true } })).map((r) => r.stagedPath),
  );
  let removed = 0;
  const root = env.MEDIA_STAGING_DIR;
  for (const org of await readdir(root, { withFileTypes: true }).catch(() => [])) {
    if (!org.isDirectory()) continue;
    for (const name of await readdir(path.join(root, org.name)).catch(() => [] as string[])) {
      const relative = `${org.name}/${name}`;
      if (needed.has(relative)) continue;
      const file = path.join(root, relative);
      const info = await stat(file).catch(() => null);
      if (!info?.isFile() || at - info.mtimeMs < STRAY_AFTER_MS) continue;
      await rm(file, { force: true });
      removed++;
    }
  }
  return { requeued, removed };
}
