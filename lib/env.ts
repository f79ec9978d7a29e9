import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");

/** One message per variable: either it is not a URL, or it has the wrong scheme. */
const url = (protocols: string[]) =>
  z.string().superRefine((v, ctx) => {
    if (!URL.canParse(v)) ctx.addIssue({ code: "custom", message: "must be a URL" });
    else if (!protocols.includes(new URL(v).protocol)) {
      ctx.addIssue({ code: "custom", message: `must start with ${protocols.map((p) => p + "//").join(" or ")}` });
    }
  });

/** "id:base64key,id:base64key": every key-encryption key the vault may need to unwrap with. */
const keks = z.string().transform((v, ctx) => {
  const map = new Map<string, Buffer>();
  for (const part of v.split(",").map((p) => p.trim()).filter(Boolean)) {
    const [id, key, extra] = part.split(":");
    if (!id || !key || extra !== undefined || !/^[A-Za-z0-9_-]{1,32}$/.test(id)) {
      ctx.addIssue({ code: "custom", message: "must be a comma-separated list of id:base64key pairs (ids of letters, digits, - or _)" });
      return z.NEVER;
    }
    const bytes = Buffer.from(key, "base64");
    if (bytes.length !== 32 || bytes.toString("base64").replace(/=+$/, "") !== key.replace(/=+$/, "")) {
      ctx.addIssue({ code: "custom", message: `key "${id}" must be 32 bytes of base64 (try: openssl rand -base64 32)` });
      return z.NEVER;
    }
    if (map.has(id)) {
      ctx.addIssue({ code: "custom", message: `key id "${id}" appears twice` });
      return z.NEVER;
    }
    map.set(id, bytes);
  }
  if (map.size === 0) {
    ctx.addIssue({ code: "custom", message: "must hold at least one key" });
    return z.NEVER;
  }
  return map;
});

/**
 * "https://*.mzstatic.com,http://127.0.0.1:4010": origins a page may load images from, in
 * the Content-Security-Policy's own syntax (a scheme, a host that may start with "*.", a port).
 */
const origins = z.string().transform((v, ctx) => {
  const list = v.split(",").map((p) => p.trim()).filter(Boolean);
  const bad = list.find((o) => !/^https?:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/i.test(o));
  if (bad !== undefined || list.length === 0) {
    ctx.addIssue({ code: "custom", message: `must be a comma-separated list of origins such as https://*.mzstatic.com${bad ? ` ("${bad}" is not one)` : ""}` });
    return z.NEVER;
  }
  return list;
});

export const ZEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: url(["postgres:", "postgresql:"]),
  REDIS_URL: url(["redis:", "rediss:"]),
  /** Prefix for every Redis key and BullMQ queue, so several installs or test runs share one Redis. */
  REDIS_PREFIX: z.string().regex(/^[a-z0-9_-]{1,40}$/i, "must be 1-40 letters, digits, - or _").default("ascdash"),
  NEXTAUTH_URL: url(["http:", "https:"]),
  NEXTAUTH_SECRET: z
    .string()
    .min(32, "must be at least 32 characters (try: openssl rand -base64 32)")
    .refine((v) => !v.startsWith("change-me"), "is still the example value; generate one with: openssl rand -base64 32"),
  SIGNUP_ENABLED: bool.default(true),
  /** Sign-ups allowed per client address (IPv6: per /64) per hour. */
  SIGNUP_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(10),
  /** Check every API answer against its operation's declared schema (the test suites turn this on; a mismatch answers 500). */
  RESPONSE_CHECKS: bool.default(false),
  /** Trust X-Forwarded-For for the client address (only behind a reverse proxy you run). */
  TRUST_PROXY: bool.default(false),
  INVITATION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(72),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SMTP_URL: url(["smtp:", "smtps:"]).optional(),
  SMTP_FROM: z.string().optional(),
  /** Key-encryption keys of the credential vault, and the one new writes use. */
  VAULT_KEKS: keks,
  VAULT_ACTIVE_KEK: z.string().min(1),
  /** Where App Store Connect is: Apple's API, or the local simulator in tests and the demo. */
  ASC_API_BASE_URL: url(["https:", "http:"]).default("https://api.appstoreconnect.apple.com"),
  /** Where Apple serves screenshot and preview images (thumbnails load from there): Apple's CDN, or the simulator in tests and the demo. */
  ASC_IMAGE_ORIGINS: origins.default(["https://*.mzstatic.com"]),
  /** How long one App Store Connect request may take before it is abandoned (and retried). */
  ASC_TIMEOUT_MS: z.coerce.number().int().min(500).max(300_000).default(30_000),
  /** Sync jobs one worker process runs at once, and at most per connection across all workers. */
  SYNC_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  SYNC_CONNECTION_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  /** First retry delay of a failed sync job (doubling after), and how long a worker's claim on a job lasts without renewal. */
  SYNC_RETRY_DELAY_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
  JOB_LOCK_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  /** Shifts the product's clock (lib/clock.ts); for tests and demos that pin the date, never for production. */
  CLOCK_OFFSET_MS: z.coerce.number().int("must be a whole number of milliseconds").default(0),
  /** Where uploaded screenshots and previews wait until the worker has sent them to Apple; every web server and worker must see the same folder. */
  MEDIA_STAGING_DIR: z
    .string()
    .min(1)
    .default("./data/media-staging")
    // A relative folder is taken from where the process was started (npm's INIT_CWD): Next's
    // standalone server changes its working folder to its own, where the worker never looks.
    .transform((dir) => (dir.startsWith("/") ? dir : `${(process.env.INIT_CWD ?? process.cwd()).replace(/\/$/, "")}/${dir.replace(/^\.\//, "")}`)),
  /** Hooks (Slack, Teams, webhooks) may use http:// as well as https:// (for hooks inside your own network). */
  OUTBOUND_ALLOW_HTTP: bool.default(false),
  /** Host names, addresses and CIDR ranges hooks may reach although they are private, loopback or link-local. */
  OUTBOUND_ALLOW_HOSTS: z
    .string()
    .default("")
    .transform((v) => v.split(",").map((h) => h.trim().toLowerCase()).filter(Boolean)),
  /** How long one hook delivery may take before it counts as failed (and is retried). */
  OUTBOUND_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(10_000),
  /** First retry delay of a failed alert delivery (doubling after, 8 tries in all). */
  ALERT_RETRY_DELAY_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
}).superRefine((v, ctx) => {
  if (v.VAULT_KEKS instanceof Map && !v.VAULT_KEKS.has(v.VAULT_ACTIVE_KEK)) {
    ctx.addIssue({ code: "custom", path: ["VAULT_ACTIVE_KEK"], message: "must be one of the ids in VAULT_KEKS" });
  }
});

export type TEnv = z.infer<typeof ZEnv>;

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Parses an environment; empty strings count as unset so `FOO=` in a .env file means "not given". */
export function parseEnv(source: Record<string, string | undefined>): TEnv {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = ZEnv.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((i) => {
        const name = i.path.join(".");
        return i.code === "invalid_type" && cleaned[name] === undefined ? `${name} is required` : `${name} ${i.message}`;
      }),
    );
  }
  return result.data;
}

let cached: TEnv | undefined;

/** Parsed once, on first use, so `next build` can import modules without a runtime environment. */
export function loadEnv(): TEnv {
  // The one place that reads process.env.
  cached ??= parseEnv(process.env);
  return cached;
}

export const env: TEnv = new Proxy({} as TEnv, {
  get: (_t, key: string) => loadEnv()[key as keyof TEnv],
});
