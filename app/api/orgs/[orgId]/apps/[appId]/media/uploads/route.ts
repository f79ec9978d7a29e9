import { routes } from "@/lib/media/operations";

export const { GET, POST } = routes("/api/orgs/[orgId]/apps/[appId]/media/uploads");
