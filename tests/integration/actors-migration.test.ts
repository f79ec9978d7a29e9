import { readdirSync, readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createDatabase, dropDatabase, PG_BASE } from "./support/pg-admin";

const MIGRATION = "20261201101909_actors_members_or_tokens";
const dir = "prisma/migrations";
const sqlOf = (name: string) => readFileSync(`${dir}/${name}/migration.sql`, "utf8");

describe("the migration that separates members from API tokens", () => {
  const name = `ascdash_actors_${randomBytes(3).toString("hex")}`;
  afterAll(() => dropDatabase(name));

  it("moves token ids out of user columns, keeps user ids, and drops ids of nobody", async () => {
    await createDatabase(name);
    const c = new pg.Client({ connectionString: `${PG_BASE}/${name}` });
    await c.connect();
    try {
      const all = readdirSync(dir).filter((d) => /^\d{14}_/.test(d)).sort();
      for (const m of all.slice(0, all.indexOf(MIGRATION))) await c.query(sqlOf(m));

      // Rows as the earlier code wrote them: a token's id, or the admin CLI's "admin-cli", where a user's id belongs.
      await c.query(`
        INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt") VALUES ('u1', 'ann@example.com', 'Ann', 'x', now());
        INSERT INTO "Organization" (id, name, slug, "updatedAt") VALUES ('o1', 'Org', 'org', now());
        INSERT INTO "ApiToken" (id, "organizationId", name, role, "tokenHash", prefix, "createdById") VALUES
          ('t1', 'o1', 'CI bot', 'ADMIN', 'h1', 'ascd_1', 'u1'),
          ('t2', 'o1', 'Nightly', 'EDITOR', 'h2', 'ascd_2', 'admin-cli');
        INSERT INTO "Connection" (id, "organizationId", name, "keyId", fingerprint, "updatedAt", "createdById") VALUES
          ('c1', 'o1', 'By token', 'K1', 'f', now(), 't1'),
          ('c2', 'o1', 'By Ann', 'K2', 'f', now(), 'u1');
        INSERT INTO "SyncRun" (id, "organizationId", "connectionId", kind, trigger, "updatedAt", "createdById") VALUES
          ('r1', 'o1', 'c1', 'FULL', 'api', now(), 't1');
        INSERT INTO "ReplyTemplate" (id, "organizationId", name, body, "updatedAt", "updatedById") VALUES
          ('p1', 'o1', 'Thanks', 'Thanks!', now(), 'gone-user');
        INSERT INTO "AuditEvent" (id, "organizationId", action, "actorId", "actorEmail") VALUES
          ('a1', 'o1', 'connection.created', 't1', 'api-token:CI bot'),
          ('a2', 'o1', 'connection.created', 'u1', 'ann@example.com');
      `);

      await c.query(sqlOf(MIGRATION));

      const rows = async (q: string) => (await c.query(q)).rows;
      expect(await rows(`SELECT id, "createdById", "createdByTokenId" FROM "Connection" ORDER BY id`)).toEqual([
        { id: "c1", createdById: null, createdByTokenId: "t1" },
        { id: "c2", createdById: "u1", createdByTokenId: null },
      ]);
      expect(await rows(`SELECT "createdById", "createdByTokenId" FROM "SyncRun"`)).toEqual([{ createdById: null, createdByTokenId: "t1" }]);
      expect(await rows(`SELECT id, "createdById", "createdByTokenId" FROM "ApiToken" ORDER BY id`)).toEqual([
        { id: "t1", createdById: "u1", createdByTokenId: null },
        { id: "t2", createdById: null, createdByTokenId: null },
      ]);
      expect(await rows(`SELECT "updatedById", "updatedByTokenId" FROM "ReplyTemplate"`)).toEqual([{ updatedById: null, updatedByTokenId: null }]);
      expect(await rows(`SELECT id, "actorId", "actorTokenId", "actorEmail" FROM "AuditEvent" ORDER BY id`)).toEqual([
        { id: "a1", actorId: null, actorTokenId: "t1", actorEmail: "API token “CI bot”" },
        { id: "a2", actorId: "u1", actorTokenId: null, actorEmail: "ann@example.com" },
      ]);

      // From now on a user column takes users only.
      const refused = await c.query(`UPDATE "Connection" SET "createdById" = 't1' WHERE id = 'c2'`).catch((e: { code?: string }) => e);
      expect(refused).toMatchObject({ code: "23503" });
    } finally {
      await c.end();
    }
  });
});
