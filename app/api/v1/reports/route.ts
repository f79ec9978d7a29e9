import { routes } from "@/lib/reports/operations";

export const { GET, POST } = routes("/api/v1/reports");
