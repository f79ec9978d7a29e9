import { routes } from "@/lib/orgs/operations";

export const { GET, POST } = routes("/api/orgs");
