import { apiRoute } from "@/lib/http/api-route";

/** Which organisation, role and connections a token acts for: a cheap way for a client to check its token. */
export const GET = apiRoute("org.read", {}, async ({ ctx }) => ({
  organization: ctx.org,
  token: { id: ctx.actor.kind === "apiToken" ? ctx.actor.tokenId : null, name: ctx.actor.name, role: ctx.membership.role, connectionIds: ctx.actor.kind === "apiToken" ? ctx.actor.connectionIds : null },
}));
