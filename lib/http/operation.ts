import type { NextRequest } from "next/server";
import { z } from "zod";
import type { SessionUser } from "@/lib/auth/sessions";
import type { OrgContext } from "@/lib/tenancy/context";
import type { Permission } from "@/lib/tenancy/permissions";
import type { ClientInfo } from "./client-info";

export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type Method = (typeof METHODS)[number];

/**
 * Who may call an operation: anyone (`public`), any signed-in user outside an organisation
 * (`user`), or a member or API token of the organisation whose role has the permission.
 */
export type Access = "public" | "user" | Permission;

export type PublicContext = { client: ClientInfo };
export type UserContext = { user: SessionUser & { sessionSecret: string }; client: ClientInfo };
export type ContextFor<A extends Access> = A extends "public" ? PublicContext : A extends "user" ? UserContext : OrgContext;

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

export type HandlerArgs<A extends Access, Q, B> = {
  ctx: ContextFor<A>;
  query: Infer<Q>;
  body: Infer<B>;
  params: Record<string, string>;
  req: NextRequest;
  /** Next's own second argument, for the one handler (sign-in) that hands the request on. */
  route: { params?: Promise<Record<string, string | string[]>> };
};

export type ErrorDoc = string | { description: string; schema: z.ZodType };

/**
 * One endpoint, defined once: where it is mounted, who may call it, what it takes and what
 * it answers. The routes, the OpenAPI document and the response checks all come from this.
 */
export type Operation<A extends Access = Access, Q extends z.ZodType | undefined = z.ZodType | undefined, B extends z.ZodType | undefined = z.ZodType | undefined> = {
  /** `area.verb`, unique. */
  id: string;
  method: Method;
  /** The path the web app calls, with a session cookie (Next's bracket form). */
  path?: string;
  /** The path under /api/v1 an organisation API token calls; only the published API has one. */
  apiPath?: string;
  access: A;
  summary: string;
  description?: string;
  /** Words for path parameters in the published document. */
  params?: Record<string, string>;
  query?: Q;
  body?: B;
  /** The published document marks the body optional (an empty body is `{}`). */
  bodyOptional?: boolean;
  /** Raises the 64 KiB body limit for the few operations that take files. */
  maxBodyBytes?: number;
  /**
   * The body is a file, not JSON: it is not read before the handler, which streams
   * `req.body` itself (to disk) and never holds it whole. A declared Content-Length over
   * `maxBytes` is refused (413) before the handler runs; the handler counts the rest.
   */
  streamBody?: { maxBytes: number };
  /** Why a cookie-carrying mutation needs no same-origin check (its own CSRF defence). */
  crossOrigin?: string;
  /** Whose answers these are when they are another library's (sign-in): then they are neither checked nor published. */
  foreignAnswers?: string;
  ok: {
    status: 200 | 201 | 202 | 204;
    description: string;
    /** The JSON answer. Absent only for 204 or when `content` names every media type. */
    schema?: z.ZodType;
    /** Other media types the answer may have (CSV, zip), by content type. */
    content?: Record<string, { schema: object }>;
  };
  /** A second success some calls get instead of `ok` (a reply held for approval answers 202), always JSON. */
  alsoOk?: { status: 200 | 201 | 202; description: string; schema: z.ZodType };
  /** Failures the caller should expect, beyond the ones every operation of its kind has. */
  errors?: Partial<Record<number, ErrorDoc>>;
  handler: (args: HandlerArgs<A, Q, B>) => Promise<unknown>;
};

/** Keeps each operation's handler typed by its own access, query and body. */
export function defineOperation<A extends Access, Q extends z.ZodType | undefined = undefined, B extends z.ZodType | undefined = undefined>(op: Operation<A, Q, B>): Operation {
  return op as unknown as Operation;
}

/** Removes one item named in the path and answers 204 No Content. */
export function removal<A extends Access>(
  op: Omit<Operation<A, undefined, undefined>, "method" | "ok" | "handler"> & { remove: (ctx: ContextFor<A>, params: Record<string, string>) => Promise<unknown> },
): Operation {
  const { remove, ...rest } = op;
  return defineOperation<A>({
    ...rest,
    method: "DELETE",
    ok: { status: 204, description: "Removed" },
    handler: async ({ ctx, params }) => {
      await remove(ctx, params);
    },
  });
}

/** Lists items under one key: `GET … → { [key]: item[] }`. */
export function listing<A extends Access>(
  op: Omit<Operation<A, undefined, undefined>, "method" | "ok" | "handler"> & { key: string; item: z.ZodType; description: string; list: (ctx: ContextFor<A>) => Promise<unknown[]> },
): Operation {
  const { key, item, description, list, ...rest } = op;
  return defineOperation<A>({
    ...rest,
    method: "GET",
    ok: { status: 200, description, schema: z.object({ [key]: z.array(item) }) },
    handler: async ({ ctx }) => ({ [key]: await list(ctx) }),
  });
}

/** Changes one item named in the path: `PATCH … → { [key]: item }`. */
export function change<A extends Access, B extends z.ZodType>(
  op: Omit<Operation<A, undefined, B>, "method" | "ok" | "handler"> & { body: B; key: string; item: z.ZodType; apply: (ctx: ContextFor<A>, params: Record<string, string>, body: z.output<B>) => Promise<unknown> },
): Operation {
  const { key, item, apply, ...rest } = op;
  return defineOperation<A, undefined, B>({
    ...rest,
    method: "PATCH",
    ok: { status: 200, description: "The item as it now is", schema: z.object({ [key]: item }) },
    handler: async ({ ctx, params, body }) => ({ [key]: await apply(ctx, params, body as z.output<B>) }),
  });
}
