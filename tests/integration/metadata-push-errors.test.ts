import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { saveDrafts } from "@/lib/metadata/drafts";
import { metadataGrid } from "@/lib/metadata/grid";
import { pushDrafts } from "@/lib/metadata/push";
import { addLocale } from "@/lib/metadata/locales";
import { appMetadataSummaries } from "@/lib/metadata/summary";
import { syncTarget } from "@/lib/sync/connection";
import { syncMetadata } from "@/lib/sync/metadata";
import { AscSimulator } from "../asc-sim/server";
import { moveVersion } from "../asc-sim/version-states";
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
    sim.revokeKey(conn.issuerId!, conn.keyId);
    await expect(pushDrafts(ctx, appId, {})).rejects.toMatchObject({ code: "conflict", status: 409, publicMessage: expect.stringMatching(/^Nothing was pushed\. App Store Connect refused the key/) });
    expect(await db.metadataDraft.count({ where: { appId } })).toBe(1);
  });

  it("counts each app's locales of the version being prepared (else the newest) and its drafts", async () => {
    const { ctx, apps } = await syncedAccount();
    const [even, odd] = [apps.find((a) => a.appleId === sim.state.apps[0].id)!, apps.find((a) => a.appleId === sim.state.apps[1].id)!];
    const grid = await metadataGrid(ctx, even.id);
    await saveDrafts(ctx, even.id, { edits: grid.rows.slice(0, 2).map((r) => ({ localizationId: r.cells.promotionalText!.localizationId, field: "promotionalText" as const, value: `New ${r.locale}` })) });
    const summaries = await appMetadataSummaries(ctx);
    expect(summaries.get(even.id)).toEqual({ versionString: "1.1", appStoreState: "PREPARE_FOR_SUBMISSION", appVersionState: "PREPARE_FOR_SUBMISSION", locales: 3, pendingDrafts: 2 });
    // The odd app's 1.1 is in review: the newest version counts.
    expect(summaries.get(odd.id)).toEqual({ versionString: "1.1", appStoreState: "WAITING_FOR_REVIEW", appVersionState: "WAITING_FOR_REVIEW", locales: 3, pendingDrafts: 0 });
    // Another organisation sees none of it.
    const other = await syncedAccount();
    expect([...(await appMetadataSummaries(other.ctx)).keys()].sort()).toEqual(other.apps.map((a) => a.id).sort());
  });

  it("names each refused field when Apple refuses name and subtitle because the app information went to review, then shows them read-only", async () => {
    const { conn, ctx, apps } = await syncedAccount();
    const app = apps.find((a) => a.appleId === sim.state.apps[0].id)!;
    const en = (await metadataGrid(ctx, app.id)).rows.find((r) => r.locale === "en-US")!;
    await saveDrafts(ctx, app.id, { edits: [
      { localizationId: en.cells.name!.localizationId, field: "name", value: "Snap Studio" },
      { localizationId: en.cells.subtitle!.localizationId, field: "subtitle", value: "Edit photos fast" },
    ] });
    // Submitted in App Store Connect after our last sync: the app info being prepared is now in review.
    const v2 = `${app.appleId}-v2`;
    moveVersion(sim.state, v2, "WAITING_FOR_REVIEW");
    try {
      const report = await pushDrafts(ctx, app.id, {});
      expect(report.pushed).toEqual([]);
      expect(report.failed.map((f) => [f.field, f.code, f.message]).sort()).toEqual([
        ["name", "ENTITY_ERROR.ATTRIBUTE.INVALID.INVALID_STATE", "App Store Connect refused the change. The field 'name' can not be modified in the current state."],
        ["subtitle", "ENTITY_ERROR.ATTRIBUTE.INVALID.INVALID_STATE", "App Store Connect refused the change. The field 'subtitle' can not be modified in the current state."],
      ]);
      const held = sim.state.infoLocs.find((l) => l.appInfoId === `${app.appleId}-info2` && l.locale === "en-US")!;
      expect([held.name, held.subtitle]).not.toContain("Snap Studio");
      expect((await db.metadataDraft.findMany({ where: { appId: app.id }, select: { field: true, pushError: true }, orderBy: { field: "asc" } })).map((d) => [d.field, d.pushError])).toEqual([
        ["name", expect.stringMatching(/'name' can not be modified/)],
        ["subtitle", expect.stringMatching(/'subtitle' can not be modified/)],
      ]);

      // After a sync the grid knows: the app information is read-only, with the reason, and drafts of it are refused.
      await syncMetadata(await syncTarget(conn.organizationId, conn.id), app.id);
      const grid = await metadataGrid(ctx, app.id);
      expect(grid.appInfo).toMatchObject({ state: "WAITING_FOR_REVIEW", editable: false, readOnlyReason: expect.stringMatching(/while it is waiting for review/) });
      const cell = grid.rows.find((r) => r.locale === "en-US")!.cells.name!;
      expect(cell).toMatchObject({ editable: false, readOnlyReason: expect.stringMatching(/while it is waiting for review/) });
      await expect(saveDrafts(ctx, app.id, { edits: [{ localizationId: cell.localizationId, field: "name", value: "Other" }] })).rejects.toMatchObject({ options: { fields: { "edits.0.value": expect.stringMatching(/waiting for review/) } } });
    } finally {
      moveVersion(sim.state, v2, "PREPARE_FOR_SUBMISSION");
    }
  });

  it("refuses a new locale on an app whose next version and app information are in review, before sending anything", async () => {
    const { ctx, apps } = await syncedAccount();
    const odd = apps.find((a) => a.appleId === sim.state.apps[1].id)!;
    const grid = await metadataGrid(ctx, odd.id);
    expect(grid.appInfo).toMatchObject({ state: "WAITING_FOR_REVIEW", editable: false });
    const requests = Object.values(sim.stats.requests).reduce((a, b) => a + b, 0);
    await expect(addLocale(ctx, odd.id, { locale: "it", name: "Nome", description: "Descrizione" })).rejects.toMatchObject({
      code: "conflict",
      options: { fields: { name: expect.stringMatching(/waiting for review/), description: expect.stringMatching(/version 1\.1 is waiting for review/) } },
    });
    expect(Object.values(sim.stats.requests).reduce((a, b) => a + b, 0)).toBe(requests);
    expect(sim.state.infoLocs.some((l) => l.locale === "it")).toBe(false);
  });
});
