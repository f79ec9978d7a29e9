import { routes } from "@/lib/reports/operations";

export const { GET } = routes("/api/v1/reports/[reportId]/pdf");
