import { routes } from "@/lib/media/operations";

export const { GET } = routes("/api/orgs/[orgId]/apps/[appId]/media/history");
