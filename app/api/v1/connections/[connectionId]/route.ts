import { apiRoute } from "@/lib/http/api-route";
import { deleteConnection } from "@/lib/connections/mutations";

export const DELETE = apiRoute("connections.manage", {}, async ({ ctx, params }) => {
  await deleteConnection(ctx, params.connectionId);
});
