import { routes } from "@/lib/reports/operations";

export const { POST } = routes("/api/v1/reports/[reportId]/send");
