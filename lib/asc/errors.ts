import { AppError, type ErrorCode } from "@/lib/errors";

/** One item of Apple's error document. */
export type AscErrorItem = { status?: string; code?: string; title?: string; detail?: string; source?: { pointer?: string; parameter?: string } };

/** A failed App Store Connect request, as Apple described it: status, code, detail and the field or parameter it names. */
export class AscError extends Error {
  readonly status: number;
  readonly code: string;
  /** Apple's own sentence about this failure (the first item's detail). */
  readonly detail?: string;
  readonly title?: string;
  readonly pointer?: string;
  readonly parameter?: string;
  readonly attempts: number;
  /** Every item Apple sent: a refused PATCH names each refused field in an item of its own. */
  readonly items: AscErrorItem[];

  constructor(status: number, items: AscErrorItem[], attempts: number) {
    const first = items[0] ?? {};
    super(`App Store Connect ${status} ${first.code ?? ""}: ${first.detail ?? first.title ?? "request failed"}`.trim());
    this.name = "AscError";
    this.status = status;
    this.code = first.code ?? (status === 0 ? "NETWORK_ERROR" : `HTTP_${status}`);
    this.detail = first.detail;
    this.title = first.title;
    this.pointer = first.source?.pointer;
    this.parameter = first.source?.parameter;
    this.attempts = attempts;
    this.items = items;
  }
}

/**
 * A report Apple sent that cannot be read: a gzip cut short or unreadable (TRUNCATED_REPORT,
 * downloaded again) or a table we cannot store (CORRUPT_REPORT: a missing column, a cell
 * that is not a number). `message` says what is wrong, in words a person can act on.
 */
export class ReportFormatError extends Error {
  constructor(
    readonly code: "TRUNCATED_REPORT" | "CORRUPT_REPORT",
    message: string,
  ) {
    super(message);
    this.name = "ReportFormatError";
  }
}

/** Whether retrying could help: rate limits, server errors and network failures. Never 4xx otherwise. */
export function isRetryable(status: number) {
  return status === 0 || status === 429 || status >= 500;
}

/** The attribute a JSON:API pointer such as `/data/attributes/responseBody` names, if any. */
export function attributeOf(pointer: string | undefined): string | undefined {
  const parts = (pointer ?? "").split("/");
  return parts.length === 4 && parts[1] === "data" && parts[2] === "attributes" && parts[3] ? parts[3] : undefined;
}

const PLAIN: Record<number, string> = {
  401: "App Store Connect refused the key: the Issuer ID, Key ID or private key is wrong, or the key was revoked.",
  403: "The App Store Connect key's role does not allow this.",
  404: "App Store Connect has no such item (it may have been deleted).",
  409: "App Store Connect refused the change.",
  422: "App Store Connect could not process the change.",
  429: "App Store Connect is rate-limiting this key. Try again later.",
};

/**
 * Apple's answer in words for a person: what the status means, and for a refused change
 * (409, 422) Apple's own detail, which names what to fix.
 */
export function ascWords(status: number, detail?: string): string {
  const plain = status === 0 ? "Could not reach App Store Connect." : (PLAIN[status] ?? `App Store Connect answered ${status}.`);
  return (status === 409 || status === 422) && detail ? `${plain} ${detail}` : plain;
}

const REPORT_WORDS: Record<ReportFormatError["code"], (e: ReportFormatError) => string> = {
  TRUNCATED_REPORT: () => "The report from App Store Connect was cut short or unreadable.",
  CORRUPT_REPORT: (e) => `The report from App Store Connect could not be stored: ${e.message}`,
};

/** Our error code for Apple's status: Apple down or unreachable is ours to wait out; any other refusal is a conflict with Apple's state. */
function codeFor(status: number): ErrorCode {
  if (status === 0 || status >= 500) return "unavailable";
  if (status === 429) return "rate_limited";
  return "conflict";
}

export type AscErrorContext = {
  /** What was being done, before Apple's words ("Nothing was pushed."). */
  lead?: string;
  /** Only Apple's detail after the lead ("App Store Connect refused the reply: <detail>"). */
  detailOnly?: boolean;
  /** The form field an attribute Apple named stands for; the attribute's own name by default. */
  fieldOf?: (attribute: string) => string | undefined;
  /** The field to name when Apple names none we know. */
  field?: string;
};

/**
 * The one translation of App Store Connect failures into our error: words for people,
 * the field a form should mark (from Apple's source pointer) and the status the API
 * answers (503 when Apple is down or unreachable, 429 when it rate-limits, 409 when it
 * refuses). Apple's code stays on the cause.
 */
export function ascAppError(e: AscError | ReportFormatError, c: AscErrorContext = {}): AppError {
  if (e instanceof ReportFormatError) {
    return new AppError("unavailable", [c.lead, REPORT_WORDS[e.code](e)].filter(Boolean).join(" "), { internal: e.message, cause: e });
  }
  const words = c.detailOnly ? (e.detail ?? e.title ?? "request failed") : ascWords(e.status, e.detail);
  const attribute = attributeOf(e.pointer);
  const field = (attribute && (c.fieldOf ? c.fieldOf(attribute) : attribute)) || c.field;
  return new AppError(codeFor(e.status), c.lead ? `${c.lead} ${words}` : words, { ...(field ? { field } : {}), internal: e.message, cause: e });
}

/** Whether this is a failure of App Store Connect or of a report it sent, for the translation above. */
export const isAscFailure = (e: unknown): e is AscError | ReportFormatError => e instanceof AscError || e instanceof ReportFormatError;
