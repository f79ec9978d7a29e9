import { routes } from "@/lib/alerts/operations";

export const { GET, POST } = routes("/api/orgs/[orgId]/alerts/rules");
