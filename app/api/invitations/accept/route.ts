import { ZAcceptInvitation } from "@/lib/invitations/schemas";
import { acceptInvitation } from "@/lib/invitations/mutations";
import { userRoute } from "@/lib/http/route";

export const POST = userRoute({ body: ZAcceptInvitation }, async ({ ctx, body }) => {
  return acceptInvitation(body.token, ctx.user, ctx.client);
});
