import { listAuditEvents, ZAuditFilter } from "@/lib/audit/queries";
import { AppError } from "@/lib/errors";
import { orgRoute } from "@/lib/http/route";

export const GET = orgRoute("audit.read", {}, async ({ ctx, req }) => {
  const parsed = ZAuditFilter.safeParse(Object.fromEntries(req.nextUrl.searchParams));
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new AppError("validation", i.message, { field: i.path.join(".") });
  }
  return listAuditEvents(ctx, parsed.data);
});
