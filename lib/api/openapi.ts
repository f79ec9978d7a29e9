import { z } from "zod";
import { ZCapabilityReport } from "@/lib/connections/capabilities";
import { ZCreateConnection, ZMintToken } from "@/lib/connections/schemas";
import { ZDraftEdits } from "@/lib/metadata/drafts";
import { FIELD_NAMES } from "@/lib/metadata/fields";
import { ZPush } from "@/lib/metadata/push";
import { ZAssign } from "@/lib/reviews/assign";
import { ZReply } from "@/lib/reviews/replies";
import { ZSyncRequest } from "@/lib/sync/schemas";

/** Response shapes of /api/v1, described with zod like the request bodies. */
const ZError = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional(), fields: z.record(z.string(), z.string()).optional() }),
});
const ZConnectionSummary = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(["UNTESTED", "WORKING", "FAILING", "REVOKED"]),
  fingerprint: z.string().describe("SHA256: and the base64 SHA-256 of the public key (SPKI DER)"),
  keyKind: z.enum(["TEAM", "INDIVIDUAL"]).describe("TEAM: a team key (Issuer ID, Key ID, private key). INDIVIDUAL: an individual key of one user (no Issuer ID; its tokens carry sub: \"user\")"),
  capabilities: ZCapabilityReport.nullable().describe("The last capability check (POST .../test), or null before the first"),
});
const ZConnectionDetail = ZConnectionSummary.extend({
  issuerId: z.string().nullable().optional().describe("The team's Issuer ID; null for an individual key"),
  keyId: z.string().optional(),
  statusReason: z.string().nullable().optional(),
  testedAt: z.string().nullable().optional(),
  lastUsedAt: z.string().nullable().optional(),
  createdBy: z.string().nullable().optional(),
});
const ZTestResult = z.object({
  result: z.object({
    ok: z.boolean(),
    status: z.enum(["WORKING", "FAILING", "REVOKED"]),
    message: z.string(),
    httpStatus: z.number().int().optional(),
    capabilities: ZCapabilityReport.describe("What the key can do: apps, metadata, reviews, sales, and whether this server's clock agrees with Apple's"),
  }),
});
const ZToken = z.object({ token: z.string().describe("ES256 JWT for App Store Connect"), expiresAt: z.string().describe("ISO 8601") });
const ZApp = z.object({
  id: z.string(),
  appleId: z.string().describe("Apple's app id"),
  name: z.string(),
  bundleId: z.string(),
  sku: z.string(),
  syncedAt: z.string().describe("ISO 8601"),
  connectionId: z.string(),
  connectionName: z.string(),
  reviews: z.number().int().describe("Customer reviews synced for this app"),
});
const ZSyncRun = z.object({
  id: z.string(),
  kind: z.enum(["FULL", "APPS", "METADATA", "REVIEWS", "REVIEWS_DEEP", "SALES"]),
  trigger: z.enum(["schedule", "manual", "api"]),
  status: z.enum(["QUEUED", "RUNNING", "SUCCEEDED", "FAILED"]),
  itemsTotal: z.number().int().describe("Apps × parts, or sales days; 0 until the run has listed them"),
  itemsDone: z.number().int(),
  itemsFailed: z.number().int(),
  fetched: z.number().int().describe("Records read from App Store Connect"),
  created: z.number().int(),
  updated: z.number().int(),
  error: z.string().nullable().describe("Why the run failed, in plain words"),
  errorCode: z.string().nullable(),
  retries: z.number().int().describe("Failed requests that were retried"),
  lastRetryError: z.string().nullable(),
  createdAt: z.string().describe("ISO 8601"),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
const ZSyncAccepted = z.object({ runId: z.string(), existing: z.boolean().describe("True when a run of this kind was already under way; that run is returned") });

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

const ZReview = z.object({
  id: z.string(),
  app: z.object({ id: z.string(), name: z.string() }),
  connection: z.object({ id: z.string(), name: z.string() }),
  rating: z.number().int().min(1).max(5),
  title: z.string().nullable(),
  body: z.string().nullable(),
  reviewerNickname: z.string().nullable(),
  territory: z.string().nullable().describe("ISO 3166-1 alpha-3 App Store territory"),
  createdDate: z.string().describe("ISO 8601"),
  response: z
    .object({ body: z.string(), state: z.enum(["PENDING_PUBLISH", "PUBLISHED"]).nullable(), modifiedDate: z.string().nullable() })
    .nullable()
    .describe("The developer response; null when unreplied"),
  assignedTo: z.object({ id: z.string(), email: z.string(), name: z.string().nullable() }).nullable(),
  replyingBy: z.string().nullable().describe("Email of a member sending a reply right now"),
});
const reviewFilters = [
  { name: "app", description: "Our app id (`id` in /apps)" },
  { name: "connection", description: "A connection id" },
  { name: "rating", description: "Star ratings, comma-separated: `1,2`" },
  { name: "territory", description: "Territory codes, comma-separated: `USA,GBR`" },
  { name: "replied", description: "`yes` or `no`" },
  { name: "assigned", description: "`none`, `any`, or a member's user id (`assignedTo.id`); `me` is the signed-in member and matches nothing for an API token" },
  { name: "from", description: "First day, `YYYY-MM-DD` (UTC), inclusive" },
  { name: "to", description: "Last day, `YYYY-MM-DD` (UTC), inclusive" },
  { name: "q", description: "Words that must all appear in the title or body (case-insensitive, literal)" },
].map((p) => ({ ...p, in: "query", required: false, schema: { type: "string" } }));
const ZSalesFigure = { currency: z.string().describe("ISO 4217 currency of the proceeds, as Apple reports it"), units: z.number().int().describe("Net units: refunds subtract"), proceeds: z.string().describe("Developer proceeds, decimal string with 2 places, never converted") };
const ZSalesView = z.object({
  range: z.object({ from: z.string(), to: z.string() }),
  previous: z.object({ from: z.string(), to: z.string() }).describe("The period of the same length just before"),
  by: z.enum(["day", "week", "month", "app", "territory", "productType"]),
  currencies: z.array(z.string()),
  buckets: z.array(z.string()).nullable().describe("Every day, week (its Monday) or month (YYYY-MM) of the range, for charts; null for other breakdowns"),
  rows: z.array(z.object({ key: z.string().describe("The day, week, month, app SKU, territory code or product type identifier"), label: z.string(), ...ZSalesFigure, refunds: z.number().int().describe("Refunded units"), free: z.number().int().describe("Units without proceeds") })),
  totals: z.array(z.object({ ...ZSalesFigure, refunds: z.number().int(), free: z.number().int() })),
  previousTotals: z.array(z.object({ ...ZSalesFigure, refunds: z.number().int(), free: z.number().int() })),
});
const reviewParam = [{ name: "reviewId", in: "path", required: true, schema: { type: "string" }, description: "Our id of the review (`id` in /reviews)" }];

const json = (s: z.ZodType, io: "input" | "output" = "output") => ({ "application/json": { schema: z.toJSONSchema(s, { io, target: "openapi-3.0", unrepresentable: "any" }) } });
const err = (description: string) => ({ description, content: json(ZError) });
const common = { 401: err("Missing, invalid, expired or revoked API token"), 403: err("The token's role does not allow this") };
const idParam = [{ name: "connectionId", in: "path", required: true, schema: { type: "string" } }];
const appParam = [{ name: "appId", in: "path", required: true, schema: { type: "string" }, description: "Our id of the app (`id` in /apps)" }];
/** A reply at App Store Connect that our copy does not know: nothing was sent, and the reply found comes back. */
const ZReplyExists = z.object({
  error: z.object({
    code: z.string().describe("`REPLY_EXISTS_AT_APPLE`, or another conflict code (`conflict`) with Apple's reason in `message`"),
    message: z.string(),
    field: z.string().optional(),
    found: z
      .object({ id: z.string(), body: z.string(), state: z.enum(["PENDING_PUBLISH", "PUBLISHED"]).nullable(), modifiedDate: z.string().nullable().describe("ISO 8601") })
      .optional()
      .describe("With REPLY_EXISTS_AT_APPLE: the reply at App Store Connect now. Send again with `replace: { responseId: found.id, responseBody: found.body }` to overwrite it"),
  }),
});
const replyConflict = {
  description:
    "REPLY_EXISTS_AT_APPLE: App Store Connect holds a reply our copy does not know (written there since the last sync). Apple's POST overwrites, so nothing was sent; `found` is that reply. Otherwise App Store Connect refused the reply, or a member is replying right now",
  content: json(ZReplyExists),
};
const noApp = err("No such app for this token");
const pageParams = [
  { name: "limit", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 100, default: 50 } },
  { name: "cursor", in: "query", required: false, schema: { type: "string" }, description: "`nextCursor` of the previous page" },
];

/** The OpenAPI 3.0 document of the public API, built from the same zod schemas the routes validate with. */
export function openApiDocument(serverUrl: string) {
  return {
    openapi: "3.0.3",
    info: { title: "ASC Dashboard API", version: "1", description: "Organisation API for App Store Connect connections, short-lived tokens, synced apps, syncs, App Store metadata, customer reviews and sales." },
    servers: [{ url: new URL("/api/v1", serverUrl).toString() }],
    security: [{ apiToken: [] }],
    components: { securitySchemes: { apiToken: { type: "http", scheme: "bearer", description: "An organisation API token (ascd_…), created by an admin." } } },
    paths: {
      "/me": {
        get: {
          summary: "The organisation, role and connections this token acts for",
          responses: {
            200: {
              description: "The token's scope",
              content: json(
                z.object({
                  organization: z.object({ id: z.string(), name: z.string(), slug: z.string() }),
                  token: z.object({ id: z.string(), name: z.string(), role: z.enum(["ADMIN", "EDITOR", "SUPPORT", "VIEWER"]), connectionIds: z.array(z.string()).nullable().describe("null when the token sees every connection") }),
                }),
              ),
            },
            ...common,
          },
        },
      },
      "/apps": {
        get: { summary: "List the synced apps of the connections this token may see", responses: { 200: { description: "Apps", content: json(z.object({ apps: z.array(ZApp) })) }, ...common } },
      },
      "/apps/{appId}/localizations": {
        get: {
          summary: "An app's metadata per locale: live values, drafts and what may be edited, for one version",
          parameters: [...appParam, { name: "versionId", in: "query", required: false, schema: { type: "string" }, description: "A version's `id`; by default the version being prepared, else the newest" }],
          responses: { 200: { description: "Locale grid", content: json(ZGrid) }, 404: err("No such app or version for this token"), ...common },
        },
      },
      "/apps/{appId}/drafts": {
        put: {
          summary: "Save edits as drafts, all or none; a value equal to the live one removes the draft",
          parameters: appParam,
          requestBody: { required: true, content: json(ZDraftEdits, "input") },
          responses: {
            200: { description: "Saved", content: json(z.object({ saved: z.number().int(), cleared: z.number().int().describe("Drafts removed because the value is the live one again") })) },
            404: noApp,
            422: err("Invalid edits, or a field the version's state makes read-only; `fields` names each (edits.N.value, edits.N.localizationId)"),
            ...common,
          },
        },
      },
      "/apps/{appId}/push": {
        post: {
          summary: "Push drafts (all of the app's, or those named) to App Store Connect",
          description: "Each field's live value is read first: one that changed since its draft started is a conflict and is not sent. Each localization is one request with only its changed fields.",
          parameters: appParam,
          requestBody: { required: false, content: json(ZPush, "input") },
          responses: {
            200: { description: "What was pushed, what conflicts and what App Store Connect refused", content: json(ZPushReport) },
            404: noApp,
            409: err("App Store Connect refused the key or the read of live values; nothing was pushed"),
            429: err("App Store Connect is rate-limiting the connection's key; nothing was pushed"),
            422: err("No drafts, or a value over Apple's limit, a malformed URL or a read-only field; `fields` names each as <locale>.<field>; nothing was sent"),
            503: err("App Store Connect could not be reached; nothing was pushed"),
            ...common,
          },
        },
      },
      "/apps/{appId}/history": {
        get: { summary: "Changes pushed to App Store Connect, newest first", parameters: appParam, responses: { 200: { description: "Changes", content: json(z.object({ changes: z.array(ZChange) })) }, 404: noApp, ...common } },
      },
      "/reviews": {
        get: {
          summary: "Customer reviews the token may see, newest first, filtered like the inbox",
          description: "A keyset page: pass `nextCursor` back as `cursor` for the next (older) page; pages stay stable while new reviews arrive.",
          parameters: [...reviewFilters, { ...pageParams[0], schema: { ...pageParams[0].schema, default: 25 } }, pageParams[1]],
          responses: { 200: { description: "Reviews", content: json(z.object({ reviews: z.array(ZReview), nextCursor: z.string().nullable() })) }, 422: err("Invalid filter, limit or cursor; `field` names it"), ...common },
        },
      },
      "/reviews/counts": {
        get: {
          summary: "How many reviews each rating, replied and assigned choice would show, with the other filters applied",
          parameters: reviewFilters,
          responses: {
            200: {
              description: "Counts",
              content: json(
                z.object({
                  counts: z.object({
                    total: z.number().int(),
                    rating: z.record(z.enum(["1", "2", "3", "4", "5"]), z.number().int()),
                    replied: z.object({ yes: z.number().int(), no: z.number().int() }),
                    assigned: z.object({ me: z.number().int(), none: z.number().int() }),
                  }),
                }),
              ),
            },
            422: err("Invalid filter; `field` names it"),
            ...common,
          },
        },
      },
      "/reviews/{reviewId}/response": {
        post: {
          summary: "Reply to a review through App Store Connect",
          description:
            "The review's reply at App Store Connect is read first: Apple's create overwrites an existing reply, so one our copy does not know is never overwritten without `replace` (409 REPLY_EXISTS_AT_APPLE otherwise). Length is counted in UTF-16 code units, as App Store Connect counts it: at most 5970, an emoji outside the BMP counts 2.",
          parameters: reviewParam,
          requestBody: { required: true, content: json(ZReply, "input") },
          responses: { 201: { description: "Sent; the review as it now is", content: json(z.object({ review: ZReview })) }, 404: err("No such review for this token"), 409: replyConflict, 422: err("Empty or too long; `field` is `body`"), ...common },
        },
        put: {
          summary: "Send an edit of our reply: one create-or-overwrite at App Store Connect, checked like a new reply against the reply there now",
          parameters: reviewParam,
          requestBody: { required: true, content: json(ZReply, "input") },
          responses: { 200: { description: "Sent; the review as it now is", content: json(z.object({ review: ZReview })) }, 404: err("No such review for this token"), 409: replyConflict, 422: err("Empty or too long; `field` is `body`"), ...common },
        },
        delete: {
          summary: "Delete the reply at App Store Connect (refused with REPLY_EXISTS_AT_APPLE when the reply there changed since the last sync)",
          parameters: reviewParam,
          responses: { 200: { description: "Deleted; the review as it now is", content: json(z.object({ review: ZReview })) }, 404: err("No such review for this token"), 409: replyConflict, ...common },
        },
      },
      "/reviews/{reviewId}/assignee": {
        put: {
          summary: "Assign the review to a member who may reply, or to nobody with null",
          parameters: reviewParam,
          requestBody: { required: true, content: json(ZAssign, "input") },
          responses: { 200: { description: "Assigned", content: json(z.object({ review: ZReview })) }, 404: err("No such review for this token"), 422: err("Not a member who can reply to this review"), ...common },
        },
      },
      "/sales": {
        get: {
          summary: "Units and proceeds for a date range, by day, week, month, app, territory or product type, per currency",
          description: "From Apple's daily Sales Summary reports. Amounts stay in the currency Apple reports them in. `format=csv` returns the rows as CSV.",
          parameters: [
            { name: "from", in: "query", required: false, schema: { type: "string" }, description: "First day, YYYY-MM-DD (UTC); default 30 days before `to`" },
            { name: "to", in: "query", required: false, schema: { type: "string" }, description: "Last day, YYYY-MM-DD (UTC); default yesterday; at most 731 days in all" },
            { name: "by", in: "query", required: false, schema: { type: "string", enum: ["day", "week", "month", "app", "territory", "productType"], default: "day" } },
            { name: "connection", in: "query", required: false, schema: { type: "string" } },
            { name: "app", in: "query", required: false, schema: { type: "string" }, description: "An app's SKU; its in-app purchases count with it" },
            { name: "format", in: "query", required: false, schema: { type: "string", enum: ["json", "csv"], default: "json" } },
          ],
          responses: {
            200: { description: "The figures", content: { ...json(ZSalesView), "text/csv": { schema: { type: "string" } } } },
            422: err("Invalid date, range or breakdown; `field` names it"),
            ...common,
          },
        },
      },
      "/connections": {
        get: { summary: "List the connections this token may see", responses: { 200: { description: "Connections", content: json(z.object({ connections: z.array(ZConnectionDetail) })) }, ...common } },
        post: {
          summary: "Add a connection (App Store Connect API key)",
          description:
            "A team key (`keyKind` TEAM, the default) needs `issuerId`; an individual key (`keyKind` INDIVIDUAL) has none and refuses one. `privateKey` is the .p8 content (PEM) or the base64 of it. Instead of `keyId`, `issuerId` and `privateKey`, `fastlaneApiKey` may hold fastlane's API key file (its JSON object or text); without `issuer_id` it is an individual key.",
          requestBody: { required: true, content: json(ZCreateConnection, "input") },
          responses: { 201: { description: "Created", content: json(z.object({ connection: ZConnectionDetail })) }, 409: err("Key ID already used in this organisation"), 422: err("Invalid input; `field` names it"), ...common },
        },
      },
      "/connections/{connectionId}": {
        delete: { summary: "Delete a connection and destroy its key", parameters: idParam, responses: { 204: { description: "Deleted" }, 404: err("No such connection for this token"), ...common } },
      },
      "/connections/{connectionId}/test": {
        post: { summary: "Make one cheap App Store Connect call with the key", parameters: idParam, responses: { 200: { description: "Outcome", content: json(ZTestResult) }, 404: err("No such connection for this token"), ...common } },
      },
      "/connections/{connectionId}/token": {
        post: {
          summary: "Mint a short-lived App Store Connect token",
          parameters: idParam,
          requestBody: { required: false, content: json(ZMintToken, "input") },
          responses: { 200: { description: "Token", content: json(ZToken) }, 404: err("No such connection for this token"), 422: err("Invalid scope or lifetime"), ...common },
        },
      },
      "/connections/{connectionId}/sync": {
        post: {
          summary: "Sync a connection now (full, metadata, reviews, deep reviews or a range of sales days)",
          parameters: idParam,
          requestBody: { required: true, content: json(ZSyncRequest, "input") },
          responses: {
            202: { description: "Queued; follow the run in /sync-runs", content: json(ZSyncAccepted) },
            404: err("No such connection for this token"),
            409: err("Sync is paused because App Store Connect refused the key"),
            422: err("Invalid kind or date range, or sales without a vendor number"),
            ...common,
          },
        },
      },
      "/connections/{connectionId}/sync-runs": {
        get: {
          summary: "A connection's sync runs, newest first",
          parameters: [...idParam, ...pageParams],
          responses: { 200: { description: "Runs", content: json(z.object({ runs: z.array(ZSyncRun), nextCursor: z.string().nullable() })) }, 404: err("No such connection for this token"), 422: err("Invalid limit or cursor"), ...common },
        },
      },
    },
  };
}
