import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { saveDrafts, resolveConflict, revertChange } from "@/lib/metadata/drafts";
import { metadataGrid } from "@/lib/metadata/grid";
import { metadataHistory, pushDrafts } from "@/lib/metadata/push";
import { exportFastlane, importFastlane } from "@/lib/metadata/fastlane";
import { addLocale, copyField } from "@/lib/metadata/locales";
import { strToU8, unzipSync, zipSync } from "fflate";
import { AscSimulator } from "../asc-sim/server";
import { simulatorForFile } from "./support/simulator";
import { prepareSyncEnv } from "./support/sync-env";
import { syncedMetadataAccount } from "./support/synced-account";
import { addMembership, makeUser } from "@/lib/seed/factories";
import { syncTarget } from "@/lib/sync/connection";
import { contextFor } from "./support/context";

const port = await prepareSyncEnv("metadata");
const sim = new AscSimulator({ seed: 51, sizes: { apps: 2, reviewsPerApp: 1, locales: 4 } });
simulatorForFile(sim, { port });

/** An organisation synced from the simulator, and its first app. */
async function syncedAccount() {
  const { ctx, apps } = await syncedMetadataAccount(sim);
  const app = apps.find((a) => a.appleId === sim.state.apps[0].id)!;
  return { ctx, appId: app.id, appleId: app.appleId };
}

const simVersionLoc = (appleAppId: string, locale: string) => sim.state.versionLocs.find((l) => l.versionId === `${appleAppId}-v2` && l.locale === locale)!;

