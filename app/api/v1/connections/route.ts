import { apiRoute } from "@/lib/http/api-route";
import { createConnection } from "@/lib/connections/mutations";
import { listConnections } from "@/lib/connections/queries";
import { ZCreateConnection } from "@/lib/connections/schemas";

export const GET = apiRoute("connections.read", {}, async ({ ctx }) => ({ connections: await listConnections(ctx) }));

export const POST = apiRoute("connections.manage", { body: ZCreateConnection }, async ({ ctx, body }) => ({
  connection: await createConnection(ctx, body),
}));
