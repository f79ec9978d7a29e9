import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { listAuditEvents } from "@/lib/audit/queries";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { serve, type Surface } from "@/lib/http/serve";
import { copySet, deleteAsset, fillFromBase, reorder } from "@/lib/media/arrange";
import { mediaOperations } from "@/lib/media/operations";
import { mediaCoverage, mediaGrid, mediaHistory } from "@/lib/media/view";
import { syncTarget } from "@/lib/sync/connection";
import { syncMedia } from "@/lib/sync/media";
import type { OrgContext } from "@/lib/tenancy/context";
import { zipSync } from "fflate";
import { AscSimulator } from "../asc-sim/server";
import { png } from "../support/png";
import { failure } from "./support/failure";
import { waitFor } from "./support/faults";
import { prepareSyncEnv, withSimulatorAndWorkers } from "./support/sync-env";
import { syncedMetadataAccount } from "./support/synced-account";

const port = await prepareSyncEnv("marrange");
// Apple finishes screenshots at once here; processing time is the upload tests' concern.
const sizes = { apps: 2, reviewsPerApp: 1, locales: 4 };
const sim = new AscSimulator({ seed: 61, sizes, media: { screenshotProcessingMs: 0 } });
withSimulatorAndWorkers(sim, port);
// Each test starts from Apple's seeded screenshots (en-US only: 3 on iPhone 6.9", 2 on iPad 13").
beforeEach(async () => {
  await fetch(`${sim.url}/__sim/reset`, { method: "POST", body: JSON.stringify({ seed: 61, sizes }) });
});

const IPHONE = "APP_IPHONE_67";
const IPAD = "APP_IPAD_PRO_3GEN_129";

/** An organisation synced from the simulator, with its media, and the first app (whose version 1.1 is being prepared). */
async function account() {
  const { conn, ctx, apps } = await syncedMetadataAccount(sim);
  const t = await syncTarget(conn.organizationId, conn.id);
  for (const a of apps) await syncMedia(t, a.id);
  const app = apps.find((a) => a.appleId === sim.state.apps[0].id)!;
  return { conn, ctx, appId: app.id, appleAppId: app.appleId };
}

type Grid = Awaited<ReturnType<typeof mediaGrid>>;
const row = (g: Grid, locale: string) => g.rows.find((r) => r.locale === locale)!;
const setOf = (g: Grid, locale: string, type: string) => row(g, locale).screenshots[type]?.set ?? null;

/** What Apple holds for a localization (Apple's id) and display type: its screenshots' file names in order. */
function atApple(locAppleId: string, type: string): string[] | null {
  const set = sim.state.media.sets.find((s) => s.locId === locAppleId && s.displayType === type);
  return set ? set.assetIds.map((id) => sim.state.media.assets.get(id)!.fileName) : null;
}
const locAppleId = async (localizationId: string) => (await db.syncedVersionLocalization.findUniqueOrThrow({ where: { id: localizationId }, select: { appleId: true } })).appleId;

/**
 * Waits until every upload of the batch has finished, and returns their states. A complete
 * file is finished once it is settled: the job writes the grid, history and audit log after
 * Apple completes it, in the transaction that sets `settledAt`.
 */
async function batchFinished(batchId: string) {
  return waitFor(
    `batch ${batchId} to finish`,
    async () => {
      const rows = await db.mediaUpload.findMany({ where: { batchId }, select: { status: true, error: true, locale: true, fileName: true, settledAt: true } });
      const done = (r: (typeof rows)[number]) => (r.status === "COMPLETE" ? r.settledAt !== null : ["FAILED", "CANCELLED"].includes(r.status));
      return rows.length > 0 && rows.every(done) ? rows.map(({ settledAt: _settled, ...r }) => r) : undefined;
    },
    60_000,
    200,
  );
}

async function audited(ctx: OrgContext, action: "media.reordered" | "media.deleted" | "media.copied") {
  return (await listAuditEvents(ctx, { action, limit: 50, actor: undefined, from: undefined, to: undefined })).events;
}

