import { routes } from "@/lib/changesets/operations";

export const { POST } = routes("/api/v1/change-sets/[changeSetId]/decision");
