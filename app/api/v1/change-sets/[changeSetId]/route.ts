import { routes } from "@/lib/changesets/operations";

export const { GET } = routes("/api/v1/change-sets/[changeSetId]");
