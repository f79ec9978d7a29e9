import { createHash, randomBytes } from "node:crypto";
import { acceptedSizes, looksLikeMovie, readImage, type ScreenshotDisplayType } from "./media-specs";
import { contentTypeOf, KINDS, type MediaConfig, type MediaKind, type MediaOutcome, type SimMedia, type SimMediaAsset, type UploadPart } from "./media";

/**
 * Apple's asset upload protocol ("Uploading Assets to App Store Connect"): a reservation
 * answers with upload operations (parts of the file, each PUT to an upload URL with the
 * headers it lists), a commit (uploaded: true, sourceFileChecksum) hands the bytes to
 * processing, and the asset ends COMPLETE or FAILED with error codes.
 */

type Err = { status: number; errors: { code: string; title: string; detail: string; source?: { pointer?: string } }[] };
const fail = (status: number, code: string, title: string, detail: string, pointer?: string): Err => ({ status, errors: [{ code, title, detail, ...(pointer ? { source: { pointer } } : {}) }] });
export const stateError = (detail: string, pointer?: string) => fail(409, "STATE_ERROR", "The request cannot be fulfilled because of the state of the resource.", detail, pointer);
export const unprocessable = (detail: string, pointer: string) => fail(422, "ENTITY_UNPROCESSABLE", "The request entity is not valid.", detail, pointer);
export const notFound = (type: string, id: string, pointer?: string) => fail(404, "NOT_FOUND", "The specified resource does not exist", `There is no resource of type '${type}' with id '${id}'`, pointer);

/** Splits a file into parts of config.partSize bytes, each with its own unguessable upload URL. */
function partsOf(fileSize: number, partSize: number): UploadPart[] {
  const parts: UploadPart[] = [];
  for (let offset = 0; offset < fileSize; offset += partSize) parts.push({ token: randomBytes(18).toString("hex"), offset, length: Math.min(partSize, fileSize - offset) });
  return parts;
}

type ReserveBody = { data?: { type?: string; attributes?: { fileName?: unknown; fileSize?: unknown; mimeType?: unknown; previewFrameTimeCode?: unknown }; relationships?: Record<string, { data?: { type?: string; id?: string } }> } };
const TIME_CODE = /^\d{2}:\d{2}:\d{2}:\d{2}$/;

/** POST /v1/appScreenshots or /v1/appPreviews: the reservation. The set must have room (10 screenshots, 3 previews, FAILED ones included). */
export function reserve(media: SimMedia, kind: MediaKind, body: ReserveBody, config: MediaConfig, editable: (locId: string) => boolean): { asset: SimMediaAsset } | Err {
  const k = KINDS[kind];
  const d = body?.data;
  if (d?.type !== k.assetType) return unprocessable(`The resource type must be '${k.assetType}'.`, "/data/type");
  const a = d.attributes ?? {};
  if (typeof a.fileName !== "string" || !a.fileName.trim()) return unprocessable("fileName is required.", "/data/attributes/fileName");
  if (typeof a.fileSize !== "number" || !Number.isInteger(a.fileSize) || a.fileSize < 1) return unprocessable("fileSize is a positive whole number of bytes.", "/data/attributes/fileSize");
  if (kind === "previews" && a.mimeType !== undefined && a.mimeType !== null && typeof a.mimeType !== "string") return unprocessable("mimeType is a string.", "/data/attributes/mimeType");
  if (kind === "previews" && a.previewFrameTimeCode != null && (typeof a.previewFrameTimeCode !== "string" || !TIME_CODE.test(a.previewFrameTimeCode))) {
    return fail(409, "ENTITY_ERROR.ATTRIBUTE.INVALID", "An attribute value is invalid.", "previewFrameTimeCode is hours:minutes:seconds:hundredths, e.g. 00:00:05:00.", "/data/attributes/previewFrameTimeCode");
  }
  const setId = d.relationships?.[k.setRel]?.data?.id;
  if (!setId) return unprocessable(`The ${k.setRel} relationship is required.`, `/data/relationships/${k.setRel}`);
  const set = media.sets.find((s) => s.id === setId && s.kind === kind);
  if (!set) return notFound(k.setType, setId, `/data/relationships/${k.setRel}`);
  if (!editable(set.locId)) return stateError(`The ${k.setType} '${setId}' cannot be changed in the current state of its version.`, `/data/relationships/${k.setRel}`);
  if (set.assetIds.length >= k.max) {
    return fail(409, "ENTITY_ERROR.RELATIONSHIP.INVALID", "The provided entity includes a relationship with an invalid value", `An ${k.setRel} holds at most ${k.max} ${k.assetType}; delete one first.`, `/data/relationships/${k.setRel}`);
  }
  const mimeType = typeof a.mimeType === "string" ? a.mimeType : null;
  const asset: SimMediaAsset = {
    id: `${set.locId}-${kind === "screenshots" ? "shot" : "prev"}${media.nextId++}`,
    kind, setId, fileName: a.fileName, fileSize: a.fileSize, contentType: contentTypeOf(a.fileName, mimeType), mimeType,
    previewFrameTimeCode: typeof a.previewFrameTimeCode === "string" ? a.previewFrameTimeCode : null, sourceFileChecksum: null, parts: partsOf(a.fileSize, config.partSize),
  };
  media.assets.set(asset.id, asset);
  set.assetIds.push(asset.id);
  return { asset };
}

