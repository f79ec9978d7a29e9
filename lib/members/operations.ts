import { z } from "zod";
import { ZRole } from "@/lib/api/common";
import { change, listing, removal } from "@/lib/http/operation";
import { mount } from "@/lib/http/serve";
import { removeMember, updateMember } from "./mutations";
import { listMembers } from "./queries";
import { ZUpdateMember } from "./schemas";

export const memberOperations = [
  listing({
    id: "members.list", path: "/api/orgs/[orgId]/members", access: "members.read", summary: "The organisation's members, their roles and the connections they are limited to",
    description: "Members", key: "members", list: listMembers,
    item: z.object({
      id: z.string(),
      role: ZRole,
      restrictConnections: z.boolean(),
      repliesNeedApproval: z.boolean().describe("With the organisation's reply approval on, this member's replies wait for an owner or admin"),
      connectionIds: z.array(z.string()),
      joinedAt: z.string(),
      user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
      isYou: z.boolean(),
    }),
  }),
  change({
    id: "members.update", path: "/api/orgs/[orgId]/members/[memberId]", access: "members.manage", summary: "Change a member's role, the connections they are limited to, or whether their replies need approval",
    body: ZUpdateMember, key: "member", item: z.object({ id: z.string(), role: ZRole, restrictConnections: z.boolean(), repliesNeedApproval: z.boolean() }), apply: (ctx, params, body) => updateMember(ctx, params.memberId, body),
  }),
  removal({
    id: "members.remove", path: "/api/orgs/[orgId]/members/[memberId]", access: "members.manage", summary: "Remove a member from the organisation",
    remove: (ctx, params) => removeMember(ctx, params.memberId),
  }),
];

export const routes = mount(memberOperations);
