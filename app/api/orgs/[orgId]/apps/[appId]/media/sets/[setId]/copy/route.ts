import { routes } from "@/lib/media/operations";

export const { POST } = routes("/api/orgs/[orgId]/apps/[appId]/media/sets/[setId]/copy");
