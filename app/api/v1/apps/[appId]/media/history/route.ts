import { routes } from "@/lib/media/operations";

export const { GET } = routes("/api/v1/apps/[appId]/media/history");
