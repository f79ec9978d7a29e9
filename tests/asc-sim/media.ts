import { createHash } from "node:crypto";
import type { SimVersionLoc } from "./data";
import { PREVIEW_TYPES, SCREENSHOT_DISPLAY_TYPES } from "./media-specs";

/**
 * Screenshot sets, preview sets and their assets in the simulated account, and the JSON:API
 * documents Apple answers with (spec 4.4.1: AppScreenshotSet, AppScreenshot, AppPreviewSet,
 * AppPreview). Routes are in media-routes.ts, the upload protocol in media-upload.ts.
 */

export type MediaKind = "screenshots" | "previews";

/** The names Apple uses for each kind, so one implementation serves both. */
export const KINDS = {
  screenshots: { setType: "appScreenshotSets", assetType: "appScreenshots", setRel: "appScreenshotSet", typeAttr: "screenshotDisplayType", types: SCREENSHOT_DISPLAY_TYPES as readonly string[], max: 10 },
  previews: { setType: "appPreviewSets", assetType: "appPreviews", setRel: "appPreviewSet", typeAttr: "previewType", types: PREVIEW_TYPES as readonly string[], max: 3 },
} as const;
export type KindNames = (typeof KINDS)[MediaKind];

export type SimMediaSet = { id: string; kind: MediaKind; locId: string; displayType: string; assetIds: string[] };
export type UploadPart = { token: string; offset: number; length: number; received?: Buffer };
/** What processing will find, decided when the upload is committed and shown once processing time has passed. */
export type MediaOutcome = { ok: true; width?: number; height?: number } | { ok: false; code: string; description: string };
export type SimMediaAsset = {
  id: string;
  kind: MediaKind;
  setId: string;
  fileName: string;
  fileSize: number;
  contentType: string;
  mimeType: string | null;
  previewFrameTimeCode: string | null;
  sourceFileChecksum: string | null;
  parts: UploadPart[];
  /** Apple's clock (ms) at the commit; absent while awaiting upload. */
  committedAt?: number;
  outcome?: MediaOutcome;
  /** The file as committed, kept for a screenshot that passed processing: the image host serves it (media-images.ts). */
  image?: Buffer;
  deleted?: boolean;
};
export type SimMedia = { sets: SimMediaSet[]; assets: Map<string, SimMediaAsset>; nextId: number };

/** How long processing takes (Apple's clock, which tests move) and how uploads are split. */
export type MediaConfig = { partSize: number; screenshotProcessingMs: number; previewReceivedMs: number; previewProcessingMs: number };
export const DEFAULT_MEDIA_CONFIG: MediaConfig = { partSize: 8192, screenshotProcessingMs: 5_000, previewReceivedMs: 5_000, previewProcessingMs: 60_000 };

export type DeliveryState = "AWAITING_UPLOAD" | "UPLOAD_COMPLETE" | "PROCESSING" | "COMPLETE" | "FAILED";

/** The state an asset shows now: screenshots skip PROCESSING (AppMediaAssetState has none); previews pass through it (AppMediaVideoState). */
export function deliveryState(a: SimMediaAsset, now: number, config: MediaConfig): DeliveryState {
  if (a.committedAt === undefined || !a.outcome) return "AWAITING_UPLOAD";
  const elapsed = now - a.committedAt;
  if (a.kind === "screenshots") {
    if (elapsed < config.screenshotProcessingMs) return "UPLOAD_COMPLETE";
  } else {
    if (elapsed < config.previewReceivedMs) return "UPLOAD_COMPLETE";
    if (elapsed < config.previewProcessingMs) return "PROCESSING";
  }
  return a.outcome.ok ? "COMPLETE" : "FAILED";
}