describe("metadata drafts and push", () => {
  it("saves drafts, refuses to push an over-limit value, then pushes only changed fields and records the history", async () => {
    const { ctx, appId, appleId } = await syncedAccount();
    const grid = await metadataGrid(ctx, appId);
    expect(grid.version).toMatchObject({ versionString: "1.1", appStoreState: "PREPARE_FOR_SUBMISSION" });
    expect(grid.rows.map((r) => r.locale)[0]).toBe("en-US");
    const [en, de] = grid.rows;
    const before = { en: simVersionLoc(appleId, "en-US").keywords, de: simVersionLoc(appleId, "de-DE").keywords };

    await saveDrafts(ctx, appId, { edits: [
      { localizationId: en.cells.keywords!.localizationId, field: "keywords", value: "x".repeat(101) },
      { localizationId: de.cells.keywords!.localizationId, field: "keywords", value: "fotos,bearbeiten" },
    ] });
    await expect(pushDrafts(ctx, appId, {})).rejects.toMatchObject({ options: { fields: { "en-US.keywords": "Keywords is 101 bytes; Apple's limit is 100 bytes." } } });
    expect(simVersionLoc(appleId, "de-DE").keywords).toBe(before.de);

    await saveDrafts(ctx, appId, { edits: [{ localizationId: en.cells.keywords!.localizationId, field: "keywords", value: "photos,editor" }] });
    const before2 = Object.values(sim.stats.requests).reduce((a, b) => a + b, 0);
    const report = await pushDrafts(ctx, appId, {});
    expect(report.conflicts).toEqual([]);
    expect(report.failed).toEqual([]);
    expect(report.pushed.map((p) => `${p.locale} ${p.field} ${p.newValue}`).sort()).toEqual(["de-DE keywords fotos,bearbeiten", "en-US keywords photos,editor"]);
    // One read of the version's localizations, one PATCH per localization.
    expect(Object.values(sim.stats.requests).reduce((a, b) => a + b, 0) - before2).toBe(3);
    expect(simVersionLoc(appleId, "en-US").keywords).toBe("photos,editor");
    expect(simVersionLoc(appleId, "de-DE").keywords).toBe("fotos,bearbeiten");
    expect(await db.metadataDraft.count({ where: { appId } })).toBe(0);
    const history = await metadataHistory(ctx, appId);
    expect(history.map((h) => [h.locale, h.field, h.oldValue, h.newValue]).sort()).toEqual([
      ["de-DE", "keywords", before.de, "fotos,bearbeiten"],
      ["en-US", "keywords", before.en, "photos,editor"],
    ]);
    // Reverting makes the old value a draft again.
    await revertChange(ctx, appId, history.find((h) => h.locale === "en-US")!.id);
    expect((await metadataGrid(ctx, appId)).rows[0].cells.keywords!.draft?.value).toBe(before.en);
  });

  it("never overwrites a value that changed at Apple after the draft was made; the user chooses", async () => {
    const { ctx, appId, appleId } = await syncedAccount();
    const fr = (await metadataGrid(ctx, appId)).rows.find((r) => r.locale === "fr-FR")!;
    await saveDrafts(ctx, appId, { edits: [{ localizationId: fr.cells.promotionalText!.localizationId, field: "promotionalText", value: "Ours" }] });
    simVersionLoc(appleId, "fr-FR").promotionalText = "Changed in App Store Connect";
    const report = await pushDrafts(ctx, appId, {});
    expect(report.pushed).toEqual([]);
    expect(report.conflicts).toMatchObject([{ locale: "fr-FR", field: "promotionalText", liveValue: "Changed in App Store Connect", draftValue: "Ours" }]);
    expect(simVersionLoc(appleId, "fr-FR").promotionalText).toBe("Changed in App Store Connect");
    // The grid now shows Apple's value as live beside the draft.
    const cell = (await metadataGrid(ctx, appId)).rows.find((r) => r.locale === "fr-FR")!.cells.promotionalText!;
    expect(cell).toMatchObject({ live: "Changed in App Store Connect", draft: { value: "Ours" } });

    await resolveConflict(ctx, appId, cell.draft!.id, "mine");
    expect((await pushDrafts(ctx, appId, {})).pushed).toHaveLength(1);
    expect(simVersionLoc(appleId, "fr-FR").promotionalText).toBe("Ours");
  });

  it("two editors pushing the same locale at once: one push sends, the other finds nothing left, and Apple, our copy and the history agree", async () => {
    const { ctx, appId, appleId } = await syncedAccount();
    const other = await makeUser();
    await addMembership(ctx.orgId, other.id, "EDITOR");
    const ctxB = await contextFor(ctx.orgId, other.id);
    const de = (await metadataGrid(ctx, appId)).rows.find((r) => r.locale === "de-DE")!;
    const loc = de.cells.promotionalText!.localizationId;
    const before = de.cells.promotionalText!.live;
    await saveDrafts(ctx, appId, { edits: [{ localizationId: loc, field: "promotionalText", value: "Von A" }] });
    const outcomes = await Promise.allSettled([pushDrafts(ctx, appId, {}), pushDrafts(ctxB, appId, {})]);
    expect(outcomes.filter((o) => o.status === "fulfilled" && o.value.pushed.length === 1)).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === "rejected").map((o) => (o as PromiseRejectedResult).reason.publicMessage)).toEqual(["There are no drafts to push."]);
    await saveDrafts(ctxB, appId, { edits: [{ localizationId: loc, field: "promotionalText", value: "Von B" }] });
    await Promise.allSettled([pushDrafts(ctxB, appId, {}), pushDrafts(ctx, appId, {})]);
    expect(simVersionLoc(appleId, "de-DE").promotionalText).toBe("Von B");
    const live = (await metadataGrid(ctx, appId)).rows.find((r) => r.locale === "de-DE")!.cells.promotionalText!;
    expect(live).toMatchObject({ live: "Von B", draft: null });
    const history = (await metadataHistory(ctx, appId)).filter((c) => c.locale === "de-DE" && c.field === "promotionalText");
    expect(history.map((c) => [c.oldValue, c.newValue])).toEqual([["Von A", "Von B"], [before, "Von A"]]);
  });

  it("refuses read-only fields in the server, and keeps a draft with Apple's reason when Apple refuses it", async () => {
    const { ctx, appId, appleId } = await syncedAccount();
    const live = await metadataGrid(ctx, appId, (await metadataGrid(ctx, appId)).versions.find((v) => v.appStoreState === "READY_FOR_SALE")!.id);
    const en = live.rows[0];
    expect(en.cells.description).toMatchObject({ editable: false, readOnlyReason: expect.stringMatching(/ready for distribution/) });
    expect(en.cells.promotionalText).toMatchObject({ editable: true });
    await expect(saveDrafts(ctx, appId, { edits: [{ localizationId: en.cells.description!.localizationId, field: "description", value: "New" }] })).rejects.toMatchObject({
      options: { fields: { "edits.0.value": expect.stringMatching(/does not allow editing description/) } },
    });

    // The version went to review at Apple after the last sync: Apple refuses, the draft stays.
    const prepared = (await metadataGrid(ctx, appId)).rows[0];
    await saveDrafts(ctx, appId, { edits: [{ localizationId: prepared.cells.whatsNew!.localizationId, field: "whatsNew", value: "Bug fixes" }] });
    const v2 = sim.state.versions.find((v) => v.id === `${appleId}-v2`)!;
    v2.appVersionState = "WAITING_FOR_REVIEW";
    const report = await pushDrafts(ctx, appId, {}).finally(() => (v2.appVersionState = "PREPARE_FOR_SUBMISSION"));
    expect(report.pushed).toEqual([]);
    expect(report.failed).toMatchObject([{ locale: "en-US", field: "whatsNew", code: "STATE_ERROR", message: expect.stringMatching(/Attribute 'whatsNew' cannot be edited at this time/) }]);
    expect(await db.metadataDraft.findFirst({ where: { appId, field: "whatsNew" }, select: { value: true, pushError: true } })).toMatchObject({ value: "Bug fixes", pushError: expect.stringMatching(/cannot be edited at this time/) });
  });

  it("exports a fastlane metadata folder that imports back with no changes; a bad import is refused per file and changes nothing", async () => {
    const { ctx, appId } = await syncedAccount();
    const { zip, name } = await exportFastlane(ctx, appId);
    expect(name).toMatch(/1\.1-metadata\.zip$/);
    const files = unzipSync(zip);
    expect(Object.keys(files)).toContain("metadata/en-US/keywords.txt");
    expect(Object.keys(files)).toContain("metadata/de-DE/release_notes.txt");
    const b64 = (f: Record<string, Uint8Array>) => Buffer.from(zipSync(f)).toString("base64");
    expect(await importFastlane(ctx, appId, { zip: Buffer.from(zip).toString("base64"), apply: true })).toEqual({ changes: [], problems: [], ignored: [], applied: false });

    const bad = {
      ...files,
      "metadata/en-US/keywords.txt": strToU8("k".repeat(101) + "\n"),
      "metadata/xx-YY/name.txt": strToU8("Nope\n"),
      "metadata/de-DE/description.txt": new Uint8Array([0x48, 0xe9, 0x6c, 0x6c, 0x6f]),
      "metadata/fr-FR/name.txt": strToU8("Nouveau nom\n"),
      "metadata/copyright.txt": strToU8("2026 Example\n"),
    };
    const refused = await importFastlane(ctx, appId, { zip: b64(bad), apply: true });
    expect(refused.applied).toBe(false);
    expect(refused.problems).toEqual([
      { file: "metadata/de-DE/description.txt", message: "The file is not UTF-8 text; save it as UTF-8 and try again." },
      { file: "metadata/en-US/keywords.txt", message: "Keywords is 101 bytes; Apple's limit is 100 bytes." },
      { file: "metadata/xx-YY/name.txt", message: expect.stringMatching(/"xx-YY" is not a locale/) },
    ]);
    expect(refused.ignored).toEqual(["metadata/copyright.txt"]);
    expect(await db.metadataDraft.count({ where: { appId } })).toBe(0);

    const good = await importFastlane(ctx, appId, { zip: b64({ ...files, "metadata/fr-FR/name.txt": strToU8("Nouveau nom\r\n") }), apply: true });
    expect(good).toMatchObject({ applied: true, problems: [], changes: [{ locale: "fr-FR", field: "name", to: "Nouveau nom" }] });
    expect(await db.metadataDraft.findMany({ where: { appId }, select: { locale: true, field: true, value: true } })).toEqual([{ locale: "fr-FR", field: "name", value: "Nouveau nom" }]);
    await expect(importFastlane(ctx, appId, { zip: Buffer.from("not a zip").toString("base64"), apply: false })).rejects.toThrow(/not a readable zip/);
  });

  it("adds a locale at Apple with the required fields, and copies a field to many locales as drafts", async () => {
    const { ctx, appId, appleId } = await syncedAccount();
    await expect(addLocale(ctx, appId, { locale: "it", name: "Nome", description: "Descrizione", keywords: "k".repeat(101) })).rejects.toMatchObject({ options: { fields: { keywords: expect.stringMatching(/101 bytes/) } } });
    expect(sim.state.infoLocs.some((l) => l.locale === "it")).toBe(false);
    expect(await addLocale(ctx, appId, { locale: "it", name: "Nome", description: "Descrizione", keywords: "foto" })).toEqual({ locale: "it", created: ["app information", "version"] });
    // On the app info being prepared; the live one gets the locale when the version is released.
    expect(sim.state.infoLocs.filter((l) => l.locale === "it").map((l) => [l.appInfoId, l.name])).toEqual([[`${appleId}-info2`, "Nome"]]);
    expect(sim.state.versionLocs.find((l) => l.locale === "it" && l.versionId === `${appleId}-v2`)).toMatchObject({ description: "Descrizione", keywords: "foto" });
    const grid = await metadataGrid(ctx, appId);
    expect(grid.rows.find((r) => r.locale === "it")?.cells.keywords?.live).toBe("foto");
    await expect(addLocale(ctx, appId, { locale: "it", name: "Nome", description: "Descrizione" })).rejects.toThrow(/already exists/);

    await copyField(ctx, appId, { field: "promotionalText", fromLocale: "en-US", toLocales: ["de-DE", "it"] });
    const after = await metadataGrid(ctx, appId);
    const en = after.rows.find((r) => r.locale === "en-US")!.cells.promotionalText!.live;
    expect(after.rows.filter((r) => ["de-DE", "it"].includes(r.locale)).map((r) => r.cells.promotionalText!.draft?.value)).toEqual([en, en]);
    await expect(copyField(ctx, appId, { field: "promotionalText", fromLocale: "en-US", toLocales: ["pt-BR"] })).rejects.toMatchObject({ options: { fields: { "toLocales.0": expect.stringMatching(/pt-BR is not a locale/) } } });
  });

  it("edits the app info being prepared, not the live one, and says so", async () => {
    const { ctx, appId, appleId } = await syncedAccount();
    const grid = await metadataGrid(ctx, appId);
    const info2 = await db.syncedAppInfo.findFirstOrThrow({ where: { appId, appleId: `${appleId}-info2` }, select: { id: true } });
    expect(grid.appInfo).toEqual({ id: info2.id, state: "PREPARE_FOR_SUBMISSION", editable: true });
    const en = grid.rows.find((r) => r.locale === "en-US")!;
    expect(en.cells.name).toMatchObject({ editable: true });
    await saveDrafts(ctx, appId, { edits: [{ localizationId: en.cells.name!.localizationId, field: "name", value: "Snap Studio" }] });
    const report = await pushDrafts(ctx, appId, {});
    expect(report.pushed.map((p) => `${p.locale} ${p.field} ${p.newValue}`)).toEqual(["en-US name Snap Studio"]);
    const held = sim.state.infoLocs.filter((l) => l.locale === "en-US" && l.appInfoId.startsWith(appleId));
    expect(held.map((l) => [l.appInfoId, l.name])).toEqual([[`${appleId}-info`, "Sim App 1 en-US"], [`${appleId}-info2`, "Snap Studio"]]);
  });

  it("refuses 40 Japanese characters of keywords (120 bytes) before Apple does, and Apple refuses them too", async () => {
    const { ctx, appId, appleId } = await syncedAccount();
    const japanese = "写真編集カメラ加工フィルター美肌コラージュ動画編集スタンプ文字入れ背景ぼかし明る";
    const ja = (await metadataGrid(ctx, appId)).rows.find((r) => r.locale === "ja")!;
    await saveDrafts(ctx, appId, { edits: [{ localizationId: ja.cells.keywords!.localizationId, field: "keywords", value: japanese }] });
    const requests = Object.values(sim.stats.requests).reduce((a, b) => a + b, 0);
    await expect(pushDrafts(ctx, appId, {})).rejects.toMatchObject({ options: { fields: { "ja.keywords": "Keywords is 120 bytes; Apple's limit is 100 bytes." } } });
    expect(Object.values(sim.stats.requests).reduce((a, b) => a + b, 0)).toBe(requests);
    await expect(addLocale(ctx, appId, { locale: "ko", name: "이름", description: "설명", keywords: japanese })).rejects.toMatchObject({ options: { fields: { keywords: "Keywords is 120 bytes; Apple's limit is 100 bytes." } } });

    // The simulator counts bytes too: sent anyway, it is refused, and 33 characters of 99 bytes pass.
    const t = await syncTarget(ctx.orgId, (await db.syncedApp.findFirstOrThrow({ where: { id: appId }, select: { connectionId: true } })).connectionId);
    const loc = simVersionLoc(appleId, "ja");
    const patch = (keywords: string) => t.client.request({ method: "PATCH", path: `/v1/appStoreVersionLocalizations/${loc.id}`, body: { data: { type: "appStoreVersionLocalizations", id: loc.id, attributes: { keywords } } } });
    await expect(patch(japanese)).rejects.toMatchObject({ status: 409, code: "ENTITY_ERROR.ATTRIBUTE.INVALID.TOO_LONG", pointer: "/data/attributes/keywords" });
    expect(loc.keywords).not.toBe(japanese);
    await patch(japanese.slice(0, 33));
    expect(loc.keywords).toBe(japanese.slice(0, 33));
  });
});
