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
  /** Trust X-Forwarded-For for the client address (only behind a reverse proxy you run). */
  TRUST_PROXY: bool.default(false),
  INVITATION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(72),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SMTP_URL: url(["smtp:", "smtps:"]).optional(),
  SMTP_FROM: z.string().optional(),
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
