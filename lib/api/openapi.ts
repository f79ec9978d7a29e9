import { z } from "zod";
import { ZCreateConnection, ZMintToken } from "@/lib/connections/schemas";
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
});
const ZConnectionDetail = ZConnectionSummary.extend({
  issuerId: z.string().optional(),
  keyId: z.string().optional(),
  statusReason: z.string().nullable().optional(),
  testedAt: z.string().nullable().optional(),
  lastUsedAt: z.string().nullable().optional(),
  createdBy: z.string().nullable().optional(),
});
const ZTestResult = z.object({
  result: z.object({ ok: z.boolean(), status: z.enum(["WORKING", "FAILING", "REVOKED"]), message: z.string(), httpStatus: z.number().int().optional() }),
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

const json = (s: z.ZodType, io: "input" | "output" = "output") => ({ "application/json": { schema: z.toJSONSchema(s, { io, target: "openapi-3.0", unrepresentable: "any" }) } });
const err = (description: string) => ({ description, content: json(ZError) });
const common = { 401: err("Missing, invalid, expired or revoked API token"), 403: err("The token's role does not allow this") };
const idParam = [{ name: "connectionId", in: "path", required: true, schema: { type: "string" } }];
const pageParams = [
  { name: "limit", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 100, default: 50 } },
  { name: "cursor", in: "query", required: false, schema: { type: "string" }, description: "`nextCursor` of the previous page" },
];

/** The OpenAPI 3.0 document of the public API, built from the same zod schemas the routes validate with. */
export function openApiDocument(serverUrl: string) {
  return {
    openapi: "3.0.3",
    info: { title: "ASC Dashboard API", version: "1", description: "Organisation API for App Store Connect connections, short-lived tokens, synced apps and syncs." },
    servers: [{ url: new URL("/api/v1", serverUrl).toString() }],
    security: [{ apiToken: [] }],
    components: { securitySchemes: { apiToken: { type: "http", scheme: "bearer", description: "An organisation API token (ascd_…), created by an admin." } } },
    paths: {
      "/apps": {
        get: { summary: "List the synced apps of the connections this token may see", responses: { 200: { description: "Apps", content: json(z.object({ apps: z.array(ZApp) })) }, ...common } },
      },
      "/connections": {
        get: { summary: "List the connections this token may see", responses: { 200: { description: "Connections", content: json(z.object({ connections: z.array(ZConnectionDetail) })) }, ...common } },
        post: {
          summary: "Add a connection (App Store Connect API key)",
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
