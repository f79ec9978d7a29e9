import { routes } from "@/lib/media/operations";

export const { PUT } = routes("/api/orgs/[orgId]/apps/[appId]/media/sets/[setId]/order");
