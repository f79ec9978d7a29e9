import { routes } from "@/lib/sync/operations";

export const { GET, POST } = routes("/api/orgs/[orgId]/connections/[connectionId]/sync");
