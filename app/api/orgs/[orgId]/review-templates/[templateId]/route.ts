import { orgRoute } from "@/lib/http/route";
import { deleteTemplate, updateTemplate, ZTemplate } from "@/lib/reviews/templates";

export const PUT = orgRoute("reviews.reply", { body: ZTemplate }, ({ ctx, body, params }) => updateTemplate(ctx, params.templateId, body));
export const DELETE = orgRoute("reviews.reply", {}, ({ ctx, params }) => deleteTemplate(ctx, params.templateId));
