import { z } from "zod";
import { ZRole } from "@/lib/api/common";
import { setApiTokenLifetimeCap } from "@/lib/api-tokens/lifetime-cap";
import { apiTokenLifetimeCap } from "@/lib/api-tokens/queries";
import { listAuditEvents, ZAuditFilter } from "@/lib/audit/queries";
import { defineOperation, listing } from "@/lib/http/operation";
import { mount } from "@/lib/http/serve";
import { listUserOrgs } from "@/lib/tenancy/context";
import { createOrg, deleteOrg, renameOrg, replyApprovalOf, setReplyApproval } from "./mutations";
import { ZCreateOrg, ZDeleteOrg } from "./schemas";
import { ZUpdateOrgSettings } from "./settings-schemas";

const ZOrg = z.object({ id: z.string(), name: z.string(), slug: z.string() });
const ZOrgSettings = ZOrg.extend({
  apiTokenMaxLifetimeDays: z.number().int().nullable(),
  replyApproval: z.boolean().describe("Replies of members marked `repliesNeedApproval` wait for an owner or admin"),
});

export const orgOperations = [
  listing({
    id: "orgs.list", path: "/api/orgs", access: "user", summary: "The organisations the signed-in user belongs to, with their role",
    description: "Organisations", key: "organizations", item: ZOrg.extend({ role: ZRole }), list: (ctx) => listUserOrgs(ctx.user.id),
  }),
  defineOperation({
    id: "orgs.create", method: "POST", path: "/api/orgs", access: "user", summary: "Create an organisation, owned by the signed-in user",
    body: ZCreateOrg,
    ok: { status: 201, description: "Created", schema: z.object({ organization: ZOrg }) },
    handler: async ({ ctx, body }) => ({ organization: await createOrg(body.name, ctx.user, ctx.client) }),
  }),
  defineOperation({
    id: "org.get", method: "GET", path: "/api/orgs/[orgId]", access: "org.read", summary: "The organisation, the caller's role in it, its API token lifetime cap and whether reply approval is on",
    ok: { status: 200, description: "The organisation", schema: z.object({ organization: ZOrgSettings.extend({ role: ZRole }) }) },
    handler: async ({ ctx }) => ({ organization: { ...ctx.org, role: ctx.membership.role, apiTokenMaxLifetimeDays: await apiTokenLifetimeCap(ctx), replyApproval: await replyApprovalOf(ctx) } }),
  }),
  defineOperation({
    id: "org.update", method: "PATCH", path: "/api/orgs/[orgId]", access: "org.update", summary: "Rename the organisation, set the API token lifetime cap (null: no cap) and/or turn reply approval on or off",
    body: ZUpdateOrgSettings,
    ok: { status: 200, description: "The organisation now", schema: z.object({ organization: ZOrgSettings, tokensShortened: z.number().int().optional().describe("Tokens whose expiry the new cap brought forward") }) },
    handler: async ({ ctx, body }) => {
      const org = body.name !== undefined ? await renameOrg(ctx, body.name) : ctx.org;
      const cap = body.apiTokenMaxLifetimeDays !== undefined ? await setApiTokenLifetimeCap(ctx, body.apiTokenMaxLifetimeDays) : null;
      const replyApproval = body.replyApproval !== undefined ? await setReplyApproval(ctx, body.replyApproval) : await replyApprovalOf(ctx);
      return {
        organization: { ...org, apiTokenMaxLifetimeDays: cap ? cap.apiTokenMaxLifetimeDays : await apiTokenLifetimeCap(ctx), replyApproval },
        ...(cap ? { tokensShortened: cap.tokensShortened } : {}),
      };
    },
  }),
  defineOperation({
    id: "org.delete", method: "DELETE", path: "/api/orgs/[orgId]", access: "org.delete", summary: "Delete the organisation and everything in it; the body confirms its name",
    body: ZDeleteOrg,
    ok: { status: 204, description: "Deleted" },
    handler: async ({ ctx, body }) => {
      await deleteOrg(ctx, body.confirmName);
    },
  }),
  defineOperation({
    id: "org.me", method: "GET", apiPath: "/api/v1/me", access: "org.read", summary: "The organisation, role and connections this token acts for",
    description: "A cheap way for a client to check its token.",
    ok: {
      status: 200,
      description: "The token's scope",
      schema: z.object({
        organization: ZOrg,
        token: z.object({ id: z.string(), name: z.string(), role: z.enum(["ADMIN", "EDITOR", "SUPPORT", "VIEWER"]), connectionIds: z.array(z.string()).nullable().describe("null when the token sees every connection") }),
      }),
    },
    handler: async ({ ctx }) => ({
      organization: ctx.org,
      token: { id: ctx.actor.kind === "apiToken" ? ctx.actor.tokenId : null, name: ctx.actor.name, role: ctx.membership.role, connectionIds: ctx.actor.kind === "apiToken" ? ctx.actor.connectionIds : null },
    }),
  }),
  defineOperation({
    id: "audit.list", method: "GET", path: "/api/orgs/[orgId]/audit", access: "audit.read", summary: "The organisation's audit log, newest first, filtered by actor, action and days",
    query: ZAuditFilter,
    ok: {
      status: 200,
      description: "Events",
      schema: z.object({
        events: z.array(
          z.object({
            id: z.string(),
            createdAt: z.string(),
            ip: z.string().nullable(),
            userAgent: z.string().nullable(),
            metadata: z.unknown(),
            actorEmail: z.string().nullable(),
            action: z.string(),
            targetType: z.string().nullable(),
            targetLabel: z.string().nullable(),
          }),
        ),
        nextCursor: z.string().nullable(),
      }),
    },
    handler: ({ ctx, query }) => listAuditEvents(ctx, query),
  }),
];

export const routes = mount(orgOperations);
