import { NextResponse, type NextRequest } from "next/server";
import type { z } from "zod";
import { ascAppError, isAscFailure } from "@/lib/asc/errors";
import { AppError, errorBody } from "@/lib/errors";
import { log } from "@/lib/log";
import { DEFAULT_MAX_BODY_BYTES, readCappedText } from "./capped-body";

type Params = Record<string, string | string[]>;

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

/** The URL's query parameters, parsed by `schema`; empty values are no parameter, repeated ones are joined with commas. */
export function readQuery<S extends z.ZodType>(req: NextRequest, schema: S): z.output<S> {
  const entries: Record<string, string> = {};
  for (const [k, v] of req.nextUrl.searchParams) {
    if (v === "") continue;
    entries[k] = k in entries ? `${entries[k]},${v}` : v;
  }
  const parsed = schema.safeParse(entries);
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
