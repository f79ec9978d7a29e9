import { afterAll, describe, expect, it } from "vitest";
import { createConnection } from "@/lib/connections/mutations";
import { db, getDb } from "@/lib/db/client";
import { getRedis } from "@/lib/redis";
import { salesApps } from "@/lib/sales/apps";
import { addMembership, makeOrg, makeUser } from "@/lib/seed/factories";
import { contextFor } from "./support/context";
import { ascKeyPair, issuerId, keyId } from "./support/keys";

afterAll(async () => {
  await getRedis().quit();
  await getDb().$disconnect();
});

describe("the Sales page's app picker", () => {
  it("lists only the apps of the connections a member is granted, even when the URL names another connection", async () => {
    const owner = await makeUser();
    const org = await makeOrg(owner);
    const ownerCtx = await contextFor(org.id, owner.id);
    const [clientA, clientB] = await Promise.all(
      ["Client A", "Client B"].map((name) => createConnection(ownerCtx, { name, issuerId: issuerId(), keyId: keyId(), privateKey: ascKeyPair().privateKey })),
    );
    for (const [c, sku] of [[clientA, "A-APP"], [clientB, "B-SECRET"]] as const) {
      await db.syncedApp.create({ data: { organizationId: org.id, connectionId: c.id, appleId: `${sku}-id`, name: `${sku} name`, bundleId: `com.example.${sku}`, sku, primaryLocale: "en-US" } });
    }
    const agent = await makeUser();
    const m = await addMembership(org.id, agent.id, "VIEWER");
    await db.membership.update({ where: { id: m.id }, data: { restrictConnections: true } });
    await db.connectionGrant.create({ data: { organizationId: org.id, membershipId: m.id, connectionId: clientA.id } });
    const agentCtx = await contextFor(org.id, agent.id);
    const range = { from: "2026-11-01", to: "2026-11-30" };

    expect(await salesApps(agentCtx, range)).toEqual([{ sku: "A-APP", name: "A-APP name" }]);
    // Client B's id in the URL narrows nothing open to them: no name or SKU of B's apps.
    expect(await salesApps(agentCtx, { ...range, connection: clientB.id })).toEqual([]);
    // The owner, who may see both, gets B's app when asking for B.
    expect(await salesApps(ownerCtx, { ...range, connection: clientB.id })).toEqual([{ sku: "B-SECRET", name: "B-SECRET name" }]);
  });
});
