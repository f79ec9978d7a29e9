import { routes } from "@/lib/metadata/operations";

export const { GET } = routes("/api/v1/apps/[appId]/history");
