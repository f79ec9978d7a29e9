import { routes } from "@/lib/api-tokens/operations";

export const { GET, POST } = routes("/api/orgs/[orgId]/api-tokens");
