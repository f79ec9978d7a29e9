import { orgRoute } from "@/lib/http/route";
import { revokeInvitation } from "@/lib/invitations/mutations";

export const DELETE = orgRoute("invitations.manage", {}, async ({ ctx, params }) => {
  await revokeInvitation(ctx, params.invitationId);
});
