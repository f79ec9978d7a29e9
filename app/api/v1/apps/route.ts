import { apiRoute } from "@/lib/http/api-route";
import { listSyncedApps } from "@/lib/sync/queries";

export const GET = apiRoute("apps.read", {}, async ({ ctx }) => ({ apps: await listSyncedApps(ctx) }));
