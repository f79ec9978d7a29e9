import { mediaReader, type ReadMediaSet } from "@/lib/asc/media";
import { nowDate } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { SyncTarget } from "./connection";
import type { SyncCounts } from "./counts";

/** Localizations read at once: each is two requests, and the client's budget paces them all. */
const AT_ONCE = 4;

type Loc = { id: string; appleId: string; appId: string };

/**
 * Screenshot and preview sets of every version localization of an app's synced versions
 * (call after syncMetadata, which decides which versions those are): two requests per
 * localization, so 2 × L for L localizations. Each localization is stored in one
 * transaction; sets and assets Apple no longer lists are removed.
 */
export async function syncMedia(t: SyncTarget, appId: string): Promise<SyncCounts> {
  const scope = { organizationId: t.conn.organizationId, connectionId: t.conn.id };
  const app = await db.syncedApp.findFirstOrThrow({ where: { ...scope, id: appId }, select: { id: true } });
  const locs = await db.syncedVersionLocalization.findMany({ where: { ...scope, version: { appId: app.id } }, select: { id: true, appleId: true }, orderBy: { id: "asc" } });
  const counts: SyncCounts = { fetched: 0, created: 0, updated: 0 };
  const queue = locs.map((l) => ({ ...l, appId: app.id }));
  await Promise.all(
    Array.from({ length: Math.min(AT_ONCE, queue.length) }, async () => {
      for (let l = queue.shift(); l; l = queue.shift()) add(counts, await syncOne(t, l));
    }),
  );
  await db.syncedApp.update({ where: { id: app.id }, data: { mediaSyncedAt: nowDate() } });
  return counts;
}

/** One localization's sets again (two requests), after an upload or a change made through us. */
export async function syncLocalizationMedia(t: SyncTarget, localizationId: string): Promise<SyncCounts> {
  const loc = await db.syncedVersionLocalization.findFirstOrThrow({
    where: { organizationId: t.conn.organizationId, connectionId: t.conn.id, id: localizationId },
    select: { id: true, appleId: true, version: { select: { appId: true } } },
  });
  return syncOne(t, { id: loc.id, appleId: loc.appleId, appId: loc.version.appId });
}

function add(into: SyncCounts, c: SyncCounts) {
  into.fetched += c.fetched;
  into.created += c.created;
  into.updated += c.updated;
}

async function syncOne(t: SyncTarget, loc: Loc): Promise<SyncCounts> {
  const sets = await mediaReader(t.client).localizationMedia(loc.appleId);
  return storeLocalization(t, loc, sets);
}

/** What Apple lists for one localization, stored as it is: positions in Apple's order, everything else removed. */
async function storeLocalization(t: SyncTarget, loc: Loc, sets: ReadMediaSet[]): Promise<SyncCounts> {
  const scope = { organizationId: t.conn.organizationId, connectionId: t.conn.id };
  const counts: SyncCounts = { fetched: sets.length + sets.reduce((n, s) => n + s.assets.length, 0), created: 0, updated: 0 };
  await db.$transaction(
    async (tx) => {
      // The metadata sync and an upload finishing may store the same localization at once: one after the other.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`media:${loc.id}`}))`;
      const known = new Set<string>();
      for (const s of await tx.mediaSet.findMany({ where: { ...scope, localizationId: loc.id }, select: { appleId: true, assets: { select: { appleId: true } } } })) {
        known.add(s.appleId);
        for (const a of s.assets) known.add(a.appleId);
      }
      const note = (appleId: string) => (known.has(appleId) ? counts.updated++ : counts.created++);
      const keepSets: string[] = [];
      const keepAssets: string[] = [];
      for (const s of sets) {
        const data = { appId: loc.appId, localizationId: loc.id, kind: s.kind, displayType: s.displayType, total: s.total };
        const row = await tx.mediaSet.upsert({
          where: { connectionId_appleId: { connectionId: t.conn.id, appleId: s.appleId } },
          create: { ...scope, appleId: s.appleId, ...data },
          update: data,
          select: { id: true },
        });
        note(s.appleId);
        keepSets.push(s.appleId);
        for (const [position, a] of s.assets.entries()) {
          const fields = {
            setId: row.id,
            position,
            fileName: a.fileName,
            fileSize: a.fileSize,
            checksum: a.checksum,
            width: a.width,
            height: a.height,
            deliveryState: a.deliveryState,
            // Json columns take DbNull for SQL NULL.
            deliveryErrors: a.deliveryErrors ?? Prisma.DbNull,
            imageTemplateUrl: a.imageTemplateUrl,
            videoUrl: a.videoUrl,
            mimeType: a.mimeType,
            previewFrameTimeCode: a.previewFrameTimeCode,
          };
          await tx.mediaAsset.upsert({
            where: { connectionId_appleId: { connectionId: t.conn.id, appleId: a.appleId } },
            create: { ...scope, appleId: a.appleId, ...fields },
            update: fields,
          });
          note(a.appleId);
          keepAssets.push(a.appleId);
        }
      }
      await tx.mediaAsset.deleteMany({ where: { ...scope, set: { localizationId: loc.id }, appleId: { notIn: keepAssets } } });
      await tx.mediaSet.deleteMany({ where: { ...scope, localizationId: loc.id, appleId: { notIn: keepSets } } });
    },
    // A localization holds at most a few dozen sets and a few hundred assets.
    { timeout: 30_000 },
  );
  return counts;
}
