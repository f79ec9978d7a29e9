import { orgRoute } from "@/lib/http/route";
import { revokeApiToken } from "@/lib/api-tokens/mutations";

export const DELETE = orgRoute("apiTokens.manage", {}, async ({ ctx, params }) => {
  await revokeApiToken(ctx, params.tokenId);
});
