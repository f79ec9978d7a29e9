import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createDatabase, dropDatabase, PG_BASE } from "./support/pg-admin";

/** Normalised schema of a database, as pg_dump prints it. */
function schemaOf(db: string) {
  const out = execFileSync("pg_dump", ["--schema-only", "--no-owner", "--no-privileges", "--exclude-table=public._prisma_migrations", `${PG_BASE}/${db}`], { encoding: "utf8" });
  return out
    .split("\n")
    // Comments, session settings and pg_dump's per-run \restrict keys differ between any two dumps.
    .filter((l) => l.trim() && !l.startsWith("--") && !l.startsWith("SET ") && !l.includes("set_config") && !/^\\(un)?restrict /.test(l))
    .join("\n")
    // A column added by a later migration comes last in its table; order carries no meaning,
    // so each table's columns are compared as a sorted list.
    .replace(/(CREATE TABLE [^\n]+ \(\n)([\s\S]*?)(\n\);)/g, (_m, head: string, cols: string, tail: string) =>
      head + cols.split("\n").map((c) => c.trim().replace(/,$/, "")).sort().join("\n") + tail,
    );
}

describe("migrations", () => {
  const fromSchema = `ascdash_drift_${randomBytes(3).toString("hex")}`;
  afterAll(() => dropDatabase(fromSchema));

  it("produce exactly the schema that schema.prisma describes", async () => {
    const migrated = new URL(process.env.DATABASE_URL!).pathname.slice(1);
    const sql = execFileSync(
      process.execPath,
      ["./node_modules/prisma/build/index.js", "migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
      { encoding: "utf8", env: { ...process.env } },
    );
    await createDatabase(fromSchema);
    const c = new pg.Client({ connectionString: `${PG_BASE}/${fromSchema}` });
    await c.connect();
    await c.query(sql);
    await c.end();
    const a = schemaOf(migrated);
    expect(a).toContain('CREATE TABLE public."Membership"');
    expect(a).toBe(schemaOf(fromSchema));
  });
});
