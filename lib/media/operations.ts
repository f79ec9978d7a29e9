import { z } from "zod";
import { defineOperation } from "@/lib/http/operation";
import { ZError } from "@/lib/http/response-check";
import { mount } from "@/lib/http/serve";
import { copySet, deleteAsset, fillFromBase, reorder, ZCopySet, ZFill, ZReorder } from "./arrange";
import { LIMITS } from "./specs";
import { importMediaZip, stageUpload, uploadStatus } from "./uploads";
import { MEDIA_ZIP_MAX_BYTES } from "./zip-import";
import { mediaGrid, mediaHistory, uploadView } from "./view";

const ZKind = z.enum(["SCREENSHOT", "PREVIEW"]);
const ZUploadStatus = z.enum(["QUEUED", "RESERVED", "UPLOADED", "COMMITTED", "COMPLETE", "FAILED", "CANCELLED"]);
const ZUpload = z.object({
  id: z.string(),
  batchId: z.string().describe("Files sent together share a batch; ask media.uploads for it to follow their progress"),
  sequence: z.number().int().describe("The file's place in its set's batch; files reach Apple in this order"),
  localizationId: z.string(),
  locale: z.string(),
  kind: ZKind,
  displayType: z.string().describe("Apple's screenshotDisplayType or previewType"),
  fileName: z.string(),
  fileSize: z.number().int(),
  status: ZUploadStatus.describe("QUEUED, then RESERVED, UPLOADED and COMMITTED at Apple, ending COMPLETE or FAILED"),
  partsDone: z.number().int(),
  partsTotal: z.number().int().describe("Upload operations Apple asked for; 0 until reserved"),
  bytesSent: z.number().int(),
  deliveryState: z.string().nullable().describe("Apple's delivery state once committed: UPLOAD_COMPLETE, PROCESSING (previews can take minutes), COMPLETE, FAILED"),
  errorCode: z.string().nullable(),
  error: z.string().nullable().describe("Apple's reason, in words, when the upload failed"),
  replacesAssetId: z.string().nullable(),
  createdBy: z.string().nullable().describe("Email of the member, or the API token's name"),
  createdAt: z.string().describe("ISO 8601"),
  finishedAt: z.string().nullable(),
});
const ZAsset = z.object({
  id: z.string(),
  fileName: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  deliveryState: z.string(),
  errors: z.array(z.object({ code: z.string(), description: z.string() })).describe("Apple's reasons when processing failed"),
  thumbUrl: z.string().nullable().describe("A 300 px high PNG rendition on Apple's image host; null until Apple has processed the file"),
});
const ZCell = z.object({
  set: z.object({ id: z.string(), total: z.number().int(), max: z.number().int().describe("Apple's limit per set"), assets: z.array(ZAsset).describe("In Apple's order") }).nullable(),
  missingRequired: z.boolean().describe("The locale lacks a size Apple requires for the app, and this is the column to fill"),
});
const ZColumn = z.object({ displayType: z.string(), label: z.string(), family: z.string().nullable(), required: z.boolean(), sizes: z.array(z.string()).describe("Accepted pixel sizes, width×height") });
const ZGrid = z.object({
  app: z.object({ id: z.string(), name: z.string(), bundleId: z.string(), primaryLocale: z.string(), connectionName: z.string(), mediaSyncedAt: z.string().nullable() }),
  versions: z.array(z.object({ id: z.string(), versionString: z.string(), platform: z.string().nullable(), appVersionState: z.string().nullable(), editable: z.boolean() })),
  version: z.object({ id: z.string(), versionString: z.string(), platform: z.string().nullable(), appVersionState: z.string().nullable() }).nullable().describe("The version shown; by default the one being prepared"),
  columns: z.object({ screenshots: z.array(ZColumn).describe("Required sizes first"), previews: z.array(ZColumn) }),
  required: z.array(z.object({ family: z.string(), anyOf: z.array(z.string()) })).describe("Per device family Apple requires, the display types any one of which satisfies it"),
  rows: z
    .array(
      z.object({
        localizationId: z.string(),
        locale: z.string(),
        missingFamilies: z.array(z.string()),
        screenshots: z.record(z.string(), ZCell).describe("By screenshotDisplayType"),
        previews: z.record(z.string(), ZCell).describe("By previewType"),
      }),
    )
    .describe("One row per locale of the version, the primary locale first"),
  uploads: z.array(ZUpload).describe("Uploads to this version still under way"),
  editable: z.boolean().describe("Whether Apple lets this version's screenshots and previews change; changes are live at Apple at once"),
  readOnlyReason: z.string().optional(),
});
const ZChange = z.object({
  id: z.string(),
  versionString: z.string().nullable(),
  locale: z.string(),
  kind: ZKind,
  displayType: z.string(),
  action: z.enum(["UPLOADED", "REPLACED", "DELETED", "REORDERED", "COPIED"]),
  detail: z.string().describe("What changed, in words: file names, the new order, where a set was copied from"),
  byEmail: z.string().nullable().describe("Email of the member, or the API token's name"),
  at: z.string().describe("ISO 8601"),
});
const ZBatch = z.object({ batchId: z.string(), uploads: z.array(ZUpload) });
const ZRefusals = z.object({ refusals: z.array(z.object({ file: z.string(), message: z.string() })).describe("Every file refused, naming what is accepted; nothing was queued") });

