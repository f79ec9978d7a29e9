import { orgRoute } from "@/lib/http/route";
import { updateSyncSettings } from "@/lib/sync/requests";
import { ZSyncSettings } from "@/lib/sync/schemas";

export const PATCH = orgRoute("sync.configure", { body: ZSyncSettings }, async ({ ctx, body, params }) => ({
  settings: await updateSyncSettings(ctx, params.connectionId, body),
}));
