import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { importFastlane } from "@/lib/metadata/fastlane";
import { makeOrg, makeUser } from "@/lib/seed/factories";
import { AscSimulator } from "../asc-sim/server";
import { zipBombCorpus } from "../support/zip-bombs";
import { contextFor } from "./support/context";
import { simulatorForFile } from "./support/simulator";
import { prepareSyncEnv } from "./support/sync-env";
import { syncedMetadataAccount } from "./support/synced-account";

const port = await prepareSyncEnv("zip_limits");
const sim = new AscSimulator({ seed: 77, sizes: { apps: 1, reviewsPerApp: 1, locales: 2 } });
simulatorForFile(sim, { port });

const b64 = (zip: Uint8Array) => Buffer.from(zip).toString("base64");

describe("fastlane import of hostile zips", () => {
  it("refuses every zip of the bomb corpus with a message naming the problem, and saves nothing", async () => {
    const { ctx, apps } = await syncedMetadataAccount(sim);
    const appId = apps[0].id;
    for (const bomb of zipBombCorpus()) {
      const started = performance.now();
      await expect(importFastlane(ctx, appId, { zip: b64(bomb.zip), apply: true }), bomb.label).rejects.toMatchObject({ code: "validation", publicMessage: bomb.message, field: "zip" });
      expect(performance.now() - started, bomb.label).toBeLessThan(1000);
    }
    expect(await db.metadataDraft.count({ where: { appId } })).toBe(0);

    // The control: a real metadata folder still imports.
    const good = zipSync({ "metadata/en-US/name.txt": strToU8("Imported name\n") });
    const preview = await importFastlane(ctx, appId, { zip: b64(good), apply: true });
    expect(preview).toMatchObject({ changes: [{ locale: "en-US", field: "name", to: "Imported name" }], problems: [], applied: true });
  });

  it("answers not found for another organisation's app or an unknown version before reading the zip", async () => {
    const { ctx, apps } = await syncedMetadataAccount(sim);
    const bomb = b64(zipBombCorpus()[0].zip);
    // Anyone can sign up and own an organisation of their own.
    const stranger = await makeUser();
    const own = await makeOrg(stranger);
    const strangerCtx = await contextFor(own.id, stranger.id);
    await expect(importFastlane(strangerCtx, apps[0].id, { zip: bomb, apply: false })).rejects.toMatchObject({ code: "not_found", publicMessage: "App was not found." });
    await expect(importFastlane(ctx, apps[0].id, { zip: bomb, apply: false, versionId: "no-such-version" })).rejects.toMatchObject({ code: "not_found", publicMessage: "Version was not found." });
    // The owner of the app, sending the same zip, gets it read and refused.
    await expect(importFastlane(ctx, apps[0].id, { zip: bomb, apply: false })).rejects.toMatchObject({ code: "validation" });
  });
});
