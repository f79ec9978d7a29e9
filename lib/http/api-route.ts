import type { NextRequest } from "next/server";
import type { z } from "zod";
import { authenticateApiToken } from "@/lib/api-tokens/authenticate";
import { AppError } from "@/lib/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { can, type Permission } from "@/lib/tenancy/permissions";
import { clientInfo } from "./client-info";
import { flatParams, readBody, respond, toErrorResponse } from "./route";

type Handler<B> = (args: { ctx: OrgContext; body: B; params: Record<string, string>; req: NextRequest }) => Promise<unknown>;

/**
 * The wrapper of every /api/v1 route: an organisation API token in the Authorization
 * header (no cookies, so no CSRF exposure), its role checked against the permission
 * table, then the body's schema. The token decides the organisation.
 */
export function apiRoute<S extends z.ZodType>(permission: Permission, options: { body?: S; maxBodyBytes?: number }, handler: Handler<z.infer<S>>) {
  return async (req: NextRequest, { params }: { params?: Promise<Record<string, string | string[]>> }) => {
    try {
      const ctx = await authenticateApiToken(req.headers.get("authorization"), clientInfo(req.headers));
      if (!can(ctx.membership.role, permission)) throw new AppError("forbidden", "This API token's role does not allow this.");
      const body = await readBody(req, options.body, options.maxBodyBytes);
      return respond(await handler({ ctx, body, params: flatParams(await params), req }), req.method);
    } catch (e) {
      const res = toErrorResponse(e);
      if (res.status === 401) res.headers.set("WWW-Authenticate", 'Bearer realm="api"');
      return res;
    }
  };
}
