import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { createDatabase, dropDatabase, migrate, PG_BASE } from "./support/pg-admin";

/**
 * A fresh, migrated database and a Redis key prefix for this run; both are gone afterwards.
 * The environment set here is inherited by the test workers.
 */
export default async function setup(_project: TestProject) {
  const run = process.env.ASCDASH_TEST_RUN ?? `${Date.now().toString(36)}_${randomBytes(2).toString("hex")}`;
  const dbName = `ascdash_it_${run}`;
  const url = `${PG_BASE}/${dbName}`;
  await createDatabase(dbName);
  migrate(url);
  Object.assign(process.env, {
    DATABASE_URL: url,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    REDIS_PREFIX: `ascdash_it_${run}`,
    NEXTAUTH_URL: "http://127.0.0.1:3999",
    NEXTAUTH_SECRET: randomBytes(24).toString("hex"),
    LOG_LEVEL: "silent",
    VAULT_KEKS: `it1:${randomBytes(32).toString("base64")}`,
    VAULT_ACTIVE_KEK: "it1",
    NODE_ENV: "test",
    RESPONSE_CHECKS: "1",
  });
  return async () => {
    await dropDatabase(dbName);
  };
}
