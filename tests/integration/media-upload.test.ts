import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import type http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { zipSync } from "fflate";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { openApiDocument } from "@/lib/api/openapi";
import { db, getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { defineOperation } from "@/lib/http/operation";
import { serve } from "@/lib/http/serve";
import { stagedPath, stageStream } from "@/lib/media/staging";
import { readFileSync } from "node:fs";
import { closeQueues, syncQueue } from "@/lib/jobs/queues";
import { getLogger } from "@/lib/log";
import { enqueueUpload, importMediaZip, stageUpload } from "@/lib/media/uploads";
import { getRedis } from "@/lib/redis";
import { startWorkers } from "@/workers/start";
import { AscSimulator } from "../asc-sim/server";
import { movie } from "../support/movie";
import { png } from "../support/png";
import { waitFor } from "./support/faults";
import { prepareSyncEnv } from "./support/sync-env";
import { syncedMetadataAccount } from "./support/synced-account";

/**
 * Screenshots sent to the simulator through the upload job: checked before anything reaches
 * Apple, reserved, sent in parts to the upload origin (which refuses an Authorization
 * header), committed with the MD5 the simulator verifies, awaited; a failing part, failed
 * processing, a worker killed mid-upload, and a fastlane screenshots zip.
 */
const staging = mkdtempSync(path.join(tmpdir(), "media-staging-"));
process.env.MEDIA_STAGING_DIR = staging;
const port = await prepareSyncEnv("mupl");
const sim = new AscSimulator({ seed: 51, sizes: { apps: 1, reviewsPerApp: 1, locales: 3 }, media: { partSize: 4096, screenshotProcessingMs: 0 } });

let workers: ReturnType<typeof startWorkers> | undefined;
const startInProcess = () => void (workers = startWorkers(getLogger()));
const stopInProcess = async () => {
  await workers?.close();
  workers = undefined;
};

/** Every request the upload origin received, with its headers; a way to make it slow; and a hook on each reservation Apple makes. */
const originSeen: http.IncomingHttpHeaders[] = [];
let originDelayMs = 0;
let onReservation: (() => void) | undefined;

let account: Awaited<ReturnType<typeof syncedMetadataAccount>>;
let version: { id: string; localizations: { id: string; locale: string; appleId: string }[] };
const loc = (locale: string) => version.localizations.find((l) => l.locale === locale)!;

beforeAll(async () => {
  await sim.listen(port);
  const origin = sim.uploadOrigin as unknown as { handle: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>; register: (asset: unknown) => void };
  const handle = origin.handle.bind(origin);
  const register = origin.register.bind(origin);
  origin.register = (asset) => {
    register(asset);
    onReservation?.();
  };
  origin.handle = async (req, res) => {
    originSeen.push(req.headers);
    if (originDelayMs) await new Promise((r) => setTimeout(r, originDelayMs));
    // A killed worker's PUT ends mid-body; the origin's reader then fails, which is expected here.
    return handle(req, res).catch(() => void res.destroy());
  };
  await syncQueue().obliterate({ force: true });
  startInProcess();
  account = await syncedMetadataAccount(sim);
  const app = account.apps[0];
  version = await db.syncedVersion.findFirstOrThrow({ where: { appId: app.id, appleId: `${app.appleId}-v2` }, select: { id: true, localizations: { select: { id: true, locale: true, appleId: true } } } });
}, 60_000);

afterAll(async () => {
  await stopInProcess();
  await closeQueues();
  await sim.close();
  await getRedis().quit();
  await getDb().$disconnect();
});

const md5 = (b: Buffer) => createHash("md5").update(b).digest("hex");
const apiRequests = () => Object.values(sim.stats.requests).reduce((a, b) => a + b, 0);
/** Waits until no upload job is queued or running: a finished batch still reads its localization again after its rows end. */
const queueIdle = () =>
  waitFor("the upload queue to be idle", async () => Object.values(await syncQueue().getJobCounts("active", "waiting", "delayed", "prioritized")).every((n) => n === 0), 30_000, 50);
const simSet = (locale: string, displayType: string) => sim.state.media.sets.find((s) => s.locId === loc(locale).appleId && s.displayType === displayType);
const simAssets = (locale: string, displayType: string) => (simSet(locale, displayType)?.assetIds ?? []).map((id) => sim.state.media.assets.get(id)!);
const iphone = (shade: number, opts: { alpha?: boolean } = {}) => png(1320, 2868, { rgb: [shade, 90, 160], ...opts });
/** An iPhone 6.5" screenshot. */
const iphone65 = (shade: number) => png(1284, 2778, { rgb: [shade, 60, 60] });

function upload(locale: string, fileName: string, bytes: Buffer, more: { batchId?: string; displayType?: string } = {}) {
  const body = Readable.from([bytes]);
  return stageUpload(account.ctx, account.apps[0].id, { localizationId: loc(locale).id, displayType: more.displayType ?? "APP_IPHONE_67", kind: "SCREENSHOT", fileName, batchId: more.batchId }, body);
}

async function finished(batchId: string, timeoutMs = 40_000) {
  return waitFor(
    `batch ${batchId} to finish`,
    async () => {
      const rows = await db.mediaUpload.findMany({ where: { batchId }, orderBy: { sequence: "asc" } });
      // A complete file is finished once settled: its history and audit rows are written with `settledAt`.
      return rows.length && rows.every((r) => (r.status === "COMPLETE" && r.settledAt) || r.status === "FAILED") ? rows : undefined;
    },
    timeoutMs,
    100,
  );
}

const stagedFiles = () => (existsSync(path.join(staging, account.ctx.orgId)) ? readdirSync(path.join(staging, account.ctx.orgId)) : []);

describe("uploading screenshots", () => {
  it("uploads three PNGs in order through the job: parts to the upload origin without our token, checksums verified by Apple", async () => {
    const files = [iphone(10), iphone(20), iphone(30)];
    const seenBefore = originSeen.length;
    const first = await upload("de-DE", "01.png", files[0]);
    await upload("de-DE", "02.png", files[1], { batchId: first.batchId });
    await upload("de-DE", "03.png", files[2], { batchId: first.batchId });
    const rows = await finished(first.batchId);
    expect(rows.map((r) => [r.fileName, r.status, r.partsDone === r.partsTotal, r.bytesSent])).toEqual(files.map((f, i) => [`0${i + 1}.png`, "COMPLETE", true, f.length]));
    const assets = simAssets("de-DE", "APP_IPHONE_67");
    expect(assets.map((a) => a.fileName)).toEqual(["01.png", "02.png", "03.png"]);
    expect(assets.map((a) => a.sourceFileChecksum)).toEqual(files.map(md5));
    expect(assets.every((a) => a.outcome?.ok)).toBe(true);
    const puts = originSeen.slice(seenBefore);
    expect(puts.length).toBe(rows.reduce((n, r) => n + r.partsTotal, 0));
    expect(puts.some((h) => h.authorization !== undefined)).toBe(false);
    expect(rows.every((r) => r.stagedPath === null)).toBe(true);
    // The localization was read again afterwards: the grid shows what Apple holds.
    const held = () => db.mediaAsset.findMany({ where: { set: { localizationId: loc("de-DE").id, displayType: "APP_IPHONE_67" } }, orderBy: { position: "asc" } });
    await waitFor("the localization read again", async () => (await held()).length === 3);
    expect((await held()).map((a) => [a.fileName, a.checksum, a.deliveryState])).toEqual(files.map((f, i) => [`0${i + 1}.png`, md5(f), "COMPLETE"]));
    expect(stagedFiles()).toEqual([]);
    // Files that arrive while the job runs are sent by the next one: the history may hold the batch in several rows, in order.
    // It is written once the localization has been read again.
    const history = () => db.mediaChange.findMany({ where: { organizationId: account.ctx.orgId, locale: "de-DE" }, orderBy: { at: "asc" } });
    const changes = await waitFor("the batch's history", async () => {
      const rows = await history();
      return rows.map((c) => c.detail).join(", ") === "01.png, 02.png, 03.png" ? rows : undefined;
    });
    expect(changes.every((c) => c.action === "UPLOADED" && c.byEmail === (account.ctx.actor as { email: string }).email)).toBe(true);
    expect(await db.auditEvent.count({ where: { organizationId: account.ctx.orgId, action: "media.uploaded" } })).toBe(changes.length);
  });

  it("refuses a wrong-size PNG and a transparent one before any request to Apple, naming the accepted sizes", async () => {
    await queueIdle();
    const before = apiRequests();
    const uploadsBefore = Object.values(sim.stats.uploads).reduce((a, b) => a + b, 0);
    const wrong = await upload("fr-FR", "small.png", png(1000, 2000)).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(AppError);
    expect((wrong as AppError).status).toBe(422);
    expect((wrong as AppError).publicMessage).toMatch(/^small\.png is 1000×2000; iPhone 6\.9" takes 1320×2868, 2868×1320, 1290×2796, 2796×1290, 1260×2736 or 2736×1260/);
    const clear = await upload("fr-FR", "clear.png", iphone(40, { alpha: true })).catch((e: unknown) => e);
    expect((clear as AppError).publicMessage).toBe("clear.png has transparency (an alpha channel); screenshots must be opaque.");
    expect(apiRequests()).toBe(before);
    expect(Object.values(sim.stats.uploads).reduce((a, b) => a + b, 0)).toBe(uploadsBefore);
    expect(await db.mediaUpload.count({ where: { organizationId: account.ctx.orgId, locale: "fr-FR" } })).toBe(0);
    expect(stagedFiles()).toEqual([]);
  });

  it("replaces a screenshot: the new one takes the old one's place once Apple has processed it", async () => {
    const set = await db.mediaSet.findFirstOrThrow({ where: { localizationId: loc("de-DE").id, displayType: "APP_IPHONE_67" }, include: { assets: { orderBy: { position: "asc" } } } });
    const second = set.assets[1];
    const row = await stageUpload(account.ctx, account.apps[0].id, { localizationId: loc("de-DE").id, displayType: "APP_IPHONE_67", kind: "SCREENSHOT", fileName: "02-new.png", replacesAssetId: second.id }, Readable.from([iphone(25)]));
    const [done] = await finished(row.batchId);
    expect(done.status).toBe("COMPLETE");
    // The old one is deleted and the new one moved to its place right after Apple has processed it.
    const order = () => simAssets("de-DE", "APP_IPHONE_67").map((a) => a.fileName).join();
    await waitFor("the new order at Apple", async () => order() === "01.png,02-new.png,03.png", 10_000);
    const held = async () => (await db.mediaAsset.findMany({ where: { set: { localizationId: loc("de-DE").id, displayType: "APP_IPHONE_67" } }, orderBy: { position: "asc" } })).map((a) => a.fileName);
    await waitFor("the localization read again", async () => (await held()).includes("02-new.png"));
    expect(await held()).toEqual(["01.png", "02-new.png", "03.png"]);
    expect(await waitFor("the history", () => db.mediaChange.findFirst({ where: { organizationId: account.ctx.orgId, action: "REPLACED" } }))).toMatchObject({ detail: "02-new.png", locale: "de-DE" });
    expect(sim.stats.requests["PATCH /v1/appScreenshotSets/{id}/relationships/appScreenshots"]).toBe(1);
  });

  it("writes a finished batch's history once, also when its job is run again after Apple had finished the files", async () => {
    const row = await upload("de-DE", "04.png", iphone(44));
    await finished(row.batchId);
    const changes = () => db.mediaChange.findMany({ where: { organizationId: account.ctx.orgId, detail: "04.png" } });
    const events = () => db.auditEvent.count({ where: { organizationId: account.ctx.orgId, action: "media.uploaded", metadata: { path: ["files"], array_contains: ["04.png"] } } });
    await waitFor("the history", async () => (await changes()).length === 1);
    expect((await db.mediaUpload.findUniqueOrThrow({ where: { id: row.id } })).settledAt).not.toBeNull();
    // As if the worker had died once Apple had processed the file, before writing its outcome.
    await db.mediaChange.deleteMany({ where: { organizationId: account.ctx.orgId, detail: "04.png" } });
    await db.auditEvent.deleteMany({ where: { organizationId: account.ctx.orgId, action: "media.uploaded", metadata: { path: ["files"], array_contains: ["04.png"] } } });
    await db.mediaUpload.update({ where: { id: row.id }, data: { settledAt: null } });
    for (let run = 0; run < 2; run++) {
      await (await syncQueue().getJob(`media.${row.id}`))?.remove();
      await enqueueUpload(row);
      await queueIdle();
    }
    expect(await changes()).toHaveLength(1);
    expect(await events()).toBe(1);
    expect(simAssets("de-DE", "APP_IPHONE_67").filter((a) => a.fileName === "04.png")).toHaveLength(1);
  });

  it("sends a part again after the upload host failed it once", async () => {
    sim.faults.uploadPartFailNext = 1;
    const row = await upload("fr-FR", "retry.png", iphone(50), { displayType: "APP_IPHONE_67" });
    const [done] = await finished(row.batchId);
    expect(done.status).toBe("COMPLETE");
    expect(sim.faults.uploadPartFailNext).toBe(0);
    expect(simAssets("fr-FR", "APP_IPHONE_67").map((a) => [a.fileName, a.sourceFileChecksum])).toEqual([["retry.png", done.checksum]]);
  });

  it("ends FAILED with Apple's code when processing fails, and leaves no failed asset in the set", async () => {
    sim.faults.mediaProcessingFailNext = 1;
    const row = await upload("fr-FR", "broken.png", iphone(60));
    const [done] = await finished(row.batchId);
    expect(done).toMatchObject({ status: "FAILED", errorCode: "IMAGE_TOOL_FAILURE", deliveryState: "FAILED" });
    expect(done.error).toContain("broken.png");
    expect(simAssets("fr-FR", "APP_IPHONE_67").map((a) => a.fileName)).toEqual(["retry.png"]);
  });
});

describe("uploading an app preview", () => {
  it("sends a movie with its poster frame time code until Apple has processed it, and refuses one too short before any request", async () => {
    await queueIdle();
    const before = apiRequests();
    const short = await stageUpload(account.ctx, account.apps[0].id, { localizationId: loc("de-DE").id, displayType: "IPHONE_67", kind: "PREVIEW", fileName: "short.mp4" }, Readable.from([movie("mp42", { seconds: 8, width: 886, height: 1920 })])).catch((e: unknown) => e);
    expect((short as AppError).publicMessage).toBe("short.mp4 is 8 seconds long; app previews are 15 to 30 seconds.");
    expect(apiRequests()).toBe(before);
    Object.assign(sim.media, { previewReceivedMs: 500, previewProcessingMs: 1_500 });
    const bytes = movie("mp42", { seconds: 20, width: 886, height: 1920, mediaBytes: 20_000 });
    const row = await stageUpload(account.ctx, account.apps[0].id, { localizationId: loc("de-DE").id, displayType: "IPHONE_67", kind: "PREVIEW", fileName: "preview.mp4", previewFrameTimeCode: "00:00:05:00" }, Readable.from([bytes]));
    expect(row).toMatchObject({ mimeType: "video/mp4", width: 886, height: 1920 });
    const [done] = await finished(row.batchId);
    expect(done.status).toBe("COMPLETE");
    const [asset] = sim.state.media.sets.filter((s) => s.locId === loc("de-DE").appleId && s.kind === "previews").flatMap((s) => s.assetIds.map((id) => sim.state.media.assets.get(id)!));
    expect(asset).toMatchObject({ fileName: "preview.mp4", mimeType: "video/mp4", previewFrameTimeCode: "00:00:05:00", sourceFileChecksum: md5(bytes), outcome: { ok: true } });
  });
});

describe("a worker killed mid-upload", () => {
  let child: ChildProcess | undefined;
  const spawnWorker = async () => {
    let out = "";
    child = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], { env: { ...process.env, LOG_LEVEL: "info" }, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.on("data", (d) => (out += d));
    await waitFor("worker start", async () => out.includes("worker started"), 30_000);
  };
  const kill = async () => {
    const p = child!;
    const exited = new Promise((r) => p.once("exit", r));
    p.kill("SIGKILL");
    await exited;
  };
  afterAll(() => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
  });

  it("resumes after dying between parts: completes with no duplicate and no reservation left awaiting upload", async () => {
    await stopInProcess();
    await spawnWorker();
    originDelayMs = 300;
    try {
      const first = await upload("en-US", "k1.png", iphone65(70), { displayType: "APP_IPHONE_65" });
      await upload("en-US", "k2.png", iphone65(80), { displayType: "APP_IPHONE_65", batchId: first.batchId });
      await waitFor("the first parts", async () => {
        const r = await db.mediaUpload.findUniqueOrThrow({ where: { id: first.id } });
        return r.status === "RESERVED" && r.partsDone >= 1;
      });
      await kill();
    } finally {
      originDelayMs = 0;
      startInProcess();
    }
    const rows = await finished((await db.mediaUpload.findFirstOrThrow({ where: { organizationId: account.ctx.orgId, fileName: "k1.png" } })).batchId, 60_000);
    expect(rows.map((r) => r.status)).toEqual(["COMPLETE", "COMPLETE"]);
    const assets = simAssets("en-US", "APP_IPHONE_65");
    expect(assets.map((a) => a.fileName)).toEqual(["k1.png", "k2.png"]);
    expect(assets.every((a) => a.outcome?.ok && a.committedAt !== undefined)).toBe(true);
  }, 90_000);

  it("cleans up a reservation made as the worker died: the file is reserved again, the orphan deleted", async () => {
    await stopInProcess();
    await spawnWorker();
    const dying = child!;
    // The worker dies the moment Apple has made the reservation, before the answer reaches it.
    onReservation = () => void dying.kill("SIGKILL");
    try {
      await upload("en-US", "orphan.png", iphone(90));
      await new Promise((r) => dying.once("exit", r));
    } finally {
      onReservation = undefined;
      startInProcess();
    }
    const row = await db.mediaUpload.findFirstOrThrow({ where: { organizationId: account.ctx.orgId, fileName: "orphan.png" } });
    expect(row.status).toBe("QUEUED");
    expect(simAssets("en-US", "APP_IPHONE_67").filter((a) => a.fileName === "orphan.png")).toHaveLength(1);
    const [done] = await finished(row.batchId, 60_000);
    expect(done.status).toBe("COMPLETE");
    const assets = simAssets("en-US", "APP_IPHONE_67");
    expect(assets.filter((a) => a.fileName === "orphan.png").map((a) => a.id)).toEqual([done.assetAppleId]);
    expect(assets.filter((a) => a.committedAt === undefined)).toEqual([]);
  }, 90_000);
});

describe("a fastlane screenshots zip", () => {
  const ipad = (shade: number) => png(2064, 2752, { rgb: [shade, 30, 30] });

  it("lands 3 locales × 2 devices in the right sets, each in file-name order", async () => {
    const files: Record<string, Uint8Array> = {};
    for (const [i, locale] of ["en-US", "de-DE", "fr-FR"].entries()) {
      files[`fastlane/screenshots/${locale}/2_iPhone.png`] = iphone(100 + i);
      files[`fastlane/screenshots/${locale}/1_iPhone.png`] = iphone(110 + i);
      files[`fastlane/screenshots/${locale}/iPad.png`] = ipad(120 + i);
    }
    files["fastlane/screenshots/README.txt"] = new TextEncoder().encode("generated");
    files["__MACOSX/fastlane/screenshots/en-US/._iPad.png"] = new Uint8Array(10);
    const before = { ipadEn: simAssets("en-US", "APP_IPAD_PRO_3GEN_129").length };
    const result = await importMediaZip(account.ctx, account.apps[0].id, version.id, Readable.from([Buffer.from(zipSync(files, { level: 6 }))]));
    if ("refusals" in result) throw new Error(JSON.stringify(result.refusals));
    expect(result.uploads).toHaveLength(9);
    const rows = await finished(result.batchId, 60_000);
    expect(rows.every((r) => r.status === "COMPLETE")).toBe(true);
    for (const locale of ["en-US", "de-DE", "fr-FR"]) {
      expect(simAssets(locale, "APP_IPHONE_67").map((a) => a.fileName).filter((n) => n.includes("iPhone"))).toEqual(["1_iPhone.png", "2_iPhone.png"]);
      expect(simAssets(locale, "APP_IPAD_PRO_3GEN_129").map((a) => a.fileName).filter((n) => n === "iPad.png")).toEqual(["iPad.png"]);
    }
    expect(simAssets("en-US", "APP_IPAD_PRO_3GEN_129")).toHaveLength(before.ipadEn + 1);
  }, 90_000);

  it("refuses the whole zip, listing every refused file, when any file is wrong; nothing is queued", async () => {
    const files: Record<string, Uint8Array> = {
      "screenshots/en-US/ok.png": iphone(130),
      "screenshots/en-US/odd.png": png(1000, 1000),
      "screenshots/xx-XX/shot.png": iphone(131),
      "screenshots/de-DE/clear.png": iphone(132, { alpha: true }),
    };
    const before = await db.mediaUpload.count({ where: { organizationId: account.ctx.orgId } });
    await queueIdle();
    const requests = apiRequests();
    const result = await importMediaZip(account.ctx, account.apps[0].id, version.id, Readable.from([Buffer.from(zipSync(files))]));
    expect("refusals" in result && result.refusals.map((r) => r.file).sort()).toEqual(["de-DE/clear.png", "en-US/odd.png", "xx-XX/shot.png"]);
    expect("refusals" in result && result.refusals.find((r) => r.file === "xx-XX/shot.png")?.message).toMatch(/has no locale "xx-XX" \(it has /);
    expect(await db.mediaUpload.count({ where: { organizationId: account.ctx.orgId } })).toBe(before);
    expect(apiRequests()).toBe(requests);
    expect(stagedFiles()).toEqual([]);
  });
});

describe("a streamed request body", () => {
  const op = defineOperation({
    id: "test.stream", method: "POST", apiPath: "/api/v1/stream", access: "public", summary: "Takes a file", streamBody: { maxBytes: 100_000 },
    ok: { status: 202, description: "Staged", schema: z.object({ size: z.number(), md5: z.string() }) },
    handler: async ({ req, body }) => {
      expect(body).toBeUndefined();
      const staged = await stageStream("streamtest", req.body, 100_000);
      expect(readFileSync(stagedPath(staged.path)).length).toBe(staged.size);
      return { size: staged.size, md5: staged.md5 };
    },
  });
  const post = (bytes: Buffer, headers: Record<string, string> = {}) =>
    serve(op, "api")(new NextRequest("http://127.0.0.1/api/v1/stream", { method: "POST", body: Readable.toWeb(Readable.from([bytes.subarray(0, 10), bytes.subarray(10)])) as ReadableStream, headers, duplex: "half" } as never), {});

  it("reaches the handler unread, which streams it to staging; a body over the limit is refused with 413", async () => {
    const bytes = iphone(5);
    const res = await post(bytes);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ size: bytes.length, md5: md5(bytes) });
    expect((await post(bytes, { "content-length": "200000" })).status).toBe(413);
    const big = Buffer.alloc(150_000, 1);
    expect((await post(big)).status).toBe(413);
  });

  it("is published as application/octet-stream in the OpenAPI document", () => {
    const doc = openApiDocument([op], "http://127.0.0.1");
    expect((doc.paths["/stream"].post as { requestBody?: unknown }).requestBody).toEqual({ required: true, description: "The file itself, at most 100000 bytes.", content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } } });
  });
});
