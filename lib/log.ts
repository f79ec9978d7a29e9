import pino from "pino";
import { env } from "@/lib/env";

// Any field with one of these names is replaced before a line is written, at any depth
// pino can address. Secrets must never reach logs even when a whole object is logged.
const SECRET_KEYS = [
  "password", "newPassword", "currentPassword", "passwordHash", "token", "tokenHash", "secret",
  "privateKey", "p8", "dataKey", "authorization", "cookie", "sessionToken", "apiToken", "jwt",
];

const paths = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]).concat([
  'req.headers.authorization', 'req.headers.cookie', 'headers["set-cookie"]',
]);

let service = "web";

/** Called by a process entry point (worker, CLI) before its first log line. */
export function setLogService(name: string) {
  service = name;
}

function createLogger() {
  return pino({
    level: env.LOG_LEVEL,
    base: { service },
    redact: { paths, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

const globalForLog = globalThis as unknown as { __ascdashLog?: pino.Logger };

export function getLogger(): pino.Logger {
  globalForLog.__ascdashLog ??= createLogger();
  return globalForLog.__ascdashLog;
}

export const log: pino.Logger = new Proxy({} as pino.Logger, {
  get: (_t, key) => {
    const l = getLogger();
    const v = Reflect.get(l, key);
    return typeof v === "function" ? v.bind(l) : v;
  },
});
