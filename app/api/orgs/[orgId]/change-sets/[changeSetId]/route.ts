import { routes } from "@/lib/changesets/operations";

export const { GET } = routes("/api/orgs/[orgId]/change-sets/[changeSetId]");
