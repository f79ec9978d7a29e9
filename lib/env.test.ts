import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

const valid = {
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/app",
  REDIS_URL: "redis://127.0.0.1:6379",
  NEXTAUTH_URL: "http://localhost:3000",
  NEXTAUTH_SECRET: "x".repeat(32),
  VAULT_KEKS: `k1:${Buffer.alloc(32, 1).toString("base64")}`,
  VAULT_ACTIVE_KEK: "k1",
};

describe("parseEnv", () => {
  it("accepts a complete environment and applies defaults", () => {
    const env = parseEnv(valid);
    expect(env.SIGNUP_ENABLED).toBe(true);
    expect(env.REDIS_PREFIX).toBe("ascdash");
    expect(env.INVITATION_TTL_HOURS).toBe(72);
  });

  it("names every missing and malformed variable at once", () => {
    let error: unknown;
    try {
      parseEnv({ DATABASE_URL: "mysql://x", NEXTAUTH_SECRET: "short", SIGNUP_ENABLED: "maybe" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    const problems = (error as EnvError).problems.join("\n");
    expect(problems).toMatch(/DATABASE_URL must start with postgres:/);
    expect(problems).toMatch(/REDIS_URL is required/);
    expect(problems).toMatch(/NEXTAUTH_URL is required/);
    expect(problems).toMatch(/NEXTAUTH_SECRET must be at least 32 characters/);
    expect(problems).toMatch(/SIGNUP_ENABLED must be true or false/);
    expect(problems).toMatch(/VAULT_KEKS is required/);
  });

  it("reports a value that is not a URL at all", () => {
    let problems: string[] = [];
    try {
      parseEnv({ ...valid, NEXTAUTH_URL: "not a url" });
    } catch (e) {
      problems = (e as EnvError).problems;
    }
    expect(problems).toEqual(["NEXTAUTH_URL must be a URL"]);
  });

  it("refuses the example secret from .env.example", () => {
    expect(() => parseEnv({ ...valid, NEXTAUTH_SECRET: "change-me-to-a-long-random-string-of-32-chars" })).toThrow(/NEXTAUTH_SECRET is still the example value/);
  });

  it("parses versioned vault keys and checks the active one exists", () => {
    const two = `${valid.VAULT_KEKS},k2:${Buffer.alloc(32, 2).toString("base64")}`;
    const env = parseEnv({ ...valid, VAULT_KEKS: two, VAULT_ACTIVE_KEK: "k2" });
    expect([...env.VAULT_KEKS.keys()]).toEqual(["k1", "k2"]);
    expect(env.VAULT_KEKS.get("k2")).toEqual(Buffer.alloc(32, 2));
    expect(() => parseEnv({ ...valid, VAULT_ACTIVE_KEK: "k9" })).toThrow(/VAULT_ACTIVE_KEK must be one of the ids in VAULT_KEKS/);
    expect(() => parseEnv({ ...valid, VAULT_KEKS: "k1:c2hvcnQ=" })).toThrow(/key "k1" must be 32 bytes of base64/);
    expect(() => parseEnv({ ...valid, VAULT_KEKS: "nonsense" })).toThrow(/id:base64key pairs/);
  });

  it("never echoes a vault key in its message", () => {
    const bad = Buffer.alloc(31, 7).toString("base64");
    try {
      parseEnv({ ...valid, VAULT_KEKS: `k1:${bad}` });
    } catch (e) {
      expect((e as Error).message).not.toContain(bad);
      return;
    }
    throw new Error("expected parseEnv to fail");
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ ...valid, SMTP_URL: "", SIGNUP_ENABLED: "" }).SIGNUP_ENABLED).toBe(true);
  });

  it("never echoes a secret's value in its message", () => {
    try {
      parseEnv({ ...valid, NEXTAUTH_SECRET: "hunter2-secret" });
    } catch (e) {
      expect((e as Error).message).not.toContain("hunter2");
      return;
    }
    throw new Error("expected parseEnv to fail");
  });

  it("takes a list of image origins for thumbnails, Apple's CDN by default", () => {
    expect(parseEnv(valid).ASC_IMAGE_ORIGINS).toEqual(["https://*.mzstatic.com"]);
    expect(parseEnv({ ...valid, ASC_IMAGE_ORIGINS: "https://*.mzstatic.com, http://127.0.0.1:4010" }).ASC_IMAGE_ORIGINS).toEqual(["https://*.mzstatic.com", "http://127.0.0.1:4010"]);
    expect(() => parseEnv({ ...valid, ASC_IMAGE_ORIGINS: "https://a.example/path" })).toThrow(/ASC_IMAGE_ORIGINS must be a comma-separated list of origins/);
    expect(() => parseEnv({ ...valid, ASC_IMAGE_ORIGINS: "'unsafe-inline'" })).toThrow(/ASC_IMAGE_ORIGINS/);
  });
});
