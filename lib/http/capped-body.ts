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
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** The body as UTF-8 text, read under the cap. */
export async function readCappedText(req: Request, maxBytes?: number): Promise<string> {
  return new TextDecoder().decode(await readCappedBytes(req, maxBytes));
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
