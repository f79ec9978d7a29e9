import { orgRoute } from "@/lib/http/route";
import { deleteConnection, updateConnection } from "@/lib/connections/mutations";
import { ZUpdateConnection } from "@/lib/connections/schemas";

export const PATCH = orgRoute("connections.manage", { body: ZUpdateConnection }, async ({ ctx, body, params }) => ({
  connection: await updateConnection(ctx, params.connectionId, body),
}));

export const DELETE = orgRoute("connections.manage", {}, async ({ ctx, params }) => {
  await deleteConnection(ctx, params.connectionId);
});
