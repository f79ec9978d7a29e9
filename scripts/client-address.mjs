// Preloaded into the web server (node --import): makes X-Forwarded-For trustworthy.
// Next fills that header from the socket only when a client did not send one, so a
// client could name any address and dodge per-client sign-in throttling. Here the
// socket peer is always appended last; lib/http/client-info.ts reads the last entry
// (or, with TRUST_PROXY=true, the one before it, which the reverse proxy added).
// It runs before the app's environment is parsed, so it reads TRUST_PROXY itself.

import http from "node:http";

const trustProxy = /^(true|1|yes)$/i.test(process.env.TRUST_PROXY || "");
const createServer = http.createServer;

http.createServer = function patchedCreateServer(...args) {
  const server = createServer.apply(this, args);
  server.prependListener("request", (req) => {
    const peer = req.socket.remoteAddress || "unknown";
    const sent = req.headers["x-forwarded-for"];
    req.headers["x-forwarded-for"] = trustProxy && sent ? `${sent}, ${peer}` : peer;
  });
  return server;
};
