import { NextRequest } from "next/server";
import { AppError } from "@/lib/errors";

/** The limit every JSON route has unless it asks for more. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

function tooLarge(maxBytes: number) {
  const size = maxBytes >= 1024 * 1024 ? `${Math.floor(maxBytes / (1024 * 1024))} MB` : `${Math.floor(maxBytes / 1024)} KB`;
  return new AppError("too_large", `The request body is too large (the limit is ${size}).`, { internal: `request body over ${maxBytes} bytes` });
}

/**
 * Reads a request body into memory, never more than `maxBytes`: a declared
 * Content-Length over the cap is refused before reading, and the stream itself is
 * counted (chunked bodies, or a Content-Length that lies) and cancelled as soon as it
 * passes the cap. Throws AppError "too_large" (413). Use this for every body a route reads,
 * multipart and file uploads included, instead of req.text(), req.json(), req.formData().
 */
export async function readCappedBytes(req: Request, maxBytes: number = DEFAULT_MAX_BODY_BYTES): Promise<Uint8Array> {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) return new Uint8Array(0);
  // The stream's async iterator, not a reader's read() loop: a JSON body usually arrives as
  // one chunk, and this takes half the promise hops per request. Leaving the loop (the cap
  // passed) cancels the stream, as reader.cancel() did.
  let first: Uint8Array | undefined;
  let more: Uint8Array[] | undefined;
  let total = 0;
  // Node's web streams are async iterable; TypeScript's DOM library does not say so.
  for await (const chunk of req.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) throw tooLarge(maxBytes);
    if (!first) first = chunk;
    else (more ??= [first]).push(chunk);
  }
  if (!first) return new Uint8Array(0);
  return more ? Buffer.concat(more, total) : first;
}

// decode() without { stream: true } keeps no state between calls, so one decoder serves all.
const utf8 = new TextDecoder();

/** The body as UTF-8 text, read under the cap. */
export async function readCappedText(req: Request, maxBytes?: number): Promise<string> {
  return utf8.decode(await readCappedBytes(req, maxBytes));
}

/**
 * A multipart or urlencoded form, read under the cap: the bytes are counted first and
 * only then handed to the platform's form parser.
 */
export async function readCappedFormData(req: Request, maxBytes?: number): Promise<FormData> {
  const bytes = await readCappedBytes(req, maxBytes);
  const copy = new Request(req.url, { method: "POST", headers: req.headers, body: bytes as BodyInit });
  try {
    return await copy.formData();
  } catch {
    throw new AppError("validation", "The request body is not a valid form.");
  }
}

/**
 * The same request with its body already read under the cap, for handlers owned by a
 * library (next-auth) that read the body themselves.
 */
export async function withCappedBody(req: Request, maxBytes?: number): Promise<NextRequest> {
  if (req.method === "GET" || req.method === "HEAD") return req instanceof NextRequest ? req : new NextRequest(req);
  const bytes = await readCappedBytes(req, maxBytes);
  const headers = new Headers(req.headers);
  headers.delete("transfer-encoding");
  headers.set("content-length", String(bytes.byteLength));
  return new NextRequest(req.url, { method: req.method, headers, body: bytes as BodyInit, signal: req.signal });
}
