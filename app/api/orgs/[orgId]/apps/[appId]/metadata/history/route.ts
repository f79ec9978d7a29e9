import { routes } from "@/lib/metadata/operations";

export const { GET } = routes("/api/orgs/[orgId]/apps/[appId]/metadata/history");
