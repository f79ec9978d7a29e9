import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postToHook, type SendOptions } from "@/lib/outbound/send";

/** A local receiver: records each request, and answers as the test's current mode says. */
let mode: "ok" | "hang" | "huge" = "ok";
const received: { path: string; body: string; headers: http.IncomingHttpHeaders }[] = [];
const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    received.push({ path: req.url ?? "", body: Buffer.concat(chunks).toString("utf8"), headers: req.headers });
    if (mode === "hang") return; // never answers
    if (mode === "huge") return res.end("x".repeat(1024 * 1024));
    res.writeHead(202, { "content-type": "text/plain" }).end("accepted");
  });
});
let port = 0;

// "hooks.test" exists only in this resolver: a send that looked the name up again would fail.
const resolve = async (host: string) => (host === "hooks.test" ? [{ address: "127.0.0.1", family: 4 }] : []);
const allowed = (): SendOptions => ({ policy: { allowHttp: true, allowHosts: ["hooks.test"] }, timeoutMs: 1_000, maxResponseBytes: 1024, resolve });

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe("sending to a hook", () => {
  it("posts the body to the address the check resolved, and keeps the answer's status and start", async () => {
    mode = "ok";
    const before = received.length;
    const r = await postToHook(`http://hooks.test:${port}/in/abc?x=1`, JSON.stringify({ hello: "world" }), { ...allowed(), headers: { "x-signature": "s" } });
    expect(r).toMatchObject({ status: 202, body: "accepted", error: null });
    expect(received.slice(before)).toEqual([expect.objectContaining({ path: "/in/abc?x=1", body: '{"hello":"world"}' })]);
    expect(received.at(-1)!.headers).toMatchObject({ "content-type": "application/json", "x-signature": "s", host: `hooks.test:${port}` });
  });

  it("gives up at the deadline and reads no more of an answer than the cap", async () => {
    mode = "hang";
    const slow = await postToHook(`http://hooks.test:${port}/slow`, "{}", { ...allowed(), timeoutMs: 300 });
    expect(slow).toMatchObject({ status: null, error: "no answer within 300 ms" });
    mode = "huge";
    const big = await postToHook(`http://hooks.test:${port}/big`, "{}", allowed());
    expect(big.status).toBe(200);
    expect(big.body).toHaveLength(1024);
  });

  it("refuses at send time an address the policy does not allow, and nothing reaches it", async () => {
    mode = "ok";
    const before = received.length;
    await expect(postToHook(`http://127.0.0.1:${port}/x`, "{}", { ...allowed(), policy: { allowHttp: true, allowHosts: [] } })).rejects.toMatchObject({ field: "url", message: expect.stringContaining("is a loopback address") });
    await expect(postToHook(`http://hooks.test:${port}/x`, "{}", { ...allowed(), policy: { allowHttp: false, allowHosts: ["hooks.test"] } })).rejects.toMatchObject({ message: expect.stringContaining("must start with https://") });
    expect(received.length).toBe(before);
  });

  it("reports a refused connection as a result, not a throw", async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const r = await postToHook(`http://hooks.test:${deadPort}/x`, "{}", allowed());
    expect(r.status).toBeNull();
    expect(r.error).toMatch(/ECONNREFUSED/);
  });
});
