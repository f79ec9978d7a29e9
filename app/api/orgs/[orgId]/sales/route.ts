import { orgRoute } from "@/lib/http/route";
import { salesHandlers } from "@/lib/sales/handlers";

/** Units and proceeds for a range, broken down by time, app, territory or product type; `format=csv` downloads the table. */
export const GET = orgRoute("sales.read", {}, salesHandlers.view);