type CommitBody = { data?: { type?: string; id?: string; attributes?: { uploaded?: unknown; sourceFileChecksum?: unknown; previewFrameTimeCode?: unknown } } };

/**
 * PATCH /v1/appScreenshots/{id} or /v1/appPreviews/{id}. With uploaded: true the upload is
 * committed: what processing will find is decided now from the bytes received (every part,
 * the checksum, then the file itself) and shown once processing time has passed.
 */
export function commit(media: SimMedia, asset: SimMediaAsset, body: CommitBody, now: number, displayType: string, failProcessing: () => boolean): Err | null {
  const k = KINDS[asset.kind];
  const d = body?.data;
  if (d?.type !== k.assetType || d.id !== asset.id) return fail(409, "ENTITY_ERROR.INCLUDED.INVALID_ID", "The provided entity id does not match the path.", "The id in the body must match the id in the path.", "/data/id");
  const a = d.attributes ?? {};
  if (a.sourceFileChecksum != null && typeof a.sourceFileChecksum !== "string") return unprocessable("sourceFileChecksum is a string.", "/data/attributes/sourceFileChecksum");
  if (asset.kind === "previews" && a.previewFrameTimeCode != null) {
    if (typeof a.previewFrameTimeCode !== "string" || !TIME_CODE.test(a.previewFrameTimeCode)) {
      return fail(409, "ENTITY_ERROR.ATTRIBUTE.INVALID", "An attribute value is invalid.", "previewFrameTimeCode is hours:minutes:seconds:hundredths, e.g. 00:00:05:00.", "/data/attributes/previewFrameTimeCode");
    }
    asset.previewFrameTimeCode = a.previewFrameTimeCode;
  }
  if (a.uploaded !== true) return null;
  if (asset.committedAt !== undefined) return stateError(`The ${k.assetType} '${asset.id}' was already committed.`, "/data/attributes/uploaded");
  asset.committedAt = now;
  asset.sourceFileChecksum = typeof a.sourceFileChecksum === "string" ? a.sourceFileChecksum.toLowerCase() : null;
  asset.outcome = process(asset, displayType, failProcessing);
  // Apple serves re-rendered images of a finished screenshot; the simulator keeps the file and
  // serves it as its own rendition (media-images.ts). Parts, and movies, are not kept.
  if (asset.kind === "screenshots" && asset.outcome.ok) asset.image = Buffer.concat(asset.parts.map((p) => p.received!));
  for (const p of asset.parts) delete p.received;
  return null;
}

function process(asset: SimMediaAsset, displayType: string, failProcessing: () => boolean): MediaOutcome {
  const missing = asset.parts.filter((p) => !p.received).length;
  if (missing) return { ok: false, code: "ASSET_UPLOAD_INCOMPLETE", description: `${missing} of ${asset.parts.length} upload operations were not completed before the commit.` };
  const bytes = Buffer.concat(asset.parts.map((p) => p.received!));
  const md5 = createHash("md5").update(bytes).digest("hex");
  if (asset.sourceFileChecksum !== null && asset.sourceFileChecksum !== md5) {
    return { ok: false, code: "ASSET_CHECKSUM_MISMATCH", description: `The sourceFileChecksum does not match the MD5 of the uploaded file (${md5}).` };
  }
  if (failProcessing()) return { ok: false, code: asset.kind === "screenshots" ? "IMAGE_TOOL_FAILURE" : "VIDEO_TOOL_FAILURE", description: "The file could not be processed." };
  if (asset.kind === "previews") {
    return looksLikeMovie(bytes) ? { ok: true } : { ok: false, code: "VIDEO_BAD_FORMAT", description: "App previews are .mov, .m4v or .mp4 files." };
  }
  const img = readImage(bytes);
  if (!img.format) return { ok: false, code: "IMG_BAD_FORMAT", description: "Screenshots are .jpeg, .jpg or .png files." };
  if (!acceptedSizes(displayType as ScreenshotDisplayType).some(([w, h]) => w === img.width && h === img.height)) {
    return { ok: false, code: "IMAGE_INCORRECT_DIMENSIONS", description: "IMAGE_INCORRECT_DIMENSIONS" };
  }
  if (img.alpha) return { ok: false, code: "IMAGE_ALPHA_NOT_ALLOWED", description: "IMAGE_ALPHA_NOT_ALLOWED" };
  return { ok: true, width: img.width, height: img.height };
}
