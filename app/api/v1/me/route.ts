import { routes } from "@/lib/orgs/operations";

export const { GET } = routes("/api/v1/me");
