import { orgRoute } from "@/lib/http/route";
import { createInvitation } from "@/lib/invitations/mutations";
import { listPendingInvitations } from "@/lib/invitations/queries";
import { ZCreateInvitation } from "@/lib/invitations/schemas";

export const GET = orgRoute("invitations.manage", {}, async ({ ctx }) => ({ invitations: await listPendingInvitations(ctx) }));

/** The answer carries the link once; it cannot be read again. */
export const POST = orgRoute("invitations.manage", { body: ZCreateInvitation }, async ({ ctx, body }) => ({
  invitation: await createInvitation(ctx, body),
}));
