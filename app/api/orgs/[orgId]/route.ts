import { orgRoute } from "@/lib/http/route";
import { setApiTokenLifetimeCap } from "@/lib/api-tokens/lifetime-cap";
import { apiTokenLifetimeCap } from "@/lib/api-tokens/queries";
import { deleteOrg, renameOrg } from "@/lib/orgs/mutations";
import { ZDeleteOrg } from "@/lib/orgs/schemas";
import { ZUpdateOrgSettings } from "@/lib/orgs/settings-schemas";

export const GET = orgRoute("org.read", {}, async ({ ctx }) => ({
  organization: { ...ctx.org, role: ctx.membership.role, apiTokenMaxLifetimeDays: await apiTokenLifetimeCap(ctx) },
}));

/** Renames the organisation and/or sets the API token lifetime cap (null: no cap). */
export const PATCH = orgRoute("org.update", { body: ZUpdateOrgSettings }, async ({ ctx, body }) => {
  const org = body.name !== undefined ? await renameOrg(ctx, body.name) : ctx.org;
  const cap = body.apiTokenMaxLifetimeDays !== undefined ? await setApiTokenLifetimeCap(ctx, body.apiTokenMaxLifetimeDays) : null;
  return {
    organization: { ...org, apiTokenMaxLifetimeDays: cap ? cap.apiTokenMaxLifetimeDays : await apiTokenLifetimeCap(ctx) },
    ...(cap ? { tokensShortened: cap.tokensShortened } : {}),
  };
});

export const DELETE = orgRoute("org.delete", { body: ZDeleteOrg }, async ({ ctx, body }) => {
  await deleteOrg(ctx, body.confirmName);
});
