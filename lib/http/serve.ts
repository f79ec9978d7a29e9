import { NextResponse, type NextRequest } from "next/server";
import { authenticateApiToken } from "@/lib/api-tokens/authenticate";
import { currentUser } from "@/lib/auth/current-user";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { memberContext } from "@/lib/tenancy/context";
import { can } from "@/lib/tenancy/permissions";
import { clientInfo } from "./client-info";
import { assertSameOrigin } from "./csrf";
import type { Method, Operation } from "./operation";
import { checkResponse, responseChecksOn } from "./response-check";
import { flatParams, readBody, readQuery, toErrorResponse } from "./route";

type RouteArgs = { params?: Promise<Record<string, string | string[]>> };
export type RouteHandler = (req: NextRequest, route: RouteArgs) => Promise<Response>;
/** Where a request came in: the web app's path (session cookie) or the published API's (bearer token). */
export type Surface = "browser" | "api";

const isMutation = (m: string) => m !== "GET" && m !== "HEAD" && m !== "OPTIONS";

async function contextFor(op: Operation, surface: Surface, req: NextRequest, params: Record<string, string>) {
  const client = clientInfo(req.headers);
  // Cookie-carrying mutations must come from our own pages.
  if (surface === "browser" && isMutation(req.method) && !op.crossOrigin) assertSameOrigin(req.headers, env.NEXTAUTH_URL);
  if (op.access === "public") return { client };
  if (surface === "api") {
    // A token in the Authorization header and no cookies: no cross-site exposure. The token decides the organisation.
    if (op.access === "user") throw new Error(`${op.id} needs a signed-in user and cannot be published under /api/v1.`);
    const ctx = await authenticateApiToken(req.headers.get("authorization"), client);
    if (!can(ctx.membership.role, op.access)) throw new AppError("forbidden", "This API token's role does not allow this.");
    return ctx;
  }
  const user = await currentUser();
  if (!user) throw new AppError("unauthenticated", "Sign in to continue.");
  if (op.access === "user") return { user, client };
  // Membership of the organisation in the path; 404 when there is none, so other tenants' ids reveal nothing.
  const ctx = params.orgId ? await memberContext(user, { id: params.orgId }, client) : null;
  if (!ctx) throw new AppError("not_found", "Organisation was not found.");
  if (!can(ctx.membership.role, op.access)) throw new AppError("forbidden", "Your role does not allow this.");
  return ctx;
}

/** A streamed body whose declared length is already over the limit is refused before anything is read. */
function refuseDeclaredOver(req: NextRequest, maxBytes: number) {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) {
    throw new AppError("too_large", `The file is too large (the limit is ${Math.floor(maxBytes / (1024 * 1024))} MB).`, { internal: `declared body over ${maxBytes} bytes` });
  }
}

function answer(op: Operation, result: unknown): Response {
  if (result instanceof Response) return result;
  if (result === undefined) return new NextResponse(null, { status: 204 });
  return NextResponse.json(result, { status: op.ok.status, headers: { "cache-control": "no-store" } });
}

/**
 * The one wrapper every API route goes through: the caller (session with the same-origin
 * check on the web app's paths, bearer token on /api/v1), the permission, the query and
 * body schemas, the handler, then its answer; every failure becomes our error body.
 */
export function serve(op: Operation, surface: Surface): RouteHandler {
  return async (req, route) => {
    let res: Response;
    try {
      const params = flatParams(await route.params);
      const ctx = await contextFor(op, surface, req, params);
      const query = op.query ? readQuery(req, op.query) : undefined;
      if (op.streamBody) refuseDeclaredOver(req, op.streamBody.maxBytes);
      const body = op.streamBody ? undefined : await readBody(req, op.body, op.maxBodyBytes);
      res = answer(op, await op.handler({ ctx: ctx as never, query, body, params, req, route }));
    } catch (e) {
      res = toErrorResponse(e);
      if (surface === "api" && res.status === 401) res.headers.set("WWW-Authenticate", 'Bearer realm="api"');
    }
    return responseChecksOn() && !op.foreignAnswers ? checkResponse(op, res) : res;
  };
}

/**
 * The route exports of one path: `export const { GET, POST } = routes("/api/v1/apps")`.
 * A path with no operation, or a method asked of a path without it, fails at start-up.
 */
export function mount(operations: readonly Operation[]) {
  // Typed as every method so route files can destructure theirs; the registry test checks each file takes only the methods mounted at its path.
  return (path: string): Record<Method, RouteHandler> => {
    const handlers: Partial<Record<Method, RouteHandler>> = {};
    for (const op of operations) {
      if (op.path === path) handlers[op.method] = serve(op, "browser");
      if (op.apiPath === path) handlers[op.method] = serve(op, "api");
    }
    if (!Object.keys(handlers).length) throw new Error(`No operation is mounted at ${path}.`);
    return handlers as Record<Method, RouteHandler>;
  };
}