const ZVersionQuery = z.object({ versionId: z.string().max(64, "versionId is a version's id.").optional().describe("A version's `id`; by default the version being prepared, else the newest") });
export const ZUploadQuery = z.object({
  localizationId: z.string().min(1).max(64).describe("The version localization's `localizationId` from the grid"),
  displayType: z.string().min(1).max(40).describe("Apple's screenshotDisplayType (screenshots) or previewType (previews)"),
  kind: ZKind,
  fileName: z.string().trim().min(1).max(200).describe("The file's name, shown at App Store Connect"),
  previewFrameTimeCode: z.string().regex(/^\d{2}:\d{2}:\d{2}:\d{2}$/, "Give the poster frame as hours:minutes:seconds:frames, e.g. 00:00:05:00.").optional(),
  replacesAssetId: z.string().min(1).max(64).optional().describe("An asset's `id`: the new file takes its place once Apple has processed it"),
  batchId: z.string().min(1).max(64).optional().describe("Send files of one drop with the same batch id to follow them together"),
});
const ZImportQuery = z.object({ versionId: z.string().min(1).max(64, "versionId is a version's id.").describe("The version whose locales the zip fills") });

const base = "/api/orgs/[orgId]/apps/[appId]/media";
const api = "/api/v1/apps/[appId]/media";
const noApp = "No such app, version or set for this token";
const appleErrors = {
  409: "App Store Connect refused the change (Apple's words), or the version's state does not allow changing media",
  429: "App Store Connect is rate-limiting the connection's key",
  503: "App Store Connect could not be reached",
};

