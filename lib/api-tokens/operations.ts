import { z } from "zod";
import { ZRole } from "@/lib/api/common";
import { defineOperation, listing, removal } from "@/lib/http/operation";
import { mount } from "@/lib/http/serve";
import { createApiToken, revokeApiToken } from "./mutations";
import { listApiTokens } from "./queries";
import { ZCreateApiToken } from "./schemas";

const ZTokenRow = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  role: ZRole,
  restrictConnections: z.boolean(),
  connectionIds: z.array(z.string()),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
});

export const apiTokenOperations = [
  listing({
    id: "apiTokens.list", path: "/api/orgs/[orgId]/api-tokens", access: "apiTokens.manage", summary: "The organisation's API tokens (never their secrets)",
    description: "Tokens", key: "apiTokens", list: listApiTokens,
    item: ZTokenRow.extend({ revokedAt: z.string().nullable(), lastUsedAt: z.string().nullable(), createdBy: z.object({ name: z.string(), email: z.string().nullable() }).nullable() }),
  }),
  defineOperation({
    id: "apiTokens.create", method: "POST", path: "/api/orgs/[orgId]/api-tokens", access: "apiTokens.manage", summary: "Create an API token; the answer carries its secret once",
    body: ZCreateApiToken,
    ok: { status: 201, description: "Created", schema: z.object({ apiToken: ZTokenRow.extend({ token: z.string() }) }) },
    handler: async ({ ctx, body }) => ({ apiToken: await createApiToken(ctx, body) }),
  }),
  removal({
    id: "apiTokens.revoke", path: "/api/orgs/[orgId]/api-tokens/[tokenId]", access: "apiTokens.manage", summary: "Revoke an API token; every server refuses it within a second",
    remove: (ctx, params) => revokeApiToken(ctx, params.tokenId),
  }),
];

export const routes = mount(apiTokenOperations);
