import { routes } from "@/lib/api/operations";

export const { GET } = routes("/api/v1/openapi.json");
