import { orgRoute } from "@/lib/http/route";
import { salesHandlers } from "@/lib/sales/handlers";

/** Each connection's daily report status in the range: fetched, not yet available, no sales, failed with the reason. */
export const GET = orgRoute("sales.read", {}, salesHandlers.reports);
