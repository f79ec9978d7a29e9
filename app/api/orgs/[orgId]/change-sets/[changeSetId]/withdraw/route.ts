import { routes } from "@/lib/changesets/operations";

export const { POST } = routes("/api/orgs/[orgId]/change-sets/[changeSetId]/withdraw");
