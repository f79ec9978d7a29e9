import { afterAll, describe, expect, it } from "vitest";
import { db, getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { acceptInvitation, createInvitation, describeInvitation, revokeInvitation } from "@/lib/invitations/mutations";
import { removeMember, updateMember } from "@/lib/members/mutations";
import { deleteOrg, renameOrg } from "@/lib/orgs/mutations";
import { getRedis } from "@/lib/redis";
import { makeOrg, makeOrgWithRoles, makeUser } from "@/lib/seed/factories";
import { allowedConnectionIds, assertConnectionAccess, connectionScopedWhere } from "@/lib/tenancy/scope";
import { contextFor } from "./support/context";
import { failure } from "./support/failure";

afterAll(async () => {
  await getRedis().quit();
  await getDb().$disconnect();
});

describe("invitations", () => {
  it("store only a hash, grant the chosen role, and work once", async () => {
    const { org, members } = await makeOrgWithRoles("inv");
    const ctx = await contextFor(org.id, members.ADMIN.id);
    const inv = await createInvitation(ctx, { role: "SUPPORT" });
    const token = inv.url.split("/invite/")[1];
    const row = await db.invitation.findUniqueOrThrow({ where: { id: inv.id }, select: { tokenHash: true } });
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.tokenHash).not.toContain(token);

    const joiner = await makeUser();
    const other = await makeUser();
    const results = await Promise.allSettled([acceptInvitation(token, joiner), acceptInvitation(token, other)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((rejected.reason as AppError).publicMessage).toMatch(/already been used/);
    expect(await db.membership.count({ where: { organizationId: org.id, role: "SUPPORT", userId: { in: [joiner.id, other.id] } } })).toBe(1);
    expect((await describeInvitation(token)).problem).toMatch(/already been used/);
  });

  it("explain expired, withdrawn and forged links, and add nobody", async () => {
    const { org, members } = await makeOrgWithRoles("inv2");
    const ctx = await contextFor(org.id, members.OWNER.id);
    const expired = await createInvitation(ctx, { role: "VIEWER" });
    await db.invitation.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const withdrawn = await createInvitation(ctx, { role: "VIEWER" });
    await revokeInvitation(ctx, withdrawn.id);
    const u = await makeUser();
    const before = await db.membership.count({ where: { organizationId: org.id } });
    for (const [url, msg] of [
      [expired.url, /expired/],
      [withdrawn.url, /withdrawn/],
      ["x/invite/forged-token-value", /not valid/],
    ] as const) {
      const e = await failure(acceptInvitation(url.split("/invite/")[1], u), AppError);
      expect(e.publicMessage).toMatch(msg);
      expect(e.field).toBe("token");
    }
    expect(await db.membership.count({ where: { organizationId: org.id } })).toBe(before);
  });

  it("only owners invite owners", async () => {
    const { org, members } = await makeOrgWithRoles("inv3");
    const e = await failure(createInvitation(await contextFor(org.id, members.ADMIN.id), { role: "OWNER" }), AppError);
    expect(e.code).toBe("forbidden");
    await expect(createInvitation(await contextFor(org.id, members.OWNER.id), { role: "OWNER" })).resolves.toBeTruthy();
  });
});

describe("members", () => {
  it("keep at least one owner: the last owner can be neither demoted nor removed", async () => {
    const { org, members } = await makeOrgWithRoles("owners");
    const ctx = await contextFor(org.id, members.OWNER.id);
    const demote = await failure(updateMember(ctx, members.OWNER.membershipId, { role: "ADMIN" }), AppError);
    expect(demote.code).toBe("conflict");
    const remove = await failure(removeMember(ctx, members.OWNER.membershipId), AppError);
    expect(remove.publicMessage).toMatch(/at least one owner/);
    // With a second owner, the first may step down.
    await updateMember(ctx, members.ADMIN.membershipId, { role: "OWNER" });
    await expect(updateMember(ctx, members.OWNER.membershipId, { role: "ADMIN" })).resolves.toMatchObject({ role: "ADMIN" });
  });

  it("let admins manage non-owners but never owners", async () => {
    const { org, members } = await makeOrgWithRoles("admins");
    const admin = await contextFor(org.id, members.ADMIN.id);
    await expect(updateMember(admin, members.VIEWER.membershipId, { role: "EDITOR" })).resolves.toMatchObject({ role: "EDITOR" });
    expect((await failure(updateMember(admin, members.EDITOR.membershipId, { role: "OWNER" }), AppError)).code).toBe("forbidden");
    expect((await failure(removeMember(admin, members.OWNER.membershipId), AppError)).code).toBe("forbidden");
    expect((await failure(updateMember(admin, members.ADMIN.membershipId, { role: "VIEWER" }), AppError)).code).toBe("forbidden");
    const roleEvents = await db.auditEvent.findMany({ where: { organizationId: org.id, action: "member.role_changed" }, select: { metadata: true, actorEmail: true } });
    expect(roleEvents).toEqual([{ metadata: { from: "VIEWER", to: "EDITOR" }, actorEmail: members.ADMIN.email }]);
  });

  it("cannot reach a member of another organisation by id", async () => {
    const a = await makeOrgWithRoles("tenantA");
    const b = await makeOrgWithRoles("tenantB");
    const ctxB = await contextFor(b.org.id, b.members.OWNER.id);
    expect((await failure(updateMember(ctxB, a.members.VIEWER.membershipId, { role: "ADMIN" }), AppError)).code).toBe("not_found");
    expect((await failure(removeMember(ctxB, a.members.VIEWER.membershipId), AppError)).code).toBe("not_found");
    expect((await failure(revokeInvitation(ctxB, (await createInvitation(await contextFor(a.org.id, a.members.OWNER.id), { role: "VIEWER" })).id), AppError)).code).toBe("not_found");
    expect(await db.membership.findUniqueOrThrow({ where: { id: a.members.VIEWER.membershipId }, select: { role: true } })).toEqual({ role: "VIEWER" });
  });
});

describe("agency-style connection grants", () => {
  it("limit a restricted member to the connections granted", async () => {
    const { org, members } = await makeOrgWithRoles("agency");
    const admin = await contextFor(org.id, members.ADMIN.id);
    expect(await allowedConnectionIds(await contextFor(org.id, members.EDITOR.id))).toBe("all");
    await updateMember(admin, members.EDITOR.membershipId, { restrictConnections: true, connectionIds: ["conn_client_a", "conn_client_a", "conn_client_b"] });
    const editor = await contextFor(org.id, members.EDITOR.id);
    expect((await allowedConnectionIds(editor)) as string[]).toEqual(expect.arrayContaining(["conn_client_a", "conn_client_b"]));
    expect(await connectionScopedWhere(editor)).toEqual({ organizationId: org.id, connectionId: { in: expect.arrayContaining(["conn_client_a", "conn_client_b"]) } });
    await expect(assertConnectionAccess(editor, "conn_client_a")).resolves.toBeUndefined();
    expect((await failure(assertConnectionAccess(editor, "conn_client_c"), AppError)).code).toBe("not_found");
    await updateMember(admin, members.EDITOR.membershipId, { connectionIds: [] });
    expect(await allowedConnectionIds(await contextFor(org.id, members.EDITOR.id))).toEqual([]);
  });
});

describe("limited members", () => {
  it("cannot widen their own access, anyone else's, or invite", async () => {
    const { org, members } = await makeOrgWithRoles("limited");
    const owner = await contextFor(org.id, members.OWNER.id);
    await updateMember(owner, members.ADMIN.membershipId, { restrictConnections: true, connectionIds: ["conn_a"] });
    const admin = await contextFor(org.id, members.ADMIN.id);
    expect((await failure(updateMember(admin, members.ADMIN.membershipId, { restrictConnections: false }), AppError)).code).toBe("forbidden");
    expect((await failure(updateMember(admin, members.VIEWER.membershipId, { connectionIds: ["conn_b"] }), AppError)).code).toBe("forbidden");
    expect((await failure(createInvitation(admin, { role: "ADMIN" }), AppError)).publicMessage).toMatch(/cannot invite/);
    expect(await allowedConnectionIds(await contextFor(org.id, members.ADMIN.id))).toEqual(["conn_a"]);
  });

  it("an unrestricted admin still cannot change their own access", async () => {
    const { org, members } = await makeOrgWithRoles("selfaccess");
    const admin = await contextFor(org.id, members.ADMIN.id);
    expect((await failure(updateMember(admin, members.ADMIN.membershipId, { restrictConnections: true }), AppError)).publicMessage).toMatch(/own access/);
  });

  it("acts on the role the actor has now, not the one loaded with the request", async () => {
    const { org, members } = await makeOrgWithRoles("stale");
    const staleOwner = await contextFor(org.id, members.ADMIN.id);
    staleOwner.membership.role = "OWNER"; // as if loaded just before a demotion
    expect((await failure(updateMember(staleOwner, members.EDITOR.membershipId, { role: "OWNER" }), AppError)).code).toBe("forbidden");
  });
});

describe("organisations", () => {
  it("rename with an audit entry, and delete only with the exact name", async () => {
    const owner = await makeUser();
    const org = await makeOrg(owner, "Before");
    const ctx = await contextFor(org.id, owner.id);
    await renameOrg(ctx, "After");
    const renamed = await contextFor(org.id, owner.id);
    const e = await failure(deleteOrg(renamed, "before"), AppError);
    expect(e.field).toBe("confirmName");
    expect(await db.organization.count({ where: { id: org.id } })).toBe(1);
    await deleteOrg(renamed, "After");
    expect(await db.organization.count({ where: { id: org.id } })).toBe(0);
    expect(await db.membership.count({ where: { organizationId: org.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { action: "org.deleted", targetId: org.id, organizationId: null } })).toBe(1);
  });
});
