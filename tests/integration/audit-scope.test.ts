import { afterAll, describe, expect, it } from "vitest";
import { listAccountActivity } from "@/lib/account/activity";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { listAuditEvents, ZAuditFilter } from "@/lib/audit/queries";
import { recordAudit } from "@/lib/audit/record";
import { changePassword } from "@/lib/auth/change-password";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { createConnection, updateConnection } from "@/lib/connections/mutations";
import { db, getDb } from "@/lib/db/client";
import { acceptInvitation, createInvitation } from "@/lib/invitations/mutations";
import { updateMember } from "@/lib/members/mutations";
import { renameOrg } from "@/lib/orgs/mutations";
import { getRedis } from "@/lib/redis";
import { assignReview } from "@/lib/reviews/assign";
import { addMembership, DEFAULT_PASSWORD, makeOrg, makeUser } from "@/lib/seed/factories";
import type { OrgContext } from "@/lib/tenancy/context";
import { contextFor } from "./support/context";
import { ascKeyPair, issuerId, keyId } from "./support/keys";

afterAll(async () => {
  await getRedis().quit();
  await getDb().$disconnect();
});

/** Everything the audit log answers this member, as the page and the API get it. */
async function auditOf(ctx: OrgContext) {
  return (await listAuditEvents(ctx, ZAuditFilter.parse({ limit: 200 }))).events;
}

const VICTIM_BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

describe("account events", () => {
  it("never reach an organisation's audit log, even one the user was invited into; the user alone sees them", async () => {
    const attacker = await makeUser();
    const attackerOrg = await makeOrg(attacker);
    const attackerCtx = await contextFor(attackerOrg.id, attacker.id);
    const victim = await makeUser();
    const victimOrg = await makeOrg(victim);

    const inv = await createInvitation(attackerCtx, { role: "VIEWER" });
    await acceptInvitation(inv.url.split("/invite/")[1], victim);
    const client = { ip: "198.51.100.77", userAgent: VICTIM_BROWSER };
    await signInWithPassword({ email: victim.email, password: DEFAULT_PASSWORD }, client);
    await signInWithPassword({ email: victim.email, password: "not the password at all" }, { ip: "198.51.100.78", userAgent: "curl/8.5.0" }).catch(() => null);
    await changePassword(victim, { currentPassword: DEFAULT_PASSWORD, newPassword: "another long passphrase" }, client);

    for (const ctx of [attackerCtx, await contextFor(victimOrg.id, victim.id)]) {
      const events = await auditOf(ctx);
      expect(events.map((e) => e.action)).toContain("org.created");
      expect(events.filter((e) => e.action.startsWith("auth."))).toEqual([]);
      expect(JSON.stringify(events)).not.toContain("198.51.100.7");
      expect(JSON.stringify(events)).not.toContain("Firefox/133.0");
    }
    // The invitation's acceptance is the organisation's own event and stays in its log.
    expect((await auditOf(attackerCtx)).filter((e) => e.action === "member.joined" && e.targetLabel === victim.email)).toHaveLength(1);

    const mine = await listAccountActivity(victim.id);
    expect(mine.map((e) => [e.action, e.ip, e.browser])).toEqual([
      ["auth.password_changed", "198.51.100.77", "Firefox 133 on Linux"],
      ["auth.sign_in_failed", "198.51.100.78", "curl 8.5.0"],
      ["auth.sign_in", "198.51.100.77", "Firefox 133 on Linux"],
    ]);
    expect(mine[2].label).toBe("Signed in");
    expect(JSON.stringify(await listAccountActivity(attacker.id))).not.toContain("198.51.100.7");
  });
});

