import { AppError } from "@/lib/errors";

/**
 * Cross-site request forgery guard for cookie-authenticated mutations: the browser's
 * Origin (or, failing that, Sec-Fetch-Site) must say the request came from our own pages.
 * JSON bodies add a second line, since a cross-site form cannot send application/json.
 */
/** Content types a cross-site HTML form can send without a preflight. */
const CORS_SAFELISTED = ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"];

export function assertSameOrigin(headers: Headers, appUrl: string, body: "json" | "file" = "json") {
  const origin = headers.get("origin");
  const expected = new URL(appUrl).origin;
  if (origin) {
    if (origin !== expected) throw new AppError("csrf", "This request came from another site and was refused.");
  } else {
    const site = headers.get("sec-fetch-site");
    if (site && site !== "same-origin" && site !== "none") {
      throw new AppError("csrf", "This request came from another site and was refused.");
    }
    if (!site) throw new AppError("csrf", "This request has no Origin header and was refused.");
  }
  const type = headers.get("content-type")?.toLowerCase();
  if (body === "file") {
    // A file may come as any type but the three a cross-site form can send without the browser asking first.
    if (type && CORS_SAFELISTED.some((t) => type.startsWith(t))) throw new AppError("csrf", "Send the file as application/octet-stream or its own type (image/png, application/zip, ...).");
    return;
  }
  if (type && !type.startsWith("application/json")) {
    throw new AppError("csrf", "Send the request body as application/json.");
  }
}