export const contentTypeOf = (fileName: string, mimeType?: string | null) => {
  if (mimeType) return mimeType;
  const ext = fileName.toLowerCase().split(".").pop();
  return ({ png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", mp4: "video/mp4", m4v: "video/x-m4v", mov: "video/quicktime" } as Record<string, string>)[ext ?? ""] ?? "application/octet-stream";
};

/** Only the attributes and relationships named in fields[type], when it is given. */
export function sparse<T extends { attributes?: Record<string, unknown>; relationships?: Record<string, unknown> }>(doc: T, fields?: string[]): T {
  if (!fields) return doc;
  const keep = (o?: Record<string, unknown>) => (o ? Object.fromEntries(Object.entries(o).filter(([k]) => fields.includes(k))) : o);
  return { ...doc, attributes: keep(doc.attributes), relationships: keep(doc.relationships) };
}

export function setDoc(base: string, s: SimMediaSet, opts: { assets?: { ids: string[]; total: number; limit: number }; withLocalization?: boolean } = {}) {
  const k = KINDS[s.kind];
  return {
    type: k.setType,
    id: s.id,
    attributes: { [k.typeAttr]: s.displayType },
    relationships: {
      ...(opts.withLocalization ? { appStoreVersionLocalization: { data: { type: "appStoreVersionLocalizations", id: s.locId } } } : {}),
      [k.assetType]: {
        links: { self: `${base}/v1/${k.setType}/${s.id}/relationships/${k.assetType}`, related: `${base}/v1/${k.setType}/${s.id}/${k.assetType}` },
        ...(opts.assets ? { data: opts.assets.ids.map((id) => ({ type: k.assetType, id })), meta: { paging: { total: opts.assets.total, limit: opts.assets.limit } } } : {}),
      },
    },
    links: { self: `${base}/v1/${k.setType}/${s.id}` },
  };
}

const stateDoc = (state: string, outcome?: MediaOutcome) => ({ state, errors: state === "FAILED" && outcome && !outcome.ok ? [{ code: outcome.code, description: outcome.description }] : [], warnings: null });

export function assetDoc(base: string, uploadBase: string, a: SimMediaAsset, now: number, config: MediaConfig, opts: { withSet?: boolean } = {}) {
  const k = KINDS[a.kind];
  const state = deliveryState(a, now, config);
  const done = state === "COMPLETE";
  const assetToken = `Purple/sim/${a.id}/${a.fileName}`;
  const image = done && a.outcome?.ok ? { templateUrl: `${base}/image/thumb/${assetToken}/{w}x{h}bb.{f}`, width: a.outcome.width ?? 886, height: a.outcome.height ?? 1920 } : null;
  const uploadOperations =
    state === "AWAITING_UPLOAD"
      ? a.parts.map((p) => ({ method: "PUT", url: `${uploadBase}/upload/${p.token}`, length: p.length, offset: p.offset, requestHeaders: [{ name: "Content-Type", value: a.contentType }] }))
      : null;
  const common = { fileSize: a.fileSize, fileName: a.fileName, sourceFileChecksum: a.sourceFileChecksum, uploadOperations };
  const attributes =
    a.kind === "screenshots"
      ? { ...common, imageAsset: image, assetToken, assetType: "SortedScreenShot", assetDeliveryState: stateDoc(state === "PROCESSING" ? "UPLOAD_COMPLETE" : state, a.outcome) }
      : {
          ...common,
          mimeType: a.mimeType,
          previewFrameTimeCode: a.previewFrameTimeCode,
          videoUrl: done ? `${base}/video/${a.id}.m3u8` : null,
          previewFrameImage: a.committedAt === undefined ? null : { image, state: { state: done ? "COMPLETE" : state === "FAILED" ? "FAILED" : "PROCESSING", errors: [], warnings: null } },
          previewImage: image,
          // Deprecated in 4.4.1 but still sent; it has no PROCESSING state.
          assetDeliveryState: stateDoc(state === "PROCESSING" ? "UPLOAD_COMPLETE" : state, a.outcome),
          videoDeliveryState: stateDoc(state, a.outcome),
        };
  return {
    type: k.assetType,
    id: a.id,
    attributes,
    relationships: { [k.setRel]: { ...(opts.withSet ? { data: { type: k.setType, id: a.setId } } : {}) } },
    links: { self: `${base}/v1/${k.assetType}/${a.id}` },
  };
}

/**
 * Seed: the primary locale (the first) of every seeded version has an iPhone 6.9" set with
 * three finished screenshots, a 13" iPad set with two, and an iPhone preview set with one
 * finished preview, so a sync has something to read.
 */
export function seedMedia(versionLocs: SimVersionLoc[], primaryLocale = "en-US"): SimMedia {
  const media: SimMedia = { sets: [], assets: new Map(), nextId: 1 };
  const md5 = (s: string) => createHash("md5").update(s).digest("hex");
  for (const loc of versionLocs.filter((l) => l.locale === primaryLocale)) {
    const plan: [MediaKind, string, number, number, number, string][] = [
      ["screenshots", "APP_IPHONE_67", 3, 1290, 2796, "png"],
      ["screenshots", "APP_IPAD_PRO_3GEN_129", 2, 2048, 2732, "png"],
      ["previews", "IPHONE_67", 1, 886, 1920, "mp4"],
    ];
    for (const [kind, displayType, count, width, height, ext] of plan) {
      const set: SimMediaSet = { id: `${loc.id}-set${media.nextId++}`, kind, locId: loc.id, displayType, assetIds: [] };
      for (let i = 1; i <= count; i++) {
        const id = `${loc.id}-${kind === "screenshots" ? "shot" : "prev"}${media.nextId++}`;
        const fileName = `${displayType.toLowerCase()}-${i}.${ext}`;
        media.assets.set(id, {
          id, kind, setId: set.id, fileName, fileSize: 40_000 + i * 1_000, contentType: contentTypeOf(fileName), mimeType: kind === "previews" ? "video/mp4" : null,
          previewFrameTimeCode: kind === "previews" ? "00:00:05:00" : null, sourceFileChecksum: md5(id), parts: [], committedAt: 0, outcome: { ok: true, width, height },
        });
        set.assetIds.push(id);
      }
      media.sets.push(set);
    }
  }
  return media;
}

/**
 * Control API: what the account holds for a localization (every localization when locId is
 * not given), as a test checks it: sets in order with their assets in order, file names,
 * the checksum the client sent and the MD5 of the bytes kept, and the delivery state now.
 */
export function heldMedia(media: SimMedia, versionLocs: SimVersionLoc[], now: number, config: MediaConfig, locId?: string) {
  const md5 = (b: Buffer) => createHash("md5").update(b).digest("hex");
  return media.sets
    .filter((s) => !locId || s.locId === locId)
    .map((s) => ({
      id: s.id,
      kind: s.kind,
      locId: s.locId,
      locale: versionLocs.find((l) => l.id === s.locId)?.locale ?? null,
      displayType: s.displayType,
      assets: s.assetIds.map((id) => {
        const a = media.assets.get(id)!;
        const state = deliveryState(a, now, config);
        return {
          id: a.id,
          fileName: a.fileName,
          fileSize: a.fileSize,
          checksum: a.sourceFileChecksum,
          receivedMd5: a.image ? md5(a.image) : null,
          deliveryState: state,
          errors: a.outcome && !a.outcome.ok && state === "FAILED" ? [{ code: a.outcome.code, description: a.outcome.description }] : [],
          width: a.outcome?.ok ? (a.outcome.width ?? null) : null,
          height: a.outcome?.ok ? (a.outcome.height ?? null) : null,
        };
      }),
    }));
}
