import { z } from "zod";
import { ZIso } from "@/lib/api/common";
import { change, defineOperation, listing } from "@/lib/http/operation";
import { mount } from "@/lib/http/serve";
import { listSyncedApps } from "./queries";
import { requestSync, updateSyncSettings } from "./requests";
import { ZSyncRequest, ZSyncRunsQuery, ZSyncSettings } from "./schemas";
import { getSyncStatus, listSyncRuns } from "./status";

const ZKind = z.enum(["FULL", "APPS", "METADATA", "REVIEWS", "REVIEWS_DEEP", "SALES", "ANALYTICS"]);
const ZRunStatus = z.enum(["QUEUED", "RUNNING", "SUCCEEDED", "FAILED"]);
const ZConnectionStatus = z.enum(["UNTESTED", "WORKING", "FAILING", "REVOKED"]);
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
  kind: ZKind,
  trigger: z.enum(["schedule", "manual", "api"]),
  status: ZRunStatus,
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
const ZSyncStatus = z.object({
  connection: z.object({
    id: z.string(),
    name: z.string(),
    status: ZConnectionStatus,
    statusReason: z.string().nullable(),
    syncPausedAt: z.string().nullable(),
    keyKind: z.enum(["TEAM", "INDIVIDUAL"]),
    blocked: z.array(z.object({ kind: z.string(), reason: z.string(), since: z.string() })).describe("Kinds of sync Apple refused for this key, with Apple's reason"),
    testedAt: z.string().nullable(),
    vendorNumber: z.string().nullable(),
    reviewsEveryMinutes: z.number().int(),
    metadataEveryMinutes: z.number().int(),
    salesHourUtc: z.number().int(),
  }),
  kinds: z.array(z.object({ kind: ZKind, lastRun: ZSyncRun.nullable(), nextRunAt: z.string().nullable() })),
  schedulesKnown: z.boolean(),
  open: z.array(ZSyncRun).describe("Runs queued or running"),
  history: z.array(ZSyncRun),
  salesDays: z.array(z.object({ day: z.string(), status: z.string(), reason: z.string().nullable(), rows: z.number().int(), attempts: z.number().int(), updatedAt: ZIso })),
});
const ZSettings = z.object({
  id: z.string(),
  vendorNumber: z.string().nullable(),
  reviewsEveryMinutes: z.number().int(),
  metadataEveryMinutes: z.number().int(),
  salesHourUtc: z.number().int(),
  syncPausedAt: z.string().nullable(),
});
const noConnection = "No such connection for this token";

export const syncOperations = [
  listing({
    id: "apps.list", apiPath: "/api/v1/apps", access: "apps.read", summary: "List the synced apps of the connections this token may see",
    description: "Apps", key: "apps", item: ZApp, list: listSyncedApps,
  }),
  defineOperation({
    id: "sync.status", method: "GET", path: "/api/orgs/[orgId]/connections/[connectionId]/sync", access: "connections.read", summary: "A connection's sync state: each kind's last and next run, runs under way, history and sales days",
    ok: { status: 200, description: "Sync state", schema: ZSyncStatus },
    handler: ({ ctx, params }) => getSyncStatus(ctx, params.connectionId),
  }),
  defineOperation({
    id: "sync.request", method: "POST", path: "/api/orgs/[orgId]/connections/[connectionId]/sync", apiPath: "/api/v1/connections/[connectionId]/sync", access: "sync.run", summary: "Sync a connection now (full, metadata, reviews, deep reviews, a range of sales days or analytics reports)",
    description: "202 with the run to watch, which is the one already under way when there is one.",
    body: ZSyncRequest,
    ok: { status: 202, description: "Queued; follow the run in /sync-runs", schema: ZSyncAccepted },
    errors: { 404: noConnection, 409: "Sync is paused because App Store Connect refused the key", 422: "Invalid kind or date range, or sales without a vendor number" },
    handler: ({ ctx, body, params }) => requestSync(ctx, params.connectionId, body),
  }),
  change({
    id: "sync.settings", path: "/api/orgs/[orgId]/connections/[connectionId]/sync-settings", access: "sync.configure", summary: "Change a connection's schedules and vendor number",
    body: ZSyncSettings, key: "settings", item: ZSettings, apply: (ctx, params, body) => updateSyncSettings(ctx, params.connectionId, body),
  }),
  defineOperation({
    id: "sync.runs", method: "GET", apiPath: "/api/v1/connections/[connectionId]/sync-runs", access: "connections.read", summary: "A connection's sync runs, newest first",
    query: ZSyncRunsQuery,
    ok: { status: 200, description: "Runs", schema: z.object({ runs: z.array(ZSyncRun), nextCursor: z.string().nullable() }) },
    errors: { 404: noConnection, 422: "Invalid limit or cursor" },
    handler: ({ ctx, params, query }) => listSyncRuns(ctx, params.connectionId, query),
  }),
];

export const routes = mount(syncOperations);
