import { routes } from "@/lib/auth/operations";

export const { POST } = routes("/api/signup");
