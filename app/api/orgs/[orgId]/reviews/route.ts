import { routes } from "@/lib/reviews/operations";

export const { GET } = routes("/api/orgs/[orgId]/reviews");
