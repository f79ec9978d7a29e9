import { z } from "zod";
import { ZRole } from "@/lib/api/common";
import { defineOperation, listing, removal } from "@/lib/http/operation";
import { mount } from "@/lib/http/serve";
import { acceptInvitation, createInvitation, revokeInvitation } from "./mutations";
import { listPendingInvitations } from "./queries";
import { ZAcceptInvitation, ZCreateInvitation } from "./schemas";

const ZInvitation = z.object({ id: z.string(), email: z.string().nullable(), role: ZRole, createdAt: z.string(), expiresAt: z.string() });

export const invitationOperations = [
  listing({
    id: "invitations.list", path: "/api/orgs/[orgId]/invitations", access: "invitations.manage", summary: "Pending invitations",
    description: "Invitations", key: "invitations", item: ZInvitation, list: listPendingInvitations,
  }),
  defineOperation({
    id: "invitations.create", method: "POST", path: "/api/orgs/[orgId]/invitations", access: "invitations.manage", summary: "Invite someone; the answer carries the link once, and whether it was mailed",
    body: ZCreateInvitation,
    ok: {
      status: 201,
      description: "Invited",
      schema: z.object({ invitation: ZInvitation.extend({ url: z.string(), mail: z.object({ sent: z.boolean(), reason: z.string().optional() }).nullable() }) }),
    },
    handler: async ({ ctx, body }) => ({ invitation: await createInvitation(ctx, body) }),
  }),
  removal({
    id: "invitations.revoke", path: "/api/orgs/[orgId]/invitations/[invitationId]", access: "invitations.manage", summary: "Revoke a pending invitation",
    remove: (ctx, params) => revokeInvitation(ctx, params.invitationId),
  }),
  defineOperation({
    id: "invitations.accept", method: "POST", path: "/api/invitations/accept", access: "user", summary: "Join the organisation an invitation link names, as the signed-in user",
    body: ZAcceptInvitation,
    ok: { status: 201, description: "Joined", schema: z.object({ organization: z.object({ name: z.string(), slug: z.string() }), role: ZRole }) },
    handler: ({ ctx, body }) => acceptInvitation(body.token, ctx.user, ctx.client),
  }),
];

export const routes = mount(invitationOperations);
