import { routes } from "@/lib/overview/operations";

export const { GET } = routes("/api/v1/overview");
