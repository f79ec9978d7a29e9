import { routes } from "@/lib/auth/operations";

export const { GET, POST } = routes("/api/auth/[...nextauth]");
