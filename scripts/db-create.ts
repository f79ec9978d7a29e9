import pg from "pg";
import { loadEnv } from "@/lib/env";
import { pgPoolConfig } from "@/lib/db/pool-config";

/**
 * Creates the database named in DATABASE_URL when it does not exist yet. With --drop-first
 * (`npm run demo -- --reset`), drops it before, to start over.
 */
async function main() {
  const url = loadEnv().DATABASE_URL;
  const cfg = pgPoolConfig(url);
  const name = cfg.database;
  if (!name || !/^[A-Za-z0-9_-]+$/.test(name)) throw new Error("DATABASE_URL must name a database made of letters, digits, - or _");
  const admin = new pg.Client({ ...cfg, database: "postgres" });
  await admin.connect();
  try {
    if (process.argv.includes("--drop-first")) {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      process.stdout.write(`dropped database ${name}\n`);
    }
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount) {
      process.stdout.write(`database ${name} exists\n`);
    } else {
      await admin.query(`CREATE DATABASE "${name}"`);
      process.stdout.write(`created database ${name}\n`);
    }
  } finally {
    await admin.end();
  }
}

main().catch((e) => {
  process.stderr.write(`db:create failed: ${(e as Error).message}\n`);
  process.exit(1);
});
