import { AppError } from "@/lib/errors";

/**
 * Cross-site request forgery guard for cookie-authenticated mutations: the browser's
 * Origin (or, failing that, Sec-Fetch-Site) must say the request came from our own pages.
 * JSON bodies add a second line, since a cross-site form cannot send application/json.
 */
export function assertSameOrigin(headers: Headers, appUrl: string) {
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
  const type = headers.get("content-type");
  if (type && !type.toLowerCase().startsWith("application/json")) {
    throw new AppError("csrf", "Send the request body as application/json.");
  }
}
