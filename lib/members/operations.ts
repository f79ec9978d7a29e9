import { z } from "zod";
import { ZRole } from "@/lib/api/common";
import { defineOperation, removal } from "@/lib/http/operation";
import { mount } from "@/lib/http/serve";
import { removeMember, updateMember } from "./mutations";
import { listMembers } from "./queries";
import { ZUpdateMember } from "./schemas";

export const memberOperations = [
  defineOperation({
    id: "members.list", method: "GET", path: "/api/orgs/[orgId]/members", access: "members.read",
    summary: "The organisation's members, their roles and the connections they are limited to",
    ok: {
      status: 200,
      description: "Members",
      schema: z.object({
        members: z.array(
          z.object({
            id: z.string(),
            role: ZRole,
            restrictConnections: z.boolean(),
            connectionIds: z.array(z.string()),
            joinedAt: z.string(),
            user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
            isYou: z.boolean(),
          }),
        ),
      }),
    },
    handler: async ({ ctx }) => ({ members: await listMembers(ctx) }),
  }),
  defineOperation({
    id: "members.update", method: "PATCH", path: "/api/orgs/[orgId]/members/[memberId]", access: "members.manage",
    summary: "Change a member's role or the connections they are limited to",
    body: ZUpdateMember,
    ok: { status: 200, description: "The member now", schema: z.object({ member: z.object({ id: z.string(), role: ZRole, restrictConnections: z.boolean() }) }) },
    handler: async ({ ctx, body, params }) => ({ member: await updateMember(ctx, params.memberId, body) }),
  }),
  removal({
    id: "members.remove", path: "/api/orgs/[orgId]/members/[memberId]", access: "members.manage",
    summary: "Remove a member from the organisation",
    remove: (ctx, params) => removeMember(ctx, params.memberId),
  }),
];

export const routes = mount(memberOperations);
