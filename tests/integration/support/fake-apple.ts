import http from "node:http";
import { decodeProtectedHeader, importSPKI, jwtVerify } from "jose";

/**
 * A small stand-in for App Store Connect for the connection test: it verifies the
 * bearer JWT against the public keys it knows, as Apple does, and answers like Apple.
 */
export class FakeApple {
  private server?: http.Server;
  readonly keys = new Map<string, { publicKey: string; issuerId: string; role: "ADMIN" | "FINANCE" }>();
  requests: { path: string; authorized: boolean }[] = [];
  port = 0;

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start() {
    this.server = http.createServer(async (req, res) => {
      const send = (status: number, body: object) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      let known: { role: string } | undefined;
      try {
        const kid = decodeProtectedHeader(token ?? "").kid ?? "";
        const k = this.keys.get(kid);
        if (k) {
          await jwtVerify(token!, await importSPKI(k.publicKey, "ES256"), { audience: "appstoreconnect-v1", issuer: k.issuerId, maxTokenAge: "20m" });
          known = k;
        }
      } catch {
        known = undefined;
      }
      this.requests.push({ path: req.url ?? "", authorized: !!known });
      if (!known) return send(401, { errors: [{ status: "401", code: "NOT_AUTHORIZED", title: "Authentication credentials are missing or invalid." }] });
      if (known.role !== "ADMIN") return send(403, { errors: [{ status: "403", code: "FORBIDDEN_ERROR", title: "This request is forbidden for security reasons" }] });
      send(200, { data: [], links: { self: `${this.url}${req.url}` }, meta: { paging: { total: 0, limit: 1 } } });
    });
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
    this.port = (this.server!.address() as { port: number }).port;
  }

  async stop() {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
