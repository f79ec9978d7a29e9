import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, describe, expect, it, vi } from "vitest";
import { authenticateApiToken } from "@/lib/api-tokens/authenticate";
import { createApiToken, revokeApiToken } from "@/lib/api-tokens/mutations";
import { cachesListening } from "@/lib/cache/announced";
import { flushAudits } from "@/lib/audit/buffer";
import { mintToken } from "@/lib/connections/mint";
import { createConnection, deleteConnection } from "@/lib/connections/mutations";
import { db, getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { getRedis } from "@/lib/redis";
import { makeOrgWithRoles } from "@/lib/seed/factories";
import { contextFor } from "./support/context";
import { failure } from "./support/failure";
import { ascKeyPair, issuerId, keyId } from "./support/keys";

const client = { ip: "198.51.100.7", userAgent: "ci" };
const run = promisify(execFile);

afterAll(async () => {
  await getDb().$disconnect();
  getRedis().disconnect();
});

async function cachedToken(label: string) {
  const { org, members } = await makeOrgWithRoles(label);
  const admin = await contextFor(org.id, members.ADMIN.id);
  const tok = await createApiToken(admin, { name: "CI", role: "EDITOR" });
  await cachesListening();
  // Accepted, and from now on answered from this process's cache.
  await authenticateApiToken(`Bearer ${tok.token}`, client);
  await authenticateApiToken(`Bearer ${tok.token}`, client);
  return { org, admin, adminId: members.ADMIN.id, tok };
}

/** Polls the token for up to one second; resolves when it is refused. */
async function refusedWithinOneSecond(token: string) {
  await vi.waitFor(async () => expect((await failure(authenticateApiToken(`Bearer ${token}`, client), AppError)).code).toBe("unauthenticated"), { timeout: 1_000, interval: 50 });
}

describe("API tokens answered from the cache", () => {
  it("are refused within a second of a revocation made in this process", async () => {
    const { admin, tok } = await cachedToken("cache-here");
    await revokeApiToken(admin, tok.id);
    await refusedWithinOneSecond(tok.token);
  });

  it("are refused within a second of a revocation made by another process", async () => {
    const { org, adminId, tok } = await cachedToken("cache-elsewhere");
    await run(process.execPath, ["--import", "tsx", "tests/integration/support/revoke-token-elsewhere.ts", org.id, adminId, tok.id], { env: process.env });
    expect(await db.apiToken.findUniqueOrThrow({ where: { id: tok.id }, select: { revokedAt: true } })).toMatchObject({ revokedAt: expect.any(Date) });
    await refusedWithinOneSecond(tok.token);
  });

  it("the broker refuses a connection as soon as it is deleted", async () => {
    const { admin, tok } = await cachedToken("cache-connection");
    const conn = await createConnection(admin, { name: "Doomed", issuerId: issuerId(), keyId: keyId(), privateKey: ascKeyPair().privateKey });
    const ci = await authenticateApiToken(`Bearer ${tok.token}`, client);
    await mintToken(ci, conn.id, {});
    await mintToken(ci, conn.id, {});
    await deleteConnection(admin, conn.id);
    expect((await failure(mintToken(ci, conn.id, {}), AppError)).code).toBe("not_found");
  });

  it("records every mint in the audit log, written in batches", async () => {
    const { org, admin, tok } = await cachedToken("mint-audits");
    const conn = await createConnection(admin, { name: "Batch", issuerId: issuerId(), keyId: keyId(), privateKey: ascKeyPair().privateKey });
    const ci = await authenticateApiToken(`Bearer ${tok.token}`, client);
    await Promise.all([1, 2, 3, 4, 5].map(() => mintToken(ci, conn.id, {})));
    await flushAudits();
    const events = await db.auditEvent.findMany({ where: { organizationId: org.id, action: "token.minted" }, select: { actorId: true, actorTokenId: true, actorEmail: true, targetId: true, ip: true } });
    expect(events).toHaveLength(5);
    expect(events[0]).toEqual({ actorId: null, actorTokenId: tok.id, actorEmail: "API token “CI”", targetId: conn.id, ip: client.ip });
  });
});
