import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { syncTarget } from "@/lib/sync/connection";
import { syncLocalizationMedia } from "@/lib/sync/media";
import { requestSync } from "@/lib/sync/requests";
import { readImage } from "../asc-sim/media-specs";
import { AscSimulator } from "../asc-sim/server";
import { pinClocks } from "./support/clock";
import { contextFor } from "./support/context";
import { simConnection } from "./support/sim-connection";
import { prepareSyncEnv, runEnded, withSimulatorAndWorkers } from "./support/sync-env";

/**
 * Screenshots and previews come with the metadata sync: per app, 2 requests for the
 * metadata and 2 per version localization read (its screenshot sets with their
 * screenshots, its preview sets with their previews).
 */
const port = await prepareSyncEnv("media");
const sim = new AscSimulator({ seed: 61, sizes: { apps: 2, reviewsPerApp: 1, locales: 3 } });
const PINNED = "2026-12-01T09:00:00Z";
let conn: Awaited<ReturnType<typeof simConnection>>;
let ctx: Awaited<ReturnType<typeof contextFor>>;

withSimulatorAndWorkers(sim, port, async () => {
  pinClocks(sim, PINNED);
  conn = await simConnection(sim);
  ctx = await contextFor(conn.organizationId, conn.ownerId);
});

const totalRequests = () => Object.values(sim.stats.requests).reduce((a, b) => a + b, 0);

async function syncMetadataAndWait() {
  const { runId } = await requestSync(ctx, conn.id, { kind: "METADATA" });
  return runEnded(runId);
}

/** What the simulator holds, as the rows a sync should make of it. */
function held() {
  const { sets, assets } = sim.state.media;
  return sets
    .map((s) => ({
      appleId: s.id,
      localization: s.locId,
      kind: s.kind === "screenshots" ? "SCREENSHOT" : "PREVIEW",
      displayType: s.displayType,
      total: s.assetIds.length,
      assets: s.assetIds.map((id) => {
        const a = assets.get(id)!;
        const size = a.outcome?.ok ? { width: a.outcome.width ?? 886, height: a.outcome.height ?? 1920 } : { width: null, height: null };
        return {
          appleId: a.id,
          fileName: a.fileName,
          fileSize: a.fileSize,
          checksum: a.sourceFileChecksum,
          ...size,
          deliveryState: "COMPLETE",
          imageTemplateUrl: `${sim.url}/image/thumb/Purple/sim/${a.id}/${a.fileName}/{w}x{h}bb.{f}`,
          videoUrl: a.kind === "previews" ? `${sim.url}/video/${a.id}.m3u8` : null,
          mimeType: a.mimeType,
          previewFrameTimeCode: a.previewFrameTimeCode,
        };
      }),
    }))
    .sort((x, y) => x.appleId.localeCompare(y.appleId));
}

/** What the database holds for the connection, in the same shape. */
async function stored() {
  const sets = await db.mediaSet.findMany({
    where: { organizationId: conn.organizationId, connectionId: conn.id },
    select: {
      appleId: true, kind: true, displayType: true, total: true, localization: { select: { appleId: true } },
      assets: { orderBy: { position: "asc" }, select: { appleId: true, fileName: true, fileSize: true, checksum: true, width: true, height: true, deliveryState: true, imageTemplateUrl: true, videoUrl: true, mimeType: true, previewFrameTimeCode: true } },
    },
  });
  return sets.map(({ localization, ...s }) => ({ ...s, localization: localization.appleId })).sort((x, y) => x.appleId.localeCompare(y.appleId));
}

/** Version localizations the metadata sync read, per app: those of every version but replaced ones. */
const localizationsRead = (appleAppId: string) => sim.state.versionLocs.filter((l) => sim.state.versions.some((v) => v.id === l.versionId && v.appId === appleAppId && v.appVersionState !== "REPLACED_WITH_NEW_VERSION")).length;

