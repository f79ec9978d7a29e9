import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { saveDrafts } from "@/lib/metadata/drafts";
import { metadataGrid } from "@/lib/metadata/grid";
import { pushDrafts } from "@/lib/metadata/push";
import { appMetadataSummaries } from "@/lib/metadata/summary";
import { AscSimulator } from "../asc-sim/server";
import { simulatorForFile } from "./support/simulator";
import { prepareSyncEnv } from "./support/sync-env";
import { syncedMetadataAccount } from "./support/synced-account";

const port = await prepareSyncEnv("mderr");
const sim = new AscSimulator({ seed: 53, sizes: { apps: 2, reviewsPerApp: 1, locales: 3 } });
simulatorForFile(sim, { port });

const syncedAccount = () => syncedMetadataAccount(sim);

describe("metadata push when App Store Connect says no, and the apps overview", () => {
  it("answers a refused key with a conflict that says nothing was pushed, and keeps the drafts", async () => {
    const { conn, ctx, apps } = await syncedAccount();
    const appId = apps[0].id;
    const en = (await metadataGrid(ctx, appId)).rows[0];
    await saveDrafts(ctx, appId, { edits: [{ localizationId: en.cells.keywords!.localizationId, field: "keywords", value: "refused,key" }] });
    sim.revokeKey(conn.issuerId, conn.keyId);
    await expect(pushDrafts(ctx, appId, {})).rejects.toMatchObject({ code: "conflict", status: 409, publicMessage: expect.stringMatching(/^Nothing was pushed\. App Store Connect refused the key/) });
    expect(await db.metadataDraft.count({ where: { appId } })).toBe(1);
  });

  it("counts each app's locales of the version being prepared (else the newest) and its drafts", async () => {
    const { ctx, apps } = await syncedAccount();
    const [even, odd] = [apps.find((a) => a.appleId === sim.state.apps[0].id)!, apps.find((a) => a.appleId === sim.state.apps[1].id)!];
    const grid = await metadataGrid(ctx, even.id);
    await saveDrafts(ctx, even.id, { edits: grid.rows.slice(0, 2).map((r) => ({ localizationId: r.cells.promotionalText!.localizationId, field: "promotionalText" as const, value: `New ${r.locale}` })) });
    const summaries = await appMetadataSummaries(ctx);
    expect(summaries.get(even.id)).toEqual({ versionString: "1.1", appStoreState: "PREPARE_FOR_SUBMISSION", locales: 3, pendingDrafts: 2 });
    // The odd app's 1.1 is in review: the newest version counts.
    expect(summaries.get(odd.id)).toEqual({ versionString: "1.1", appStoreState: "WAITING_FOR_REVIEW", locales: 3, pendingDrafts: 0 });
    // Another organisation sees none of it.
    const other = await syncedAccount();
    expect([...(await appMetadataSummaries(other.ctx)).keys()].sort()).toEqual(other.apps.map((a) => a.id).sort());
  });
});
