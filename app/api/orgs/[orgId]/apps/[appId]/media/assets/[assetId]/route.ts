import { routes } from "@/lib/media/operations";

export const { DELETE } = routes("/api/orgs/[orgId]/apps/[appId]/media/assets/[assetId]");
