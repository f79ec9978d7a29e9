import http from "node:http";
import type { SimMediaAsset } from "./media";

/**
 * The host that takes the bytes of an upload, apart from the API (Apple's upload URLs point at
 * its blob store, not api.appstoreconnect.apple.com). It runs in the simulator's process on a
 * port of its own, so it is a different origin, and it knows the API key of no one: a PUT
 * carrying an Authorization header is refused, so a client that leaks its bearer token there
 * is caught. Each part is taken only with the headers its upload operation lists, with those
 * exact values, and exactly its length; a committed or deleted asset takes no more parts.
 */
export class UploadOrigin {
  private parts = new Map<string, { asset: SimMediaAsset; index: number }>();
  private server?: http.Server;
  port = 0;

  constructor(private hooks: { count: (route: string) => void; failPartOnce: () => boolean }) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Makes an asset's upload URLs answer. */
  register(asset: SimMediaAsset) {
    asset.parts.forEach((p, index) => this.parts.set(p.token, { asset, index }));
  }

  async listen(host = "127.0.0.1") {
    // A client cut off mid-PUT (a killed worker) ends its request with an error; the socket is closed.
    this.server = http.createServer((req, res) => void this.handle(req, res).catch(() => res.destroy()));
    this.server.keepAliveTimeout = 65_000;
    await new Promise<void>((r) => this.server!.listen(0, host, r));
    this.port = (this.server.address() as { port: number }).port;
  }

  async close() {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private answer(res: http.ServerResponse, status: number, text: string) {
    res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
    res.end(text);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const token = /^\/upload\/([0-9a-f]+)$/.exec(new URL(req.url ?? "/", this.url).pathname)?.[1];
    this.hooks.count(`${req.method} /upload/{token}`);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const found = token ? this.parts.get(token) : undefined;
    if (!found || found.asset.deleted) return this.answer(res, 404, "No such upload.");
    if (req.method !== "PUT") return this.answer(res, 405, "Upload operations are PUT.");
    if (req.headers.authorization !== undefined) return this.answer(res, 403, "Upload URLs are pre-authorised; an Authorization header is not accepted.");
    const { asset, index } = found;
    if (asset.committedAt !== undefined) return this.answer(res, 409, "This upload was already committed.");
    const part = asset.parts[index];
    const wrong = [{ name: "Content-Type", value: asset.contentType }].find((h) => req.headers[h.name.toLowerCase()] !== h.value);
    if (wrong) return this.answer(res, 400, `Header ${wrong.name} must be exactly '${wrong.value}'.`);
    if (req.headers["content-length"] !== String(part.length) || body.length !== part.length) return this.answer(res, 400, `This part is exactly ${part.length} bytes (Content-Length included).`);
    if (this.hooks.failPartOnce()) return this.answer(res, 500, "Internal error; try this part again.");
    part.received = body;
    res.writeHead(200, { etag: `"${index + 1}"` });
    res.end();
  }
}