describe("a member limited to some connections", () => {
  /** An agency organisation serving two clients, with events about each and about the organisation. */
  async function agency() {
    const owner = await makeUser();
    const org = await makeOrg(owner);
    const ownerCtx = await contextFor(org.id, owner.id);
    const conns: { id: string; name: string }[] = [];
    for (const name of ["Alpha Client Co", "Bravo Client Co"]) {
      conns.push(await createConnection(ownerCtx, { name, issuerId: issuerId(), keyId: keyId(), privateKey: ascKeyPair().privateKey }));
    }
    const [a, b] = conns;
    const limited = await makeUser();
    const limitedMember = await addMembership(org.id, limited.id, "ADMIN");
    const full = await makeUser();
    await addMembership(org.id, full.id, "ADMIN");
    await updateMember(ownerCtx, limitedMember.id, { restrictConnections: true, connectionIds: [a.id] });

    for (const c of conns) {
      await updateConnection(ownerCtx, c.id, { name: `${c.name} Renamed` });
      const app = await db.syncedApp.create({
        data: { organizationId: org.id, connectionId: c.id, appleId: `app-${c.id}`, name: `${c.name.split(" ")[0]} App`, bundleId: `com.example.${c.id}`, sku: `SKU-${c.id}`, primaryLocale: "en-US" },
      });
      const review = await db.syncedReview.create({
        data: { organizationId: org.id, connectionId: c.id, appId: app.id, appleId: `rev-${c.id}`, rating: 4, createdDate: new Date("2026-06-01T00:00:00Z") },
      });
      await assignReview(ownerCtx, review.id, owner.id);
      await createApiToken(ownerCtx, { name: `${c.name.split(" ")[0]} CI`, role: "VIEWER", connectionIds: [c.id] });
      // An app event from before events recorded their connection: its connection is unknown.
      await recordAudit({ organizationId: org.id, action: "metadata.pushed", actor: owner, target: { type: "app", id: app.id, label: `${c.name.split(" ")[0]} Legacy App` } });
    }
    await createApiToken(ownerCtx, { name: "Everything CI", role: "VIEWER" });
    await createInvitation(ownerCtx, { role: "VIEWER", email: "newcomer@example.test" });
    await renameOrg(ownerCtx, "Agency Renamed");
    return { org, a, b, limitedCtx: await contextFor(org.id, limited.id), fullCtx: await contextFor(org.id, full.id) };
  }

  it("reads only events about their connections and the organisation; an unrestricted admin reads them all", async () => {
    const { a, b, limitedCtx, fullCtx } = await agency();

    const limited = await auditOf(limitedCtx);
    const text = JSON.stringify(limited);
    expect(text).not.toContain("Bravo");
    expect(text).not.toContain(b.id);
    expect(text).not.toContain("Everything CI");
    expect(text).not.toContain("newcomer@example.test");
    expect(text).not.toContain("Legacy App");
    const seen = limited.map((e) => `${e.action} ${e.targetLabel ?? ""}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        "connection.created Alpha Client Co",
        "connection.renamed Alpha Client Co Renamed",
        "review.assigned Alpha App",
        "api_token.created Alpha CI",
        "org.renamed Agency Renamed",
      ]),
    );
    // Whose access covers which connection lists connection ids: not for a limited member.
    expect(limited.map((e) => e.action)).not.toContain("member.access_changed");
    expect(limited.map((e) => e.action)).not.toContain("invitation.created");
    expect(limited.every((e) => e.action !== "connection.created" || e.targetLabel === a.name)).toBe(true);

    const all = JSON.stringify(await auditOf(fullCtx));
    for (const s of ["Alpha Client Co", "Bravo Client Co Renamed", "Bravo App", "Bravo CI", "Everything CI", "newcomer@example.test", "Bravo Legacy App", "member.access_changed"]) {
      expect(all).toContain(s);
    }
  });

  it("sees only organisation-wide events when granted no connection", async () => {
    const owner = await makeUser();
    const org = await makeOrg(owner);
    const ownerCtx = await contextFor(org.id, owner.id);
    await createConnection(ownerCtx, { name: "Charlie Client Co", issuerId: issuerId(), keyId: keyId(), privateKey: ascKeyPair().privateKey });
    const limited = await makeUser();
    const m = await addMembership(org.id, limited.id, "ADMIN");
    await updateMember(ownerCtx, m.id, { restrictConnections: true, connectionIds: [] });
    const events = await auditOf(await contextFor(org.id, limited.id));
    expect(events.map((e) => e.action)).toEqual(["org.created"]);
  });
});
