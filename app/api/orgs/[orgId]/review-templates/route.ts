import { orgRoute } from "@/lib/http/route";
import { createTemplate, listTemplates, ZTemplate } from "@/lib/reviews/templates";

export const GET = orgRoute("reviews.read", {}, ({ ctx }) => listTemplates(ctx));
export const POST = orgRoute("reviews.reply", { body: ZTemplate }, ({ ctx, body }) => createTemplate(ctx, body));
