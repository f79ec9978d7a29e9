import { expect, type APIRequestContext } from "@playwright/test";
import { nowDate } from "@/lib/clock";
import { db, type SeededApp } from "./seed";
import { SIM_URL } from "./sim";

/** A set as the simulator's control API reports it: its assets in order, the checksum sent and the MD5 of the bytes it kept. */
export type SimHeldSet = {
  id: string;
  kind: "screenshots" | "previews";
  locId: string;
  locale: string | null;
  displayType: string;
  assets: { id: string; fileName: string; fileSize: number; checksum: string | null; receivedMd5: string | null; deliveryState: string; width: number | null; height: number | null }[];
};

/** What the simulator holds now for one version localization (Apple's id), or for every one of the issuer's. */
export async function simMedia(request: APIRequestContext, issuerId: string, locId?: string): Promise<SimHeldSet[]> {
  const res = await request.get(`${SIM_URL}/__sim/media/state`, { params: { issuerId, ...(locId ? { locId } : {}) } });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).sets;
}

/**
 * The simulator's screenshot and preview sets of a stored version, as a media sync would
 * have stored them (Apple's ids, order, checksums, sizes, the image template on its image
 * host). Returns our ids of the sets and their assets in order, by locale and display type.
 */
export async function storeSimMedia(request: APIRequestContext, issuerId: string, app: SeededApp, version: { localizationIds: Record<string, string>; held: { localizations: { id: string; locale: string }[] } }) {
  const stored: Record<string, { setId: string; assetIds: string[] }> = {};
  for (const loc of version.held.localizations) {
    const localizationId = version.localizationIds[loc.locale];
    for (const s of await simMedia(request, issuerId, loc.id)) {
      const set = await db.mediaSet.create({
        data: {
          organizationId: app.organizationId,
          connectionId: app.connectionId,
          appId: app.id,
          localizationId,
          appleId: s.id,
          kind: s.kind === "screenshots" ? "SCREENSHOT" : "PREVIEW",
          displayType: s.displayType,
          total: s.assets.length,
        },
        select: { id: true },
      });
      const assets = await db.mediaAsset.createManyAndReturn({
        data: s.assets.map((a, position) => ({
          organizationId: app.organizationId,
          connectionId: app.connectionId,
          setId: set.id,
          appleId: a.id,
          position,
          fileName: a.fileName,
          fileSize: a.fileSize,
          checksum: a.checksum,
          width: a.width,
          height: a.height,
          deliveryState: a.deliveryState,
          imageTemplateUrl: a.deliveryState === "COMPLETE" ? `${SIM_URL}/image/thumb/Purple/sim/${a.id}/${a.fileName}/{w}x{h}bb.{f}` : null,
          mimeType: s.kind === "previews" ? "video/mp4" : null,
        })),
        select: { id: true, position: true },
      });
      stored[`${loc.locale} ${s.displayType}`] = { setId: set.id, assetIds: assets.sort((a, b) => a.position - b.position).map((a) => a.id) };
    }
  }
  await db.syncedApp.update({ where: { id: app.id }, data: { mediaSyncedAt: nowDate() } });
  return stored;
}
