import { routes } from "@/lib/api-tokens/operations";

export const { DELETE } = routes("/api/orgs/[orgId]/api-tokens/[tokenId]");