export const mediaOperations = [
  defineOperation({
    id: "media.grid", method: "GET", path: base, apiPath: api, access: "media.read", summary: "An app version's screenshots and previews per locale and display type, with gaps in the sizes Apple requires",
    query: ZVersionQuery,
    ok: { status: 200, description: "Media grid", schema: ZGrid },
    errors: { 404: noApp },
    handler: ({ ctx, params, query }) => mediaGrid(ctx, params.appId, query.versionId),
  }),
  defineOperation({
    id: "media.upload", method: "POST", path: `${base}/uploads`, apiPath: `${api}/uploads`, access: "media.edit", summary: "Upload one screenshot or preview: the request body is the file itself",
    description: `The file is checked before anything reaches Apple (PNG or JPEG without transparency for screenshots, MOV, M4V or MP4 of 15 to 30 seconds for previews; pixel sizes accepted for the display type; the set's limit of ${LIMITS.SCREENSHOT.max} screenshots or ${LIMITS.PREVIEW.max} previews; file size), then uploaded to Apple by a job. Follow it with media.uploads.`,
    query: ZUploadQuery,
    streamBody: { maxBytes: LIMITS.PREVIEW.maxBytes },
    ok: { status: 202, description: "Checked and queued", schema: z.object({ upload: ZUpload }) },
    errors: { 404: noApp, 409: appleErrors[409], 413: "The file is larger than Apple accepts", 422: "The file is refused: the message names it and what is accepted" },
    handler: async ({ ctx, params, query, req }) => ({ upload: uploadView(await stageUpload(ctx, params.appId, query, req.body!)) }),
  }),
  defineOperation({
    id: "media.uploads", method: "GET", path: `${base}/uploads`, apiPath: `${api}/uploads`, access: "media.read", summary: "Uploads of an app and how far each got, for progress",
    query: z.object({ batchId: z.string().min(1).max(64).optional().describe("Only this batch; by default the uploads still under way") }),
    ok: { status: 200, description: "Uploads", schema: z.object({ uploads: z.array(ZUpload) }) },
    errors: { 404: noApp },
    handler: async ({ ctx, params, query }) => ({ uploads: (await uploadStatus(ctx, params.appId, query.batchId)).map(uploadView) }),
  }),
  defineOperation({
    id: "media.import", method: "POST", path: `${base}/import`, apiPath: `${api}/import`, access: "media.edit", summary: "Upload a fastlane screenshots/ zip: screenshots/<locale>/<file>, display type found from each image's size",
    description: "Every file is checked before anything is queued: one refusal and nothing is. Then one batch per set, in file-name order.",
    query: ZImportQuery,
    streamBody: { maxBytes: MEDIA_ZIP_MAX_BYTES },
    ok: { status: 202, description: "Checked and queued", schema: ZBatch },
    errors: { 404: noApp, 413: "The zip is larger than accepted", 422: { description: "Refused files, each naming what is accepted; nothing was queued", schema: z.union([ZRefusals, ZError]) } },
    handler: async ({ ctx, params, query, req }) => {
      const result = await importMediaZip(ctx, params.appId, query.versionId, req.body!);
      if ("refusals" in result) return Response.json({ refusals: result.refusals }, { status: 422 });
      return { batchId: result.batchId, uploads: result.uploads.map(uploadView) };
    },
  }),
  defineOperation({
    id: "media.reorder", method: "PUT", path: `${base}/sets/[setId]/order`, apiPath: `${api}/sets/[setId]/order`, access: "media.edit", summary: "Put a set's screenshots or previews in a new order at App Store Connect",
    params: { setId: "A set's `id` from the grid" },
    body: ZReorder,
    ok: { status: 200, description: "The order App Store Connect now holds", schema: z.object({ assetIds: z.array(z.string()) }) },
    errors: { 404: noApp, ...appleErrors, 422: "The list does not name each of the set's assets exactly once" },
    handler: ({ ctx, params, body }) => reorder(ctx, params.appId, params.setId, body),
  }),
  defineOperation({
    id: "media.deleteAsset", method: "DELETE", path: `${base}/assets/[assetId]`, apiPath: `${api}/assets/[assetId]`, access: "media.edit", summary: "Delete a screenshot or preview at App Store Connect (live at once on an editable version)",
    params: { assetId: "An asset's `id` from the grid" },
    ok: { status: 204, description: "Deleted" },
    errors: { 404: "No such app or asset for this token", ...appleErrors },
    handler: async ({ ctx, params }) => {
      await deleteAsset(ctx, params.appId, params.assetId);
    },
  }),
  defineOperation({
    id: "media.copy", method: "POST", path: `${base}/sets/[setId]/copy`, apiPath: `${api}/sets/[setId]/copy`, access: "media.edit", summary: "Copy a screenshot set to other locales of the version, in order, after what each holds",
    params: { setId: "A screenshot set's `id` from the grid" },
    body: ZCopySet,
    ok: { status: 202, description: "Queued", schema: ZBatch },
    errors: { 404: noApp, ...appleErrors, 422: "A locale of another version, a target set without room, or a preview set (Apple serves previews only as streams)" },
    handler: ({ ctx, params, body }) => copySet(ctx, params.appId, params.setId, body),
  }),
  defineOperation({
    id: "media.fill", method: "POST", path: `${base}/fill`, apiPath: `${api}/fill`, access: "media.edit", summary: "Fill every locale that has no screenshots of a display type from the base locale's set",
    body: ZFill,
    ok: { status: 202, description: "Queued", schema: ZBatch.extend({ filled: z.array(z.object({ locale: z.string(), displayType: z.string() })).describe("The sets being filled") }) },
    errors: { 404: noApp, ...appleErrors, 422: "No such base locale in the version, or a set without room" },
    handler: ({ ctx, params, body }) => fillFromBase(ctx, params.appId, body),
  }),
  defineOperation({
    id: "media.history", method: "GET", path: `${base}/history`, apiPath: `${api}/history`, access: "media.read", summary: "Changes to the app's screenshots and previews made here, newest first, with who made each",
    ok: { status: 200, description: "Changes", schema: z.object({ changes: z.array(ZChange) }) },
    errors: { 404: noApp },
    handler: async ({ ctx, params }) => ({ changes: await mediaHistory(ctx, params.appId) }),
  }),
];

export const routes = mount(mediaOperations);
