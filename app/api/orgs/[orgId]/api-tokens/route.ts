import { orgRoute } from "@/lib/http/route";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { listApiTokens } from "@/lib/api-tokens/queries";
import { ZCreateApiToken } from "@/lib/api-tokens/schemas";

export const GET = orgRoute("apiTokens.manage", {}, async ({ ctx }) => ({ apiTokens: await listApiTokens(ctx) }));

/** The answer carries the token once; it cannot be read again. */
export const POST = orgRoute("apiTokens.manage", { body: ZCreateApiToken }, async ({ ctx, body }) => ({
  apiToken: await createApiToken(ctx, body),
}));
