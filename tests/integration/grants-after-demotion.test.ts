import { afterAll, describe, expect, it } from "vitest";
import { authenticateApiToken } from "@/lib/api-tokens/authenticate";
import { createApiToken, revokeApiToken } from "@/lib/api-tokens/mutations";
import { listApiTokens } from "@/lib/api-tokens/queries";
import { settled } from "@/lib/background";
import { db, getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { createInvitation, describeInvitation, revokeInvitation } from "@/lib/invitations/mutations";
import { listPendingInvitations } from "@/lib/invitations/queries";
import { removeMember, updateMember } from "@/lib/members/mutations";
import { getRedis } from "@/lib/redis";
import { makeOrgWithRoles } from "@/lib/seed/factories";
import { contextFor } from "./support/context";
import { failure } from "./support/failure";

afterAll(async () => {
  await getRedis().quit();
  await getDb().$disconnect();
});

const client = { ip: "203.0.113.9", userAgent: "vitest" };
const secretOf = (url: string) => url.split("/invite/")[1];

async function connection(orgId: string, name: string) {
  return db.connection.create({
    data: { organizationId: orgId, name, keyId: `K${Math.random().toString(36).slice(2, 12).toUpperCase()}`, fingerprint: "00" },
    select: { id: true },
  });
}

async function works(token: string) {
  return authenticateApiToken(`Bearer ${token}`, client).then(() => true, (e: unknown) => {
    if (e instanceof AppError && e.code === "unauthenticated") return false;
    throw e;
  });
}

async function auditActions(orgId: string, targetId: string) {
  const rows = await db.auditEvent.findMany({ where: { organizationId: orgId, targetId }, select: { action: true, metadata: true } });
  return rows.map((r) => r.action);
}

describe("tokens and invitations after their creator loses rights", () => {
  it("demoting an admin to editor revokes the admin's API tokens and pending invitations, with audit entries", async () => {
    const { org, members } = await makeOrgWithRoles("demote");
    const admin = await contextFor(org.id, members.ADMIN.id);
    const owner = await contextFor(org.id, members.OWNER.id);
    const tok = await createApiToken(admin, { name: "CI", role: "VIEWER" });
    const inv = await createInvitation(admin, { role: "VIEWER" });
    const ownersToken = await createApiToken(owner, { name: "Owner CI", role: "ADMIN" });
    expect(await works(tok.token)).toBe(true);

    await updateMember(owner, members.ADMIN.membershipId, { role: "EDITOR" });

    expect(await works(tok.token)).toBe(false);
    expect((await describeInvitation(secretOf(inv.url))).problem).toMatch(/withdrawn/);
    expect(await works(ownersToken.token)).toBe(true);
    expect(await auditActions(org.id, tok.id)).toContain("api_token.revoked_with_creator");
    expect(await auditActions(org.id, inv.id)).toContain("invitation.revoked_with_creator");
  });

  it("an owner stepping down to admin loses pending owner invitations and keeps the rest", async () => {
    const { org, members } = await makeOrgWithRoles("stepdown");
    const owner = await contextFor(org.id, members.OWNER.id);
    await updateMember(owner, members.ADMIN.membershipId, { role: "OWNER" });
    const ownerInvite = await createInvitation(owner, { role: "OWNER" });
    const adminInvite = await createInvitation(owner, { role: "ADMIN" });
    const tok = await createApiToken(owner, { name: "CI", role: "ADMIN" });
    const second = await contextFor(org.id, members.ADMIN.id);

    await updateMember(second, members.OWNER.membershipId, { role: "ADMIN" });

    expect((await describeInvitation(secretOf(ownerInvite.url))).problem).toMatch(/withdrawn/);
    expect((await describeInvitation(secretOf(adminInvite.url))).problem).toBeNull();
    expect(await works(tok.token)).toBe(true);
  });

  it("removing a member, or a member leaving, revokes their API tokens and pending invitations", async () => {
    const { org, members } = await makeOrgWithRoles("remove");
    const owner = await contextFor(org.id, members.OWNER.id);
    const admin = await contextFor(org.id, members.ADMIN.id);
    const removedTok = await createApiToken(admin, { name: "Removed CI", role: "EDITOR" });
    const removedInv = await createInvitation(admin, { role: "EDITOR", email: "friend@example.test" });
    await removeMember(owner, members.ADMIN.membershipId);
    expect(await works(removedTok.token)).toBe(false);
    expect((await describeInvitation(secretOf(removedInv.url))).problem).toMatch(/withdrawn/);

    // A second owner leaves on their own.
    await updateMember(owner, members.EDITOR.membershipId, { role: "OWNER" });
    const leaver = await contextFor(org.id, members.EDITOR.id);
    const leaverTok = await createApiToken(leaver, { name: "Leaver CI", role: "VIEWER" });
    const leaverInv = await createInvitation(leaver, { role: "OWNER" });
    await removeMember(leaver, members.EDITOR.membershipId);
    expect(await works(leaverTok.token)).toBe(false);
    expect((await describeInvitation(secretOf(leaverInv.url))).problem).toMatch(/withdrawn/);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { organizationId: org.id, targetId: leaverTok.id, action: "api_token.revoked_with_creator" }, select: { metadata: true } });
    expect(audit.metadata).toMatchObject({ reason: "creator_left" });
  });

  it("limiting a member to some connections narrows their tokens to those connections and revokes the ones left with none", async () => {
    const { org, members } = await makeOrgWithRoles("narrow");
    const [a, b, c] = [await connection(org.id, "Client A"), await connection(org.id, "Client B"), await connection(org.id, "Client C")];
    const owner = await contextFor(org.id, members.OWNER.id);
    const admin = await contextFor(org.id, members.ADMIN.id);
    const all = await createApiToken(admin, { name: "All", role: "EDITOR" });
    const ab = await createApiToken(admin, { name: "AB", role: "EDITOR", connectionIds: [a.id, b.id] });
    const onlyC = await createApiToken(admin, { name: "C", role: "EDITOR", connectionIds: [c.id] });
    const inv = await createInvitation(admin, { role: "VIEWER" });

    await updateMember(owner, members.ADMIN.membershipId, { restrictConnections: true, connectionIds: [a.id] });

    expect((await authenticateApiToken(`Bearer ${all.token}`, client)).actor).toMatchObject({ connectionIds: [a.id] });
    expect((await authenticateApiToken(`Bearer ${ab.token}`, client)).actor).toMatchObject({ connectionIds: [a.id] });
    expect(await works(onlyC.token)).toBe(false);
    // A newcomer would join with every connection, more than the inviter has now.
    expect((await describeInvitation(secretOf(inv.url))).problem).toMatch(/withdrawn/);
    expect(await auditActions(org.id, all.id)).toContain("api_token.narrowed");

    // Losing a granted connection later narrows again.
    await updateMember(owner, members.ADMIN.membershipId, { connectionIds: [b.id] });
    expect(await works(all.token)).toBe(false);
  });
});

