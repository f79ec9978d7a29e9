import { routes } from "@/lib/changesets/operations";

export const { POST } = routes("/api/orgs/[orgId]/apps/[appId]/change-sets");