describe("screenshots and previews sync", () => {
  it("a metadata sync stores every seeded set with its screenshots and previews in Apple's order, in 2 + 2 × L requests per app", async () => {
    const before = totalRequests();
    const run = await syncMetadataAndWait();
    expect(run).toMatchObject({ status: "SUCCEEDED", itemsFailed: 0 });
    const perApp = sim.state.apps.map((a) => 2 + 2 * localizationsRead(a.id));
    // One page of apps, then the metadata item of each app.
    expect(totalRequests() - before).toBe(1 + perApp.reduce((a, b) => a + b, 0));
    expect(perApp).toEqual([2 + 2 * 6, 2 + 2 * 6]);
    expect(sim.stats.requests["GET /v1/appStoreVersionLocalizations/{id}/appScreenshotSets"]).toBe(12);
    expect(sim.stats.requests["GET /v1/appStoreVersionLocalizations/{id}/appPreviewSets"]).toBe(12);

    expect(await stored()).toEqual(held());
    // Per app, each version's primary locale: 3 sets holding 6 assets; they count as created.
    const metadataRows = 2 + 2 * (2 * 3 + 2 * 3);
    expect(run.created).toBe(metadataRows + 2 * 2 * (3 + 6));
    const apps = await db.syncedApp.findMany({ where: { connectionId: conn.id }, select: { mediaSyncedAt: true } });
    for (const a of apps) {
      expect(a.mediaSyncedAt!.getTime()).toBeGreaterThanOrEqual(Date.parse(PINNED));
      expect(a.mediaSyncedAt!.getTime()).toBeLessThan(Date.parse(PINNED) + 60_000);
    }
  });

  it("a set deleted at Apple disappears on the next sync, and a new order is stored as Apple lists it", async () => {
    await syncMetadataAndWait();
    const app = sim.state.apps[0];
    const loc = sim.state.versionLocs.find((l) => l.versionId === `${app.id}-v2` && l.locale === "en-US")!;
    const media = sim.state.media;
    // Changes made in App Store Connect itself: the iPad set deleted, the iPhone set reordered.
    const ipad = media.sets.find((s) => s.locId === loc.id && s.displayType === "APP_IPAD_PRO_3GEN_129")!;
    for (const id of ipad.assetIds) media.assets.delete(id);
    media.sets.splice(media.sets.indexOf(ipad), 1);
    const iphone = media.sets.find((s) => s.locId === loc.id && s.displayType === "APP_IPHONE_67")!;
    iphone.assetIds.reverse();

    const before = totalRequests();
    const run = await syncMetadataAndWait();
    expect(run).toMatchObject({ status: "SUCCEEDED", created: 0 });
    expect(totalRequests() - before).toBe(1 + sim.state.apps.reduce((n, a) => n + 2 + 2 * localizationsRead(a.id), 0));
    expect(await stored()).toEqual(held());
    expect(await db.mediaSet.count({ where: { connectionId: conn.id, appleId: ipad.id } })).toBe(0);
    expect(await db.mediaAsset.count({ where: { connectionId: conn.id, appleId: { in: ipad.assetIds } } })).toBe(0);
    const order = await db.mediaAsset.findMany({ where: { connectionId: conn.id, set: { appleId: iphone.id } }, orderBy: { position: "asc" }, select: { appleId: true } });
    expect(order.map((a) => a.appleId)).toEqual(iphone.assetIds);
  });

  it("one localization is read again in two requests, and two reads at once store a new set once", async () => {
    await syncMetadataAndWait();
    const app = sim.state.apps[0];
    const simLoc = sim.state.versionLocs.find((l) => l.versionId === `${app.id}-v2` && l.locale === "en-US")!;
    const loc = await db.syncedVersionLocalization.findFirstOrThrow({ where: { connectionId: conn.id, appleId: simLoc.id }, select: { id: true } });
    const set = sim.state.media.sets.find((s) => s.locId === simLoc.id && s.kind === "screenshots")!;
    const removed = set.assetIds.pop()!;
    sim.state.media.assets.delete(removed);

    const before = totalRequests();
    const counts = await syncLocalizationMedia(await syncTarget(conn.organizationId, conn.id), loc.id);
    expect(totalRequests() - before).toBe(2);
    expect(counts).toMatchObject({ created: 0 });
    expect(await db.mediaAsset.count({ where: { connectionId: conn.id, appleId: removed } })).toBe(0);
    expect(await db.mediaSet.findFirst({ where: { connectionId: conn.id, appleId: set.id }, select: { total: true } })).toEqual({ total: set.assetIds.length });
    expect(await stored()).toEqual(held());

    // A set made at Apple, stored by two reads at once (an upload finishing during the metadata sync): once.
    const media = sim.state.media;
    const setId = `${simLoc.id}-set-new`;
    const assetId = `${simLoc.id}-shot-new`;
    media.sets.push({ id: setId, kind: "screenshots", locId: simLoc.id, displayType: "APP_IPHONE_65", assetIds: [assetId] });
    media.assets.set(assetId, { ...media.assets.get(set.assetIds[0])!, id: assetId, setId, fileName: "new.png", outcome: { ok: true, width: 1242, height: 2688 } });
    const t = await syncTarget(conn.organizationId, conn.id);
    const both = await Promise.all([syncLocalizationMedia(t, loc.id), syncLocalizationMedia(t, loc.id)]);
    expect(both.map((c) => c.created).sort()).toEqual([0, 2]);
    expect(await stored()).toEqual(held());
  });

  it("the image template URL answers, without a token, an opaque PNG of the screenshot's size", async () => {
    await syncMetadataAndWait();
    const asset = await db.mediaAsset.findFirstOrThrow({ where: { connectionId: conn.id, set: { kind: "SCREENSHOT", displayType: "APP_IPHONE_67" } }, select: { imageTemplateUrl: true, width: true, height: true } });
    expect(asset).toMatchObject({ width: 1290, height: 2796 });
    const before = totalRequests();
    const url = asset.imageTemplateUrl!.replace("{w}", String(asset.width)).replace("{h}", String(asset.height)).replace("{f}", "png");
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(readImage(Buffer.from(await res.arrayBuffer()))).toEqual({ format: "PNG", width: 1290, height: 2796, alpha: false });
    // Apple's image host is not the API: no request is counted or charged to the key.
    expect(totalRequests()).toBe(before);
    // The template itself, not filled in, is no image.
    expect((await fetch(asset.imageTemplateUrl!)).status).toBe(404);
  });
});
