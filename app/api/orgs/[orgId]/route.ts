import { orgRoute } from "@/lib/http/route";
import { deleteOrg, renameOrg } from "@/lib/orgs/mutations";
import { ZDeleteOrg, ZRenameOrg } from "@/lib/orgs/schemas";

export const GET = orgRoute("org.read", {}, async ({ ctx }) => ({ organization: { ...ctx.org, role: ctx.membership.role } }));

export const PATCH = orgRoute("org.update", { body: ZRenameOrg }, async ({ ctx, body }) => ({
  organization: await renameOrg(ctx, body.name),
}));

export const DELETE = orgRoute("org.delete", { body: ZDeleteOrg }, async ({ ctx, body }) => {
  await deleteOrg(ctx, body.confirmName);
});
