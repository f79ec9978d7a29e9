import { routes } from "@/lib/reviews/operations";

export const { GET } = routes("/api/v1/reviews/counts");
