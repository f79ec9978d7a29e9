/**
 * The one error type the domain throws. `message` is internal (may go to logs);
 * `publicMessage` is safe to show a user or API caller.
 */
export type ErrorCode =
  | "validation"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "rate_limited"
  | "too_large"
  | "signup_disabled"
  | "csrf"
  | "unavailable"
  | "internal";

const STATUS: Record<ErrorCode, number> = {
  validation: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  too_large: 413,
  signup_disabled: 403,
  csrf: 403,
  unavailable: 503,
  internal: 500,
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly publicMessage: string,
    readonly options: { field?: string; fields?: Record<string, string>; internal?: string; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(options.internal ?? publicMessage, { cause: options.cause });
    this.name = "AppError";
    this.status = STATUS[code];
  }
  get field() {
    return this.options.field;
  }
}

export const notFound = (what = "That item") => new AppError("not_found", `${what} was not found.`);
export const forbidden = (msg = "Your role does not allow this.") => new AppError("forbidden", msg);
export const invalid = (field: string, msg: string) => new AppError("validation", msg, { field });
export const conflict = (msg: string, field?: string) => new AppError("conflict", msg, { field });

/** The JSON body every route answers with on error. */
export function errorBody(e: AppError) {
  const { field, fields } = e.options;
  return { error: { code: e.code, message: e.publicMessage, ...(field ? { field } : {}), ...(fields ? { fields } : {}) } };
}

/** Maps Prisma's known request errors at the data layer. */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: string }).code === "P2002";
}
export function isRecordMissing(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: string }).code === "P2025";
}
