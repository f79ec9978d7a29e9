import { userRoute } from "@/lib/http/route";
import { createOrg } from "@/lib/orgs/mutations";
import { ZCreateOrg } from "@/lib/orgs/schemas";
import { listUserOrgs } from "@/lib/tenancy/context";

export const GET = userRoute({}, async ({ ctx }) => ({ organizations: await listUserOrgs(ctx.user.id) }));

export const POST = userRoute({ body: ZCreateOrg }, async ({ ctx, body }) => ({
  organization: await createOrg(body.name, ctx.user, ctx.client),
}));
