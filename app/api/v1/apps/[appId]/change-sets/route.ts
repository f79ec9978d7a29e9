import { routes } from "@/lib/changesets/operations";

export const { POST } = routes("/api/v1/apps/[appId]/change-sets");
