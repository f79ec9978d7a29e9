import http from "node:http";
import { randomBytes } from "node:crypto";

/**
 * The host analytics segment URLs point at, apart from the API (Apple's are pre-signed URLs
 * on its blob store, valid for a few minutes). Its own port, so its own origin; it knows no
 * API key: a GET carrying an Authorization header is refused as the blob store refuses a
 * second authentication mechanism, and a URL past its expiry is refused as expired.
 */
type Entry = { bytes: () => Buffer; expiresAt: number; onDownload: () => void };

export class AnalyticsOrigin {
  private files = new Map<string, Entry>();
  private server?: http.Server;
  port = 0;
  downloads = 0;

  constructor(private now: () => number) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** A fresh URL for one segment's file. */
  register(name: string, entry: Entry): string {
    const token = randomBytes(16).toString("hex");
    // Expired links are dropped lazily; a long run keeps only what is still valid.
    if (this.files.size > 5000) for (const [k, e] of this.files) if (e.expiresAt < this.now()) this.files.delete(k);
    this.files.set(token, entry);
    return `${this.url}/reports/${token}/${name}.csv.gz?X-Amz-Expires=${Math.round((entry.expiresAt - this.now()) / 1000)}`;
  }

  async listen(host = "127.0.0.1") {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 65_000;
    await new Promise<void>((r) => this.server!.listen(0, host, r));
    this.port = (this.server.address() as { port: number }).port;
  }

  async close() {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private answer(res: http.ServerResponse, status: number, code: string, message: string) {
    res.writeHead(status, { "content-type": "application/xml" });
    res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const token = /^\/reports\/([0-9a-f]+)\/[^/]+\.csv\.gz$/.exec(new URL(req.url ?? "/", this.url).pathname)?.[1];
    const entry = token ? this.files.get(token) : undefined;
    if (req.headers.authorization !== undefined) {
      return this.answer(res, 400, "InvalidArgument", "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified");
    }
    if (!entry) return this.answer(res, 403, "AccessDenied", "Access Denied");
    if (this.now() > entry.expiresAt) return this.answer(res, 403, "AccessDenied", "Request has expired");
    if (req.method !== "GET" && req.method !== "HEAD") return this.answer(res, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
    const body = entry.bytes();
    entry.onDownload();
    this.downloads++;
    // The bytes are the gzip file itself (no Content-Encoding), as the blob store serves a .gz object.
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(body.length) });
    res.end(req.method === "HEAD" ? undefined : body);
  }
}
