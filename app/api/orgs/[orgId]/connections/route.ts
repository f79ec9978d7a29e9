import { orgRoute } from "@/lib/http/route";
import { createConnection } from "@/lib/connections/mutations";
import { listConnections } from "@/lib/connections/queries";
import { ZCreateConnection } from "@/lib/connections/schemas";

export const GET = orgRoute("connections.read", {}, async ({ ctx }) => ({ connections: await listConnections(ctx) }));

export const POST = orgRoute("connections.manage", { body: ZCreateConnection }, async ({ ctx, body }) => ({
  connection: await createConnection(ctx, body),
}));
