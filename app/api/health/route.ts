import { routes } from "@/lib/health/operations";

export const { GET } = routes("/api/health");
