import { z } from "zod";
import { change, defineOperation, listing, removal } from "@/lib/http/operation";
import { mount } from "@/lib/http/serve";
import { ZCapabilityReport } from "./capabilities";
import { mintToken } from "./mint";
import { createConnection, deleteConnection, updateConnection } from "./mutations";
import { listConnections } from "./queries";
import { ZCreateConnection, ZMintToken, ZUpdateConnection } from "./schemas";
import { testConnection } from "./test-connection";

const ZStatus = z.enum(["UNTESTED", "WORKING", "FAILING", "REVOKED"]);
const ZKeyKind = z.enum(["TEAM", "INDIVIDUAL"]);
const ZConnectionSummary = z.object({
  id: z.string(),
  name: z.string(),
  status: ZStatus,
  fingerprint: z.string().describe("SHA256: and the base64 SHA-256 of the public key (SPKI DER)"),
  keyKind: ZKeyKind.describe("TEAM: a team key (Issuer ID, Key ID, private key). INDIVIDUAL: an individual key of one user (no Issuer ID; its tokens carry sub: \"user\")"),
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
const noConnection = "No such connection for this token";

export const connectionOperations = [
  listing({
    id: "connections.list", path: "/api/orgs/[orgId]/connections", apiPath: "/api/v1/connections", access: "connections.read", summary: "List the connections this token may see",
    description: "Connections", key: "connections", item: ZConnectionDetail, list: listConnections,
  }),
  defineOperation({
    id: "connections.create", method: "POST", path: "/api/orgs/[orgId]/connections", apiPath: "/api/v1/connections", access: "connections.manage", summary: "Add a connection (App Store Connect API key)",
    description:
      "A team key (`keyKind` TEAM, the default) needs `issuerId`; an individual key (`keyKind` INDIVIDUAL) has none and refuses one. `privateKey` is the .p8 content (PEM) or the base64 of it. Instead of `keyId`, `issuerId` and `privateKey`, `fastlaneApiKey` may hold fastlane's API key file (its JSON object or text); without `issuer_id` it is an individual key.",
    body: ZCreateConnection,
    ok: { status: 201, description: "Created", schema: z.object({ connection: ZConnectionDetail }) },
    errors: { 409: "Key ID already used in this organisation", 422: "Invalid input; `field` names it" },
    handler: async ({ ctx, body }) => ({ connection: await createConnection(ctx, body) }),
  }),
  change({
    id: "connections.update", path: "/api/orgs/[orgId]/connections/[connectionId]", access: "connections.manage", summary: "Rename a connection or replace its key",
    body: ZUpdateConnection, key: "connection", item: ZConnectionDetail, apply: (ctx, params, body) => updateConnection(ctx, params.connectionId, body),
  }),
  removal({
    id: "connections.delete", path: "/api/orgs/[orgId]/connections/[connectionId]", apiPath: "/api/v1/connections/[connectionId]", access: "connections.manage", summary: "Delete a connection and destroy its key",
    errors: { 404: noConnection },
    remove: (ctx, params) => deleteConnection(ctx, params.connectionId),
  }),
  defineOperation({
    id: "connections.test", method: "POST", path: "/api/orgs/[orgId]/connections/[connectionId]/test", apiPath: "/api/v1/connections/[connectionId]/test", access: "connections.manage", summary: "Make one cheap App Store Connect call with the key",
    ok: { status: 200, description: "Outcome", schema: ZTestResult },
    errors: { 404: noConnection },
    handler: async ({ ctx, params }) => ({ result: await testConnection(ctx, params.connectionId) }),
  }),
  defineOperation({
    id: "connections.token", method: "POST", apiPath: "/api/v1/connections/[connectionId]/token", access: "connections.token", summary: "Mint a short-lived App Store Connect token",
    description: "The token broker: CI asks for a JWT and never holds the .p8.",
    body: ZMintToken,
    bodyOptional: true,
    ok: { status: 200, description: "Token", schema: ZToken },
    errors: { 404: noConnection, 422: "Invalid scope or lifetime" },
    handler: ({ ctx, body, params }) => mintToken(ctx, params.connectionId, body),
  }),
];

export const routes = mount(connectionOperations);
