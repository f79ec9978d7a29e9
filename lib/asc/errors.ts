/** One item of Apple's error document. */
export type AscErrorItem = { status?: string; code?: string; title?: string; detail?: string; source?: { pointer?: string; parameter?: string } };

const PLAIN: Record<number, string> = {
  401: "App Store Connect refused the key: the Issuer ID, Key ID or private key is wrong, or the key was revoked.",
  403: "The App Store Connect key's role does not allow this.",
  404: "App Store Connect has no such item (it may have been deleted).",
  409: "App Store Connect refused the change.",
  422: "App Store Connect could not process the change.",
  429: "App Store Connect is rate-limiting this key. Try again later.",
};

/** A failed App Store Connect request: Apple's status, code and field pointer, and words for a person. */
export class AscError extends Error {
  readonly status: number;
  readonly code: string;
  readonly pointer?: string;
  readonly parameter?: string;
  readonly attempts: number;
  readonly publicMessage: string;
  /** Every item Apple sent: a refused PATCH names each refused field in an item of its own. */
  readonly items: AscErrorItem[];

  constructor(status: number, items: AscErrorItem[], attempts: number, fallback?: string) {
    const first = items[0] ?? {};
    super(`App Store Connect ${status} ${first.code ?? ""}: ${first.detail ?? first.title ?? fallback ?? "request failed"}`.trim());
    this.name = "AscError";
    this.status = status;
    this.code = first.code ?? (status === 0 ? "NETWORK_ERROR" : `HTTP_${status}`);
    this.pointer = first.source?.pointer;
    this.parameter = first.source?.parameter;
    this.attempts = attempts;
    this.items = items;
    const plain = status === 0 ? "Could not reach App Store Connect." : (PLAIN[status] ?? `App Store Connect answered ${status}.`);
    this.publicMessage = status === 409 || status === 422 ? `${plain} ${first.detail ?? ""}`.trim() : plain;
  }
}

/** Whether retrying could help: rate limits, server errors and network failures. Never 4xx otherwise. */
export function isRetryable(status: number) {
  return status === 0 || status === 429 || status >= 500;
}
