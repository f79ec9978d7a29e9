import { z } from "zod";
import { defineOperation } from "@/lib/http/operation";
import { ZError } from "@/lib/http/response-check";
import { mount } from "@/lib/http/serve";
import { resolveConflict, revertChange, saveDrafts, ZDraftEdits, ZResolveConflict, ZRevert } from "./drafts";
import { exportFastlane, importFastlane, ZImport } from "./fastlane";
import { FIELD_NAMES } from "./fields";
import { metadataGrid } from "./grid";
import { addLocale, copyField, ZAddLocale, ZCopyField } from "./locales";
import { metadataHistory, pushDrafts, ZPush } from "./push";

const ZField = z.enum(FIELD_NAMES);
const ZCell = z.object({
  localizationId: z.string().describe("Our id of the app information or version localization; send it back in drafts"),
  live: z.string().nullable().describe("The value App Store Connect held at the last sync or push"),
  draft: z
    .object({
      id: z.string(),
      value: z.string(),
      baseValue: z.string().nullable().describe("The live value the draft started from; a push whose live value differs is a conflict"),
      pushError: z.string().nullable().describe("Apple's reason the last push of this field failed"),
      updatedBy: z.string().nullable().describe("Email of who changed the draft last"),
      updatedAt: z.string().describe("ISO 8601"),
    })
    .nullable(),
  editable: z.boolean(),
  readOnlyReason: z.string().optional().describe("Why the version's state does not allow editing this field"),
});
const ZGrid = z.object({
  app: z.object({ id: z.string(), name: z.string(), bundleId: z.string(), primaryLocale: z.string(), connectionName: z.string(), metadataSyncedAt: z.string().nullable() }),
  versions: z.array(
    z.object({
      id: z.string(),
      versionString: z.string(),
      appStoreState: z.string().describe("Apple's deprecated state, as read"),
      appVersionState: z.string().nullable().describe("Apple's appVersionState, which decides what can be edited"),
      editable: z.boolean().describe("Whether Apple accepts edits of every version field in this state"),
    }),
  ),
  version: z.object({ id: z.string(), versionString: z.string(), appStoreState: z.string(), appVersionState: z.string().nullable() }).nullable().describe("The version shown; by default the one being prepared"),
  appInfo: z
    .object({ id: z.string(), state: z.string().nullable(), editable: z.boolean(), readOnlyReason: z.string().optional() })
    .nullable()
    .describe("The app information whose fields (name, subtitle, privacy policy URL) the grid shows and edits: the one being prepared when there is one, else read-only with the reason"),
  rows: z.array(z.object({ locale: z.string(), cells: z.object(Object.fromEntries(FIELD_NAMES.map((f) => [f, ZCell.optional()]))) })).describe("One row per locale, the primary locale first"),
  pendingDrafts: z.number().int().describe("Drafts of this app in every version"),
});
const ZPushReport = z.object({
  pushed: z.array(z.object({ draftId: z.string(), locale: z.string(), field: ZField, oldValue: z.string().nullable(), newValue: z.string() })),
  conflicts: z.array(z.object({ draftId: z.string(), locale: z.string(), field: ZField, baseValue: z.string().nullable(), liveValue: z.string().nullable(), draftValue: z.string() })).describe("Changed at App Store Connect since the draft started; not sent"),
  failed: z.array(z.object({ draftId: z.string(), locale: z.string(), field: ZField, message: z.string().describe("Apple's reason, in plain words"), code: z.string().optional() })).describe("Refused by App Store Connect; kept as drafts"),
});
const ZChange = z.object({
  id: z.string(),
  localizationId: z.string(),
  locale: z.string(),
  field: ZField,
  versionString: z.string().nullable().describe("Null for app information fields"),
  oldValue: z.string().nullable(),
  newValue: z.string(),
  pushedByEmail: z.string().nullable(),
  pushedAt: z.string().describe("ISO 8601"),
});
const ZSaved = z.object({ saved: z.number().int(), cleared: z.number().int().describe("Drafts removed because the value is the live one again") });
const ZImportPreview = z.object({
  changes: z.array(z.object({ locale: z.string(), field: ZField, from: z.string(), to: z.string() })),
  problems: z.array(z.object({ file: z.string(), message: z.string() })),
  ignored: z.array(z.string()),
  applied: z.boolean(),
});
const ZVersionQuery = z.object({ versionId: z.string().max(64, "versionId is a version's id.").optional().describe("A version's `id`; by default the version being prepared, else the newest") });
const noApp = "No such app for this token";
const base = "/api/orgs/[orgId]/apps/[appId]/metadata";

