import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { checkDestination, type OutboundPolicy, type Resolver } from "./destination";

export type OutboundResult = {
  /** The HTTP status, or null when no answer came (refused, timed out, cut). */
  status: number | null;
  /** The start of the answer's body (at most `maxResponseBytes`), for the delivery log. */
  body: string;
  /** What went wrong without an answer, in words. */
  error: string | null;
  ms: number;
};

export type SendOptions = {
  policy: OutboundPolicy;
  timeoutMs: number;
  maxResponseBytes: number;
  headers?: Record<string, string>;
  /** How names are resolved (the system's resolver unless a test names another). */
  resolve?: Resolver;
};

/**
 * POSTs a body to a hook after checking its address (see destination.ts), connecting to the
 * address the check resolved: the name is not looked up again. TLS still verifies the
 * certificate against the host name. Redirects are not followed. The whole exchange has one
 * deadline, and no more than `maxResponseBytes` of the answer is read. A refused address
 * throws (a validation error naming "url"); network failures come back as results.
 */
export async function postToHook(rawUrl: string, body: string, opts: SendOptions): Promise<OutboundResult> {
  const dest = await checkDestination(rawUrl, opts.policy, { resolve: opts.resolve });
  const started = performance.now();
  const pinned: LookupFunction = (_hostname, options, callback) => {
    // Node asks for every address when it may try several families; it gets just the one checked.
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: dest.address, family: dest.family }]);
    else callback(null, dest.address, dest.family);
  };
  const client = dest.url.protocol === "https:" ? https : http;
  return new Promise<OutboundResult>((resolve) => {
    let settled = false;
    const finish = (r: Omit<OutboundResult, "ms">) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve({ ...r, ms: Math.round(performance.now() - started) });
    };
    const req = client.request(
      dest.url,
      {
        method: "POST",
        lookup: pinned,
        agent: false,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), "user-agent": "ascdash-hooks", ...opts.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          if (size >= opts.maxResponseBytes) return;
          chunks.push(c.subarray(0, opts.maxResponseBytes - size));
          size += Math.min(c.length, opts.maxResponseBytes - size);
          // Enough read: the rest of an oversized answer is not waited for.
          if (size >= opts.maxResponseBytes) {
            finish({ status: res.statusCode ?? null, body: Buffer.concat(chunks).toString("utf8"), error: null });
            res.destroy();
          }
        });
        res.on("end", () => finish({ status: res.statusCode ?? null, body: Buffer.concat(chunks).toString("utf8"), error: null }));
        res.on("error", (e) => finish({ status: res.statusCode ?? null, body: Buffer.concat(chunks).toString("utf8"), error: e.message }));
      },
    );
    const deadline = setTimeout(() => {
      finish({ status: null, body: "", error: `no answer within ${opts.timeoutMs} ms` });
      req.destroy();
    }, opts.timeoutMs);
    req.on("error", (e) => finish({ status: null, body: "", error: e.message }));
    req.end(body);
  });
}
