import { routes } from "@/lib/sync/operations";

export const { PATCH } = routes("/api/orgs/[orgId]/connections/[connectionId]/sync-settings");
