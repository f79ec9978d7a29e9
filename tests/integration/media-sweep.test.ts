import { existsSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, getDb } from "@/lib/db/client";
import { closeQueues, syncQueue } from "@/lib/jobs/queues";
import { getLogger } from "@/lib/log";
import { sweepMedia } from "@/lib/media/sweep";
import { stageUpload } from "@/lib/media/uploads";
import { getRedis } from "@/lib/redis";
import { startWorkers } from "@/workers/start";
import { AscSimulator } from "../asc-sim/server";
import { png } from "../support/png";
import { waitFor } from "./support/faults";
import { prepareSyncEnv } from "./support/sync-env";
import { syncedMetadataAccount } from "./support/synced-account";

/**
 * The hourly sweep of uploads: an upload whose job Redis lost is queued again and then
 * reaches Apple; a staged file nothing needs goes after a day, one an upload needs stays.
 */
const staging = mkdtempSync(path.join(tmpdir(), "media-sweep-"));
process.env.MEDIA_STAGING_DIR = staging;
const port = await prepareSyncEnv("msweep");
const sim = new AscSimulator({ seed: 71, sizes: { apps: 1, reviewsPerApp: 1, locales: 2 }, media: { screenshotProcessingMs: 0 } });
let workers: ReturnType<typeof startWorkers> | undefined;
let account: Awaited<ReturnType<typeof syncedMetadataAccount>>;

beforeAll(async () => {
  await sim.listen(port);
  await syncQueue().obliterate({ force: true });
  account = await syncedMetadataAccount(sim);
}, 60_000);

afterAll(async () => {
  await workers?.close();
  await closeQueues();
  await sim.close();
  await getRedis().quit();
  await getDb().$disconnect();
});

const DAY_AND_AN_HOUR_AGO = () => new Date(Date.now() - 25 * 60 * 60 * 1000);

describe("sweeping media uploads", () => {
  it("queues again an upload whose job was lost, which then completes; removes only stray staged files older than a day", async () => {
    const app = account.apps[0];
    // The version being prepared (v2) takes new screenshots; the live one does not.
    const loc = await db.syncedVersionLocalization.findFirstOrThrow({ where: { organizationId: account.ctx.orgId, locale: "de-DE", version: { appId: app.id, appleId: `${app.appleId}-v2` } }, select: { id: true, appleId: true } });
    const row = await stageUpload(account.ctx, app.id, { localizationId: loc.id, displayType: "APP_IPHONE_67", kind: "SCREENSHOT", fileName: "lost.png" }, Readable.from([png(1320, 2868, { rgb: [7, 8, 9] })]));
    const jobId = `media.${row.id}`;
    // Redis loses the job (restarted without its data): the row alone remembers the upload.
    await (await syncQueue().getJob(jobId))!.remove();
    // Within the hour nothing is touched: the upload may simply be waiting its turn.
    expect(await sweepMedia()).toEqual({ requeued: 0, removed: 0 });

    await db.$executeRaw`UPDATE "MediaUpload" SET "updatedAt" = now() - interval '2 hours' WHERE id = ${row.id}`;
    const dir = path.join(staging, account.ctx.orgId);
    mkdirSync(dir, { recursive: true });
    const stray = path.join(dir, "0".repeat(32));
    const fresh = path.join(dir, "1".repeat(32));
    writeFileSync(stray, "left by a server that stopped mid-body");
    writeFileSync(fresh, "still arriving");
    const own = path.join(staging, row.stagedPath!);
    for (const file of [stray, own]) utimesSync(file, DAY_AND_AN_HOUR_AGO(), DAY_AND_AN_HOUR_AGO());

    expect(await sweepMedia()).toEqual({ requeued: 1, removed: 1 });
    expect([existsSync(stray), existsSync(fresh), existsSync(own)]).toEqual([false, true, true]);
    expect(["waiting", "delayed", "prioritized"]).toContain(await (await syncQueue().getJob(jobId))?.getState());
    // Queued again, it is left alone by the next sweep.
    expect((await sweepMedia()).requeued).toBe(0);

    workers = startWorkers(getLogger());
    const done = await waitFor(
      "the swept upload to finish",
      async () => {
        const r = await db.mediaUpload.findUniqueOrThrow({ where: { id: row.id } });
        return (r.status === "COMPLETE" && r.settledAt) || r.status === "FAILED" ? r : undefined;
      },
      30_000,
      100,
    );
    expect(done.status).toBe("COMPLETE");
    const set = sim.state.media.sets.find((s) => s.locId === loc.appleId && s.displayType === "APP_IPHONE_67");
    expect((set?.assetIds ?? []).map((id) => sim.state.media.assets.get(id)!.fileName)).toEqual(["lost.png"]);
    expect(existsSync(own)).toBe(false);
  }, 60_000);
});
