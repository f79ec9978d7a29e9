import { NextResponse, type NextRequest } from "next/server";
import type { z } from "zod";
import { ascAppError, isAscFailure } from "@/lib/asc/errors";
import { currentUser } from "@/lib/auth/current-user";
import type { SessionUser } from "@/lib/auth/sessions";
import { env } from "@/lib/env";
import { AppError, errorBody } from "@/lib/errors";
import { log } from "@/lib/log";
import { can, type Permission } from "@/lib/tenancy/permissions";
import { memberContext, type OrgContext } from "@/lib/tenancy/context";
import { DEFAULT_MAX_BODY_BYTES, readCappedText } from "./capped-body";
import { clientInfo, type ClientInfo } from "./client-info";
import { assertSameOrigin } from "./csrf";

type Params = Record<string, string | string[]>;
type RouteArgs = { params?: Promise<Params> };
type Handler<C, B> = (args: { ctx: C; body: B; params: Record<string, string>; req: NextRequest }) => Promise<unknown>;

/** The first problem is the headline; `fields` carries one message per field for forms and API callers. */
export function zodToAppError(error: z.ZodError): AppError {
  const issue = error.issues[0];
  const field = issue.path.length ? issue.path.join(".") : undefined;
  const fields: Record<string, string> = {};
  for (const i of error.issues) {
    const k = i.path.join(".");
    if (k && !(k in fields)) fields[k] = i.message;
  }
  return new AppError("validation", issue.message, { field, fields });
}

/**
 * The JSON body, parsed by `schema`. Read as a stream under `maxBytes` (413 as soon as it
 * is passed, whatever Content-Length said); without a schema the body is not read at all.
 */
export async function readBody<S extends z.ZodType>(req: NextRequest, schema: S | undefined, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<z.infer<S>> {
  if (!schema) return undefined as z.infer<S>;
  const text = await readCappedText(req, maxBytes);
  let json: unknown = {};
  if (text.trim()) {
    try {
      json = JSON.parse(text);
    } catch {
      throw new AppError("validation", "The request body is not valid JSON.");
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw zodToAppError(parsed.error);
  return parsed.data;
}

export function flatParams(p: Params | undefined): Record<string, string> {
  if (!p) return {};
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));
}

export function toErrorResponse(failure: unknown): NextResponse {
  // Apple's failures that no caller translated still reach the caller in words, never as a 500.
  const e = isAscFailure(failure) ? ascAppError(failure) : failure;
  if (e instanceof AppError) {
    const headers = e.options.retryAfterSeconds ? { "Retry-After": String(e.options.retryAfterSeconds) } : undefined;
    return NextResponse.json(errorBody(e), { status: e.status, headers });
  }
  log.error({ err: e }, "unhandled error in route");
  return NextResponse.json(errorBody(new AppError("internal", "Something went wrong on our side.")), { status: 500 });
}

export function respond(result: unknown, method: string): Response {
  if (result instanceof Response) return result;
  if (result === undefined) return new NextResponse(null, { status: 204 });
  return NextResponse.json(result, { status: method === "POST" ? 201 : 200 });
}

const isMutation = (m: string) => !["GET", "HEAD", "OPTIONS"].includes(m);

/** A route anyone may call (sign-up, health). Mutations still need a same-origin request. */
export function publicRoute<S extends z.ZodType>(
  options: { body?: S },
  handler: Handler<{ client: ClientInfo }, z.infer<S>>,
) {
  return async (req: NextRequest, { params }: RouteArgs) => {
    try {
      if (isMutation(req.method)) assertSameOrigin(req.headers, env.NEXTAUTH_URL);
      const body = await readBody(req, options.body);
      return respond(await handler({ ctx: { client: clientInfo(req.headers) }, body, params: flatParams(await params), req }), req.method);
    } catch (e) {
      return toErrorResponse(e);
    }
  };
}

/** A route for any signed-in user, outside an organisation (create one, accept an invitation). */
export function userRoute<S extends z.ZodType>(
  options: { body?: S },
  handler: Handler<{ user: SessionUser & { sessionSecret: string }; client: ClientInfo }, z.infer<S>>,
) {
  return async (req: NextRequest, { params }: RouteArgs) => {
    try {
      if (isMutation(req.method)) assertSameOrigin(req.headers, env.NEXTAUTH_URL);
      const user = await currentUser();
      if (!user) throw new AppError("unauthenticated", "Sign in to continue.");
      const body = await readBody(req, options.body);
      const ctx = { user, client: clientInfo(req.headers) };
      return respond(await handler({ ctx, body, params: flatParams(await params), req }), req.method);
    } catch (e) {
      return toErrorResponse(e);
    }
  };
}

/**
 * The wrapper every organisation route goes through: same-origin check for mutations,
 * session, membership of the organisation in the `orgId` path segment (404 when there is
 * none, so other tenants' ids reveal nothing), the permission, then the body's schema.
 */
export function orgRoute<S extends z.ZodType>(
  permission: Permission,
  /** `maxBodyBytes` raises the 64 KiB body limit for the few routes that take files. */
  options: { body?: S; maxBodyBytes?: number },
  handler: Handler<OrgContext, z.infer<S>>,
) {
  return async (req: NextRequest, { params }: RouteArgs) => {
    try {
      if (isMutation(req.method)) assertSameOrigin(req.headers, env.NEXTAUTH_URL);
      const user = await currentUser();
      if (!user) throw new AppError("unauthenticated", "Sign in to continue.");
      const p = flatParams(await params);
      const ctx = p.orgId ? await memberContext(user, { id: p.orgId }, clientInfo(req.headers)) : null;
      if (!ctx) throw new AppError("not_found", "Organisation was not found.");
      if (!can(ctx.membership.role, permission)) throw new AppError("forbidden", "Your role does not allow this.");
      const body = await readBody(req, options.body, options.maxBodyBytes);
      return respond(await handler({ ctx, body, params: p, req }), req.method);
    } catch (e) {
      return toErrorResponse(e);
    }
  };
}
