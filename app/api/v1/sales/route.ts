import { routes } from "@/lib/sales/operations";

export const { GET } = routes("/api/v1/sales");