describe("arranging screenshots at App Store Connect", () => {
  it("reorders a set: Apple holds the new order, the grid shows it, and history and audit log name who did it", async () => {
    const { ctx, appId } = await account();
    const grid = await mediaGrid(ctx, appId);
    expect(grid).toMatchObject({ version: { versionString: "1.1" }, editable: true });
    const en = row(grid, "en-US");
    const set = setOf(grid, "en-US", IPHONE)!;
    expect(set.assets).toHaveLength(3);
    const names = set.assets.map((a) => a.fileName);
    const apple = await locAppleId(en.localizationId);
    expect(atApple(apple, IPHONE)).toEqual(names);
    // Thumbnails come from Apple's image host, 300 px high in the screenshot's proportions.
    expect(set.assets[0]).toMatchObject({ width: 1290, height: 2796, deliveryState: "COMPLETE", thumbUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/image\/thumb\/Purple\/sim\/.+\/138x300bb\.png$/) });

    const order = [set.assets[2].id, set.assets[0].id, set.assets[1].id];
    const answer = await reorder(ctx, appId, set.id, { assetIds: order });
    const wanted = [names[2], names[0], names[1]];
    expect(atApple(apple, IPHONE)).toEqual(wanted);
    expect(setOf(await mediaGrid(ctx, appId), "en-US", IPHONE)!.assets.map((a) => a.fileName)).toEqual(wanted);
    expect(answer.assetIds).toHaveLength(3);

    // A list that does not name every screenshot once is refused before Apple is asked.
    const patches = () => Object.entries(sim.stats.requests).filter(([r]) => r.startsWith("PATCH ") && r.endsWith("/relationships/appScreenshots")).reduce((n, [, c]) => n + c, 0);
    const before = patches();
    const bad = await failure(reorder(ctx, appId, set.id, { assetIds: [order[0], order[0], order[1]] }), AppError);
    expect(bad).toMatchObject({ code: "validation", options: { field: "assetIds" } });
    expect(patches()).toBe(before);

    const [change] = await mediaHistory(ctx, appId);
    expect(change).toMatchObject({ action: "REORDERED", locale: "en-US", displayType: IPHONE, detail: `New order: ${wanted.join(", ")}`, byEmail: ctx.actor.kind === "member" ? ctx.actor.email : "" });
    expect(await audited(ctx, "media.reordered")).toMatchObject([{ actorEmail: change.byEmail, targetLabel: grid.app.name }]);
  });

  it("a set changed at App Store Connect since the last sync: Apple's refusal in its words, and the grid catches up", async () => {
    const { ctx, appId } = await account();
    const grid = await mediaGrid(ctx, appId);
    const set = setOf(grid, "en-US", IPHONE)!;
    const apple = await locAppleId(row(grid, "en-US").localizationId);
    // Someone adds a screenshot in App Store Connect itself.
    const simSet = sim.state.media.sets.find((x) => x.locId === apple && x.displayType === IPHONE)!;
    const added = { ...sim.state.media.assets.get(simSet.assetIds[0])!, id: `${apple}-shot999`, fileName: "added-elsewhere.png" };
    sim.state.media.assets.set(added.id, added);
    simSet.assetIds.push(added.id);

    const e = await failure(reorder(ctx, appId, set.id, { assetIds: [...set.assets].reverse().map((a) => a.id) }), AppError);
    expect(e).toMatchObject({ code: "conflict", publicMessage: expect.stringMatching(/^The order was not changed\. App Store Connect refused the change\. The list must name every appScreenshot of the set exactly once/) });
    expect(setOf(await mediaGrid(ctx, appId), "en-US", IPHONE)!.assets.map((a) => a.fileName)).toEqual([...set.assets.map((a) => a.fileName), "added-elsewhere.png"]);
    expect(await mediaHistory(ctx, appId)).toEqual([]);
  });

  it("deletes a screenshot at Apple and in the grid, recorded with who did it", async () => {
    const { ctx, appId } = await account();
    const grid = await mediaGrid(ctx, appId);
    const set = setOf(grid, "en-US", IPHONE)!;
    const gone = set.assets[1];
    await deleteAsset(ctx, appId, gone.id);
    const apple = await locAppleId(row(grid, "en-US").localizationId);
    expect(atApple(apple, IPHONE)).toEqual([set.assets[0].fileName, set.assets[2].fileName]);
    expect(setOf(await mediaGrid(ctx, appId), "en-US", IPHONE)!.assets.map((a) => a.id)).not.toContain(gone.id);
    expect((await mediaHistory(ctx, appId))[0]).toMatchObject({ action: "DELETED", detail: `Deleted ${gone.fileName}`, byEmail: (ctx.actor as { email: string }).email });
    expect(await audited(ctx, "media.deleted")).toMatchObject([{ actorEmail: (ctx.actor as { email: string }).email, metadata: { fileName: gone.fileName } }]);
    // A preview goes the same way (Apple's appPreviews).
    const preview = row(grid, "en-US").previews.IPHONE_67.set!.assets[0];
    await deleteAsset(ctx, appId, preview.id);
    expect(sim.state.media.sets.find((x) => x.locId === apple && x.kind === "previews")!.assetIds).toEqual([]);
    expect((await mediaHistory(ctx, appId))[0]).toMatchObject({ action: "DELETED", kind: "PREVIEW", displayType: "IPHONE_67" });
    // Deleting it again: it is no longer ours to find.
    expect((await failure(deleteAsset(ctx, appId, gone.id), AppError)).code).toBe("not_found");
    // Deleted in App Store Connect meanwhile: the caller's wish holds, but no change of theirs is recorded.
    const first = await db.mediaAsset.findUniqueOrThrow({ where: { id: set.assets[0].id }, select: { appleId: true } });
    const simSet = sim.state.media.sets.find((x) => x.locId === apple && x.displayType === IPHONE)!;
    simSet.assetIds = simSet.assetIds.filter((id) => id !== first.appleId);
    sim.state.media.assets.delete(first.appleId);
    const changes = (await mediaHistory(ctx, appId)).length;
    await deleteAsset(ctx, appId, set.assets[0].id);
    expect(await mediaHistory(ctx, appId)).toHaveLength(changes);
    expect(setOf(await mediaGrid(ctx, appId), "en-US", IPHONE)!.assets.map((a) => a.fileName)).toEqual([set.assets[2].fileName]);
  });

  it("copies the en-US 6.9\" set to de-DE and fr-FR: each ends with the same screenshots in the same order at Apple", async () => {
    const { ctx, appId } = await account();
    const grid = await mediaGrid(ctx, appId);
    const source = setOf(grid, "en-US", IPHONE)!;
    const names = source.assets.map((a) => a.fileName);
    const de = row(grid, "de-DE");
    const fr = row(grid, "fr-FR");
    expect(de.screenshots[IPHONE]).toMatchObject({ set: null, missingRequired: true });

    const { batchId, uploads } = await copySet(ctx, appId, source.id, { localizationIds: [de.localizationId, fr.localizationId] });
    expect(uploads.map((u) => `${u.locale} ${u.fileName}`)).toEqual([...names.map((n) => `de-DE ${n}`), ...names.map((n) => `fr-FR ${n}`)]);
    const rows = await batchFinished(batchId);
    expect(rows.filter((r) => r.status !== "COMPLETE")).toEqual([]);

    for (const loc of [de, fr]) expect(atApple(await locAppleId(loc.localizationId), IPHONE)).toEqual(names);
    const after = await mediaGrid(ctx, appId);
    for (const locale of ["de-DE", "fr-FR"]) {
      expect(setOf(after, locale, IPHONE)!.assets.map((a) => a.fileName)).toEqual(names);
      expect(row(after, locale).screenshots[IPHONE].missingRequired).toBe(false);
    }
    const history = await mediaHistory(ctx, appId);
    const email = (ctx.actor as { email: string }).email;
    expect(history.filter((h) => h.action === "COPIED").map((h) => [h.locale, h.byEmail, h.detail]).sort()).toEqual([
      ["de-DE", email, `Copied from en-US: ${names.join(", ")}`],
      ["fr-FR", email, `Copied from en-US: ${names.join(", ")}`],
    ]);
    expect((await audited(ctx, "media.copied")).map((e) => e.actorEmail)).toEqual([email, email]);

    // Copies add after what a set holds, up to Apple's limit of 10: past it, nothing is staged for any locale.
    for (let i = 0; i < 2; i++) await batchFinished((await copySet(ctx, appId, source.id, { localizationIds: [de.localizationId] })).batchId);
    expect(atApple(await locAppleId(de.localizationId), IPHONE)).toEqual([...names, ...names, ...names]);
    const count = await db.mediaUpload.count({ where: { appId } });
    const refused = await failure(copySet(ctx, appId, source.id, { localizationIds: [de.localizationId, fr.localizationId] }), AppError);
    expect(refused).toMatchObject({ code: "validation", publicMessage: expect.stringMatching(/at most 10 screenshots, and de-DE holds 9 \(copying adds 3\)/) });
    expect(await db.mediaUpload.count({ where: { appId } })).toBe(count);
  });

  it("fills every locale that has no set of a display type from the base locale, and leaves the others alone", async () => {
    const { ctx, appId } = await account();
    const grid = await mediaGrid(ctx, appId);
    const others = grid.rows.filter((r) => r.locale !== "en-US").map((r) => r.locale).sort();
    expect(others).toEqual(["de-DE", "fr-FR", "ja"]);
    // The Apps page's summary: only en-US has the iPhone and iPad sizes (iPad is required since en-US shows iPad screenshots).
    expect(await mediaCoverage(ctx, [appId])).toEqual([
      { appId, versionString: "1.1", complete: 1, total: 4, missing: others.flatMap((locale) => [{ locale, family: "iPad" }, { locale, family: "iPhone" }]) },
    ]);
    // ja already has its 6.9" screenshots (copied first): only its iPad set is filled.
    const first = await copySet(ctx, appId, setOf(grid, "en-US", IPHONE)!.id, { localizationIds: [row(grid, "ja").localizationId] });
    await batchFinished(first.batchId);

    const { batchId, filled } = await fillFromBase(ctx, appId, { versionId: grid.version!.id });
    expect(filled).toEqual([
      { locale: "de-DE", displayType: IPAD },
      { locale: "fr-FR", displayType: IPAD },
      { locale: "ja", displayType: IPAD },
      { locale: "de-DE", displayType: IPHONE },
      { locale: "fr-FR", displayType: IPHONE },
    ]);
    const rows = await batchFinished(batchId);
    expect(rows.filter((r) => r.status !== "COMPLETE")).toEqual([]);
    const after = await mediaGrid(ctx, appId);
    const base = { iphone: setOf(after, "en-US", IPHONE)!.assets.map((a) => a.fileName), ipad: setOf(after, "en-US", IPAD)!.assets.map((a) => a.fileName) };
    for (const locale of others) {
      expect(setOf(after, locale, IPHONE)!.assets.map((a) => a.fileName)).toEqual(base.iphone);
      expect(setOf(after, locale, IPAD)!.assets.map((a) => a.fileName)).toEqual(base.ipad);
      expect(row(after, locale).missingFamilies).toEqual([]);
      expect(atApple(await locAppleId(row(after, locale).localizationId), IPAD)).toEqual(base.ipad);
    }
    const coverage = await mediaCoverage(ctx, [appId]);
    expect(coverage).toEqual([{ appId, versionString: "1.1", complete: 4, total: 4, missing: [] }]);
    // Nothing left to fill: a second fill queues nothing.
    expect(await fillFromBase(ctx, appId, { versionId: grid.version!.id })).toMatchObject({ uploads: [], filled: [] });
    const fills = (await mediaHistory(ctx, appId)).filter((h) => h.detail.startsWith("Filled from en-US"));
    expect(fills).toHaveLength(5);
    expect(new Set(fills.map((h) => h.byEmail))).toEqual(new Set([(ctx.actor as { email: string }).email]));
  });

  it("refuses changes to a version Apple does not let change, before asking Apple", async () => {
    const { ctx, appId } = await account();
    const live = (await mediaGrid(ctx, appId)).versions.find((v) => !v.editable)!;
    const grid = await mediaGrid(ctx, appId, live.id);
    expect(grid).toMatchObject({ editable: false, readOnlyReason: expect.stringMatching(/does not allow changing screenshots/) });
    const set = setOf(grid, "en-US", IPHONE)!;
    const sent = () => Object.entries(sim.stats.requests).filter(([r]) => !r.startsWith("GET ")).reduce((n, [, c]) => n + c, 0);
    const before = sent();
    const e = await failure(reorder(ctx, appId, set.id, { assetIds: [...set.assets].reverse().map((a) => a.id) }), AppError);
    expect(e).toMatchObject({ code: "conflict", publicMessage: expect.stringMatching(/^Version 1\.0: Apple does not allow changing screenshots or previews while the version is ready for distribution/) });
    expect((await failure(deleteAsset(ctx, appId, set.assets[0].id), AppError)).code).toBe("conflict");
    expect(sent()).toBe(before);
  });
});