describe("who created a token, and when it was last used", () => {
  it("the token list names the creator and the last use", async () => {
    const { org, members } = await makeOrgWithRoles("creator");
    const admin = await contextFor(org.id, members.ADMIN.id);
    const tok = await createApiToken(admin, { name: "Release", role: "VIEWER" });
    await authenticateApiToken(`Bearer ${tok.token}`, client);
    await settled();
    const listed = (await listApiTokens(await contextFor(org.id, members.OWNER.id))).find((t) => t.id === tok.id);
    expect(listed).toMatchObject({ createdBy: { name: members.ADMIN.email.split("@")[0], email: members.ADMIN.email } });
    expect(listed?.lastUsedAt).toBeInstanceOf(Date);
  });
});

describe("admins limited to some connections", () => {
  it("see and revoke only tokens within their connections, and no invitations; others answer 404", async () => {
    const { org, members } = await makeOrgWithRoles("agencyadm");
    const [a, b] = [await connection(org.id, "Client A"), await connection(org.id, "Client B")];
    const owner = await contextFor(org.id, members.OWNER.id);
    const unrestricted = await createApiToken(owner, { name: "Everything", role: "VIEWER" });
    const mine = await createApiToken(owner, { name: "Client A CI", role: "VIEWER", connectionIds: [a.id] });
    const both = await createApiToken(owner, { name: "A and B", role: "VIEWER", connectionIds: [a.id, b.id] });
    const otherClient = await createApiToken(owner, { name: "Client B CI", role: "VIEWER", connectionIds: [b.id] });
    const inv = await createInvitation(owner, { role: "VIEWER" });
    await updateMember(owner, members.ADMIN.membershipId, { restrictConnections: true, connectionIds: [a.id] });
    const admin = await contextFor(org.id, members.ADMIN.id);

    expect((await listApiTokens(admin)).map((t) => t.name)).toEqual(["Client A CI"]);
    for (const t of [unrestricted, both, otherClient]) {
      expect((await failure(revokeApiToken(admin, t.id), AppError)).code).toBe("not_found");
      expect(await works(t.token)).toBe(true);
    }
    await revokeApiToken(admin, mine.id);
    expect(await works(mine.token)).toBe(false);

    expect(await listPendingInvitations(admin)).toEqual([]);
    expect((await failure(revokeInvitation(admin, inv.id), AppError)).code).toBe("not_found");
    expect((await describeInvitation(secretOf(inv.url))).problem).toBeNull();

    // They may create tokens only within their connections.
    expect((await failure(createApiToken(admin, { name: "Wide", role: "VIEWER" }), AppError)).code).toBe("forbidden");
    expect((await failure(createApiToken(admin, { name: "B", role: "VIEWER", connectionIds: [b.id] }), AppError)).code).toBe("forbidden");
    await expect(createApiToken(admin, { name: "A again", role: "VIEWER", connectionIds: [a.id] })).resolves.toMatchObject({ connectionIds: [a.id] });
  });
});
