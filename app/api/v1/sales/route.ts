import { apiRoute } from "@/lib/http/api-route";
import { salesHandlers } from "@/lib/sales/handlers";

export const GET = apiRoute("sales.read", {}, salesHandlers.view);
