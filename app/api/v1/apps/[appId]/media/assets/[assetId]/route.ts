import { routes } from "@/lib/media/operations";

export const { DELETE } = routes("/api/v1/apps/[appId]/media/assets/[assetId]");