export const metadataOperations = [
  defineOperation({
    id: "metadata.grid", method: "GET", path: base, apiPath: "/api/v1/apps/[appId]/localizations", access: "metadata.read", summary: "An app's metadata per locale: live values, drafts and what may be edited, for one version",
    query: ZVersionQuery,
    ok: { status: 200, description: "Locale grid", schema: ZGrid },
    errors: { 404: "No such app or version for this token" },
    handler: ({ ctx, params, query }) => metadataGrid(ctx, params.appId, query.versionId),
  }),
  defineOperation({
    id: "metadata.drafts", method: "PUT", path: `${base}/drafts`, apiPath: "/api/v1/apps/[appId]/drafts", access: "metadata.edit", summary: "Save edits as drafts, all or none; a value equal to the live one removes the draft",
    body: ZDraftEdits,
    ok: { status: 200, description: "Saved", schema: ZSaved },
    errors: { 404: noApp, 422: "Invalid edits, or a field the version's state makes read-only; `fields` names each (edits.N.value, edits.N.localizationId)" },
    handler: ({ ctx, body, params }) => saveDrafts(ctx, params.appId, body),
  }),
  defineOperation({
    id: "metadata.push", method: "POST", path: `${base}/push`, apiPath: "/api/v1/apps/[appId]/push", access: "metadata.edit", summary: "Push drafts (all of the app's, or those named) to App Store Connect",
    description: "Each field's live value is read first: one that changed since its draft started is a conflict and is not sent. Each localization is one request with only its changed fields.",
    body: ZPush,
    bodyOptional: true,
    ok: { status: 200, description: "What was pushed, what conflicts and what App Store Connect refused", schema: ZPushReport },
    errors: {
      404: noApp,
      409: "App Store Connect refused the key or the read of live values; nothing was pushed",
      429: "App Store Connect is rate-limiting the connection's key; nothing was pushed",
      422: "No drafts, or a value over Apple's limit, a malformed URL or a read-only field; `fields` names each as <locale>.<field>; nothing was sent",
      503: "App Store Connect could not be reached; nothing was pushed",
    },
    handler: ({ ctx, body, params }) => pushDrafts(ctx, params.appId, body),
  }),
  defineOperation({
    id: "metadata.history", method: "GET", path: `${base}/history`, apiPath: "/api/v1/apps/[appId]/history", access: "metadata.read", summary: "Changes pushed to App Store Connect, newest first",
    ok: { status: 200, description: "Changes", schema: z.object({ changes: z.array(ZChange) }) },
    errors: { 404: noApp },
    handler: async ({ ctx, params }) => ({ changes: await metadataHistory(ctx, params.appId) }),
  }),
  defineOperation({
    id: "metadata.addLocale", method: "POST", path: `${base}/locales`, access: "metadata.edit", summary: "Add a locale at App Store Connect (app information and version), with the fields Apple requires",
    body: ZAddLocale,
    ok: { status: 201, description: "Added", schema: z.object({ locale: z.string(), created: z.array(z.string()) }) },
    handler: ({ ctx, body, params }) => addLocale(ctx, params.appId, body),
  }),
  defineOperation({
    id: "metadata.copy", method: "POST", path: `${base}/copy`, access: "metadata.edit", summary: "Copy a field's value from one locale to many, as drafts",
    body: ZCopyField,
    ok: { status: 200, description: "Saved", schema: ZSaved },
    handler: ({ ctx, body, params }) => copyField(ctx, params.appId, body),
  }),
  defineOperation({
    id: "metadata.resolve", method: "POST", path: `${base}/drafts/[draftId]/resolve`, access: "metadata.edit", summary: "Settle a conflict: keep the draft over Apple's newer value, or take Apple's value",
    body: ZResolveConflict,
    ok: { status: 200, description: "Settled", schema: z.object({ kept: z.boolean() }) },
    handler: ({ ctx, body, params }) => resolveConflict(ctx, params.appId, params.draftId, body.choice),
  }),
  defineOperation({
    id: "metadata.revert", method: "POST", path: `${base}/revert`, access: "metadata.edit", summary: "Make an earlier value from the history a draft again",
    body: ZRevert,
    ok: { status: 200, description: "Saved", schema: ZSaved },
    handler: ({ ctx, body, params }) => revertChange(ctx, params.appId, body.changeId, body.to ?? "old"),
  }),
  defineOperation({
    id: "metadata.import", method: "POST", path: `${base}/import`, access: "metadata.edit", summary: "A fastlane metadata/ zip (base64): with apply false, what it would change; with apply true, the changes become drafts, or nothing does",
    body: ZImport,
    maxBodyBytes: 7_500_000,
    ok: { status: 200, description: "What the zip changes, and whether it was applied", schema: ZImportPreview },
    errors: { 422: { description: "Problems in the zip, or an invalid request; nothing was applied", schema: z.union([ZImportPreview, ZError]) } },
    handler: async ({ ctx, body, params }) => {
      const preview = await importFastlane(ctx, params.appId, body);
      return preview.problems.length ? Response.json(preview, { status: 422 }) : preview;
    },
  }),
  defineOperation({
    id: "metadata.export", method: "GET", path: `${base}/export`, access: "metadata.read", summary: "The version's metadata as a fastlane metadata/ folder in a zip (drafts where there are drafts)",
    query: ZVersionQuery,
    ok: { status: 200, description: "The zip", content: { "application/zip": { schema: { type: "string", format: "binary" } } } },
    handler: async ({ ctx, params, query }) => {
      const { name, zip } = await exportFastlane(ctx, params.appId, query.versionId);
      return new Response(Buffer.from(zip), {
        headers: { "content-type": "application/zip", "content-disposition": `attachment; filename="${name}"`, "cache-control": "no-store" },
      });
    },
  }),
];

export const routes = mount(metadataOperations);