describe("who may see and change media", () => {
  const op = (id: string) => mediaOperations.find((o) => o.id === id)!;
  type Call = { surface: Surface; token?: string; params: Record<string, string>; body?: unknown; raw?: Buffer; query?: string };

  /** One request through the same wrapper the routes use. */
  async function call(id: string, c: Call) {
    const o = op(id);
    const path = (c.surface === "api" ? o.apiPath! : o.path!).replace(/\[(\w+)\]/g, (_, k: string) => c.params[k] ?? "x");
    const headers: Record<string, string> = { origin: env.NEXTAUTH_URL };
    if (c.token) headers.authorization = `Bearer ${c.token}`;
    if (c.body !== undefined) headers["content-type"] = "application/json";
    if (c.raw) headers["content-type"] = "application/octet-stream";
    const body = c.raw ? new Uint8Array(c.raw) : c.body === undefined ? undefined : JSON.stringify(c.body);
    const req = new NextRequest(`${env.NEXTAUTH_URL}${path}${c.query ?? ""}`, { method: o.method, headers, body });
    return serve(o, c.surface)(req, { params: Promise.resolve(c.params) });
  }

  it("a viewer's token reads (200) and may not change anything (403); a support token sees nothing (403)", async () => {
    const { ctx, appId } = await account();
    const grid = await mediaGrid(ctx, appId);
    const set = setOf(grid, "en-US", IPHONE)!;
    const viewer = await createApiToken(ctx, { name: "Release viewer", role: "VIEWER" });
    const api = { surface: "api" as const, token: viewer.token };
    for (const id of ["media.grid", "media.history", "media.uploads"]) expect((await call(id, { ...api, params: { appId } })).status, id).toBe(200);
    const changes: [string, Record<string, string>, unknown][] = [
      ["media.reorder", { appId, setId: set.id }, { assetIds: set.assets.map((a) => a.id) }],
      ["media.deleteAsset", { appId, assetId: set.assets[0].id }, undefined],
      ["media.copy", { appId, setId: set.id }, { localizationIds: [row(grid, "de-DE").localizationId] }],
      ["media.fill", { appId }, { versionId: grid.version!.id }],
    ];
    for (const [id, params, body] of changes) expect((await call(id, { ...api, params, body })).status, id).toBe(403);
    expect(atApple(await locAppleId(row(grid, "en-US").localizationId), IPHONE)).toHaveLength(3);

    // Support answers reviews and sees nothing of media (the e2e role spec checks a support member's session the same way).
    const support = await createApiToken(ctx, { name: "Support desk", role: "SUPPORT" });
    const asSupport = { surface: "api" as const, token: support.token };
    for (const id of ["media.grid", "media.history", "media.uploads"]) expect((await call(id, { ...asSupport, params: { appId } })).status, id).toBe(403);
    expect((await call("media.reorder", { ...asSupport, params: { appId, setId: set.id }, body: { assetIds: set.assets.map((a) => a.id) } })).status).toBe(403);
    const admin = await createApiToken(ctx, { name: "Release admin", role: "ADMIN" });
    expect((await call("media.grid", { surface: "api", token: admin.token, params: { appId } })).status).toBe(200);
  });

  it("another organisation's app, set and asset ids answer 404; its own answer 200", async () => {
    const a = await account();
    const b = await account();
    const gridA = await mediaGrid(a.ctx, a.appId);
    const setA = setOf(gridA, "en-US", IPHONE)!;
    const gridB = await mediaGrid(b.ctx, b.appId);
    const setB = setOf(gridB, "en-US", IPHONE)!;
    const tokenB = (await createApiToken(b.ctx, { name: "B's CI", role: "EDITOR" })).token;
    const api = { surface: "api" as const, token: tokenB };

    expect((await call("media.grid", { ...api, params: { appId: a.appId } })).status).toBe(404);
    expect((await call("media.history", { ...api, params: { appId: a.appId } })).status).toBe(404);
    expect((await call("media.grid", { ...api, params: { appId: b.appId } })).status).toBe(200);
    // B's app with A's set or asset: not found, and A's set is untouched at Apple.
    expect((await call("media.reorder", { ...api, params: { appId: b.appId, setId: setA.id }, body: { assetIds: setA.assets.map((x) => x.id) } })).status).toBe(404);
    expect((await call("media.deleteAsset", { ...api, params: { appId: b.appId, assetId: setA.assets[0].id } })).status).toBe(404);
    expect((await call("media.copy", { ...api, params: { appId: b.appId, setId: setA.id }, body: { localizationIds: [row(gridB, "de-DE").localizationId] } })).status).toBe(404);
    expect((await call("media.fill", { ...api, params: { appId: b.appId }, body: { versionId: gridA.version!.id } })).status).toBe(404);
    // A's locales as copy targets of B's set: refused without saying whether they exist.
    const cross = await call("media.copy", { ...api, params: { appId: b.appId, setId: setB.id }, body: { localizationIds: [row(gridA, "de-DE").localizationId] } });
    expect(cross.status).toBe(422);
    expect(atApple(await locAppleId(row(gridA, "en-US").localizationId), IPHONE)).toEqual(setA.assets.map((x) => x.fileName));

    // The control: B reorders its own set through the API, and the history names B's token.
    const reversed = [...setB.assets].reverse();
    const ok = await call("media.reorder", { ...api, params: { appId: b.appId, setId: setB.id }, body: { assetIds: reversed.map((x) => x.id) } });
    expect(ok.status).toBe(200);
    expect((await mediaHistory(b.ctx, b.appId))[0]).toMatchObject({ action: "REORDERED", byEmail: "API token “B's CI”" });
    expect(await mediaHistory(a.ctx, a.appId)).toEqual([]);
  });

  it("takes a file as the request body and answers as published: queued, followed to the end, and refusals naming what is accepted", async () => {
    const { ctx, appId } = await account();
    const grid = await mediaGrid(ctx, appId);
    const de = row(grid, "de-DE");
    const editor = (await createApiToken(ctx, { name: "Screenshots CI", role: "EDITOR" })).token;
    const api = { surface: "api" as const, token: editor, params: { appId } };
    const query = (q: Record<string, string>) => `?${new URLSearchParams(q)}`;

    const wrong = await call("media.upload", { ...api, raw: png(1000, 2000), query: query({ localizationId: de.localizationId, displayType: IPHONE, kind: "SCREENSHOT", fileName: "wrong.png" }) });
    expect(wrong.status).toBe(422);
    expect((await wrong.json()).error.message).toMatch(/^wrong\.png is 1000×2000; iPhone 6\.9" takes 1320×2868/);

    const res = await call("media.upload", { ...api, raw: png(1290, 2796), query: query({ localizationId: de.localizationId, displayType: IPHONE, kind: "SCREENSHOT", fileName: "home.png" }) });
    expect(res.status).toBe(202);
    const { upload } = (await res.json()) as { upload: { batchId: string; status: string; createdBy: string } };
    expect(upload).toMatchObject({ status: "QUEUED", createdBy: "API token “Screenshots CI”" });
    await batchFinished(upload.batchId);
    const progress = await call("media.uploads", { ...api, query: query({ batchId: upload.batchId }) });
    expect(progress.status).toBe(200);
    expect((await progress.json()).uploads).toMatchObject([{ fileName: "home.png", status: "COMPLETE", locale: "de-DE" }]);
    expect(atApple(await locAppleId(de.localizationId), IPHONE)).toEqual(["home.png"]);

    // A fastlane zip with one image of no known size: refused file by file, nothing queued.
    const zip = Buffer.from(zipSync({ "screenshots/de-DE/01.png": png(1000, 2000), "screenshots/fr-FR/01.png": png(1290, 2796) }));
    const before = await db.mediaUpload.count({ where: { appId } });
    const refused = await call("media.import", { ...api, raw: zip, query: query({ versionId: grid.version!.id }) });
    expect(refused.status).toBe(422);
    expect((await refused.json()).refusals).toMatchObject([{ file: expect.stringContaining("01.png"), message: expect.stringMatching(/1000×2000/) }]);
    expect(await db.mediaUpload.count({ where: { appId } })).toBe(before);
  });
});
