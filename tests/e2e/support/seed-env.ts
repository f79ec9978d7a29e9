import { randomBytes } from "node:crypto";
import { E2E_PORT } from "./ports";

/*
 * The shared seed factories run inside the spec process with the product's own Prisma client.
 * They write to the run's database and seal keys with the run's vault key, as the servers do
 * (playwright.config.ts sets E2E_* before the workers start). This module is imported
 * before any of the product's, so even a module that reads the environment as it loads sees these.
 */
process.env.DATABASE_URL = process.env.E2E_DATABASE_URL;
process.env.REDIS_URL ??= "redis://127.0.0.1:6379";
process.env.REDIS_PREFIX = process.env.E2E_REDIS_PREFIX;
process.env.VAULT_KEKS = process.env.E2E_VAULT_KEKS;
process.env.VAULT_ACTIVE_KEK = "e2e1";
process.env.NEXTAUTH_URL = `http://127.0.0.1:${E2E_PORT}`;
// Nothing here signs a session; the value only satisfies the environment's schema.
process.env.NEXTAUTH_SECRET ??= randomBytes(24).toString("hex");
process.env.LOG_LEVEL = "warn";
