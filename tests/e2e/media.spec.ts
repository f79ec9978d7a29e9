import { createHash } from "node:crypto";
import { zipSync } from "fflate";
import type { Page } from "@playwright/test";
import { png } from "../support/png";
import { jsonHeaders } from "./support/api";
import { count } from "./support/db";
import { expect, test, type SeededOrg } from "./support/fixtures";
import { SIM_URL } from "./support/sim";
import { simConnection, storeSimApp } from "./support/sim-account";
import { simMedia, storeSimMedia } from "./support/sim-media";

/**
 * Screenshots from the browser to Apple: an editor's drops, checked before anything leaves,
 * uploaded by the worker through the simulator's protocol, arranged and copied; and a
 * fastlane screenshots/ zip spread over its locales and devices.
 */

const md5 = (b: Buffer) => createHash("md5").update(b).digest("hex");
const IPHONE = 'iPhone 6.9"';
const IPAD = 'iPad 13"';

/** An app whose version being prepared has en-US, de-DE and fr-FR, with the simulator's seeded screenshots stored as a sync would. */
async function mediaApp(request: import("@playwright/test").APIRequestContext, org: SeededOrg) {
  const connection = await simConnection(request, org.id, org.members.OWNER.id, { name: "Media team", sizes: { apps: 1, reviewsPerApp: 1, locales: 3 } });
  const { app, version } = await storeSimApp(request, connection);
  await storeSimMedia(request, connection.issuerId, app, version);
  const appleLoc = (locale: string) => version.held.localizations.find((l) => l.locale === locale)!.id;
  return { connection, app, version, appleLoc };
}

async function editorPage(browser: import("@playwright/test").Browser, baseURL: string, storageState: Awaited<ReturnType<import("@playwright/test").APIRequestContext["storageState"]>>) {
  const ctx = await browser.newContext({ baseURL, storageState });
  return ctx.newPage();
}

const cellOf = (page: Page, locale: string, label: string) => page.getByRole("group", { name: `${locale} ${label} screenshots` });
const orderIn = (page: Page, locale: string, label: string) =>
  cellOf(page, locale, label).getByRole("list", { name: `${locale} ${label} screenshots in order` }).getByTestId("media-asset").evaluateAll((els) => els.map((e) => e.getAttribute("data-file-name")));
const keyRequests = async (request: import("@playwright/test").APIRequestContext, keyId: string) => ((await (await request.get(`${SIM_URL}/__sim/stats`)).json()).byKey[keyId] ?? 0) as number;

test("an editor drops screenshots on en-US iPhone 6.9\", sees them uploaded in order, reorders them and copies the set to de-DE and fr-FR; wrong sizes and transparency are refused before Apple", async ({ browser, baseURL, org, request, signedIn }) => {
  test.setTimeout(300_000);
  const { connection, app, version, appleLoc } = await mediaApp(request, org);
  const editor = await signedIn(org.members.EDITOR);
  const page = await editorPage(browser, baseURL!, await editor.storageState());
  await page.goto(`/o/${org.slug}/apps/${app.id}`);
  await page.getByRole("link", { name: "Screenshots & previews" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Target App: screenshots & previews" })).toBeVisible();
  const seeded = await orderIn(page, "en-US", IPHONE);
  expect(seeded).toHaveLength(3);

  // Refused in the cell, naming the file and what iPhone 6.9" takes; nothing is sent to Apple.
  const add = page.getByLabel(`Add screenshots to en-US ${IPHONE}`);
  const before = await keyRequests(request, connection.keyId);
  await add.setInputFiles({ name: "wrong.png", mimeType: "image/png", buffer: png(1000, 2000) });
  const alert = cellOf(page, "en-US", IPHONE).getByRole("alert");
  await expect(alert).toContainText("wrong.png is 1000×2000");
  await expect(alert).toContainText("1320×2868, 2868×1320, 1290×2796");
  await add.setInputFiles({ name: "transparent.png", mimeType: "image/png", buffer: png(1320, 2868, { alpha: true }) });
  await expect(alert).toContainText("transparent.png has transparency");
  // The server refuses the same files on its own, whatever the browser did. (The same-origin
  // guard takes a JSON type or none; the server reads the file's format from its bytes.)
  const q = (fileName: string) => new URLSearchParams({ localizationId: version.localizationIds["en-US"], displayType: "APP_IPHONE_67", kind: "SCREENSHOT", fileName });
  const base = `/api/orgs/${org.id}/apps/${app.id}/media/uploads`;
  const wrong = await editor.post(`${base}?${q("wrong.png")}`, { headers: jsonHeaders(baseURL!), data: png(1000, 2000) });
  expect(wrong.status()).toBe(422);
  expect((await wrong.json()).error.message).toMatch(/wrong\.png is 1000×2000; iPhone 6\.9" takes 1320×2868, .*screenshot specifications/);
  const clear = await editor.post(`${base}?${q("transparent.png")}`, { headers: jsonHeaders(baseURL!), data: png(1320, 2868, { alpha: true }) });
  expect(clear.status()).toBe(422);
  expect((await clear.json()).error.message).toContain("transparent.png has transparency");
  expect(await keyRequests(request, connection.keyId)).toBe(before);
  expect(await count("MediaUpload", `"appId" = $1`, [app.id])).toBe(0);

  // Three screenshots: a bar per file and one for all, then the set in the order dropped.
  const files = [1, 2, 3].map((i) => ({ name: `shot-${i}.png`, mimeType: "image/png", buffer: png(1320, 2868, { rgb: [40 * i, 90, 160] }) }));
  await add.setInputFiles(files);
  await expect(page.getByRole("progressbar", { name: "All uploads" })).toBeVisible();
  for (const f of files) await expect(page.getByRole("progressbar", { name: `Upload of ${f.name}` })).toBeVisible();
  await expect(page.getByText("Uploads finished: 3 of 3 done")).toBeVisible({ timeout: 120_000 });
  await expect.poll(() => orderIn(page, "en-US", IPHONE)).toEqual([...seeded, "shot-1.png", "shot-2.png", "shot-3.png"]);
  // The simulator holds them in that order, each with the checksum of the bytes it received.
  const held = (await simMedia(request, connection.issuerId, appleLoc("en-US"))).find((s) => s.displayType === "APP_IPHONE_67")!;
  expect(held.assets.map((a) => a.fileName)).toEqual([...seeded, "shot-1.png", "shot-2.png", "shot-3.png"]);
  for (const f of files) {
    const a = held.assets.find((x) => x.fileName === f.name)!;
    expect(a).toMatchObject({ checksum: md5(f.buffer), receivedMd5: md5(f.buffer), deliveryState: "COMPLETE" });
  }

  // Reorder with the keyboard (Alt+←) and with a button; Apple's order follows.
  // The set may still be re-rendering after the uploads (a key pressed then can land on the old
  // element): the key is pressed again only while the order shows it was not taken.
  const moved = [...seeded, "shot-1.png", "shot-3.png", "shot-2.png"];
  await expect(async () => {
    if (JSON.stringify(await orderIn(page, "en-US", IPHONE)) !== JSON.stringify(moved)) {
      await cellOf(page, "en-US", IPHONE).getByRole("listitem", { name: /^shot-3\.png, 6 of 6/ }).focus();
      await page.keyboard.press("Alt+ArrowLeft");
    }
    expect(await orderIn(page, "en-US", IPHONE)).toEqual(moved);
  }).toPass({ timeout: 30_000, intervals: [1_000, 2_000, 3_000] });
  await expect(cellOf(page, "en-US", IPHONE).getByRole("listitem", { name: /^shot-3\.png, 5 of 6/ })).toBeFocused();
  await page.getByRole("button", { name: `Move ${seeded[0]} right` }).click();
  const reordered = [seeded[1], seeded[0], seeded[2], "shot-1.png", "shot-3.png", "shot-2.png"];
  await expect.poll(() => orderIn(page, "en-US", IPHONE)).toEqual(reordered);
  await expect
    .poll(async () => (await simMedia(request, connection.issuerId, appleLoc("en-US"))).find((s) => s.displayType === "APP_IPHONE_67")!.assets.map((a) => a.fileName))
    .toEqual(reordered);

  // Copy the set to de-DE and fr-FR: each gets the six files in the same order.
  await page.getByRole("button", { name: "Clear" }).click();
  await page.getByRole("button", { name: `Copy en-US ${IPHONE} screenshots to other locales` }).click();
  const dialog = page.getByRole("dialog", { name: `Copy en-US ${IPHONE} to…` });
  await dialog.getByRole("checkbox", { name: "de-DE" }).check();
  await dialog.getByRole("checkbox", { name: "fr-FR" }).check();
  await dialog.getByRole("button", { name: "Copy to 2 locales" }).click();
  await expect(page.getByText("Uploads finished: 12 of 12 done")).toBeVisible({ timeout: 200_000 });
  for (const locale of ["de-DE", "fr-FR"]) {
    await expect.poll(() => orderIn(page, locale, IPHONE)).toEqual(reordered);
    const copied = (await simMedia(request, connection.issuerId, appleLoc(locale))).find((s) => s.displayType === "APP_IPHONE_67")!;
    expect(copied.assets.map((a) => a.fileName)).toEqual(reordered);
    expect(copied.assets.every((a) => a.deliveryState === "COMPLETE" && a.checksum === a.receivedMd5)).toBe(true);
  }
  // Deleting asks first, saying the change is live at Apple at once.
  await cellOf(page, "en-US", IPHONE).getByRole("button", { name: "Delete shot-2.png" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete shot-2.png?" });
  await expect(confirm).toContainText("live at Apple at once");
  await confirm.getByRole("button", { name: "Delete at App Store Connect" }).click();
  const remaining = reordered.filter((n) => n !== "shot-2.png");
  await expect.poll(() => orderIn(page, "en-US", IPHONE)).toEqual(remaining);
  expect((await simMedia(request, connection.issuerId, appleLoc("en-US"))).find((s) => s.displayType === "APP_IPHONE_67")!.assets.map((a) => a.fileName)).toEqual(remaining);

  // Every change is in the history with who made it.
  const history = page.getByRole("region", { name: "History" });
  await expect(history.getByTestId("media-change").filter({ hasText: "Reordered" }).first()).toContainText(org.members.EDITOR.email);
  await expect(history.getByTestId("media-change").filter({ hasText: "Copied" }).first()).toBeVisible();
  await expect(history.getByTestId("media-change").filter({ hasText: "Deleted" }).first()).toContainText(org.members.EDITOR.email);
});

test("a viewer sees the sets and their thumbnails without any control that changes them", async ({ browser, baseURL, org, request, signedIn }) => {
  const { app } = await mediaApp(request, org);
  const viewer = await signedIn(org.members.VIEWER);
  const page = await editorPage(browser, baseURL!, await viewer.storageState());
  await page.goto(`/o/${org.slug}/apps/${app.id}/media`);
  expect(await orderIn(page, "en-US", IPHONE)).toHaveLength(3);
  // Thumbnails come from Apple's image host (the simulator's here), allowed by the page's policy.
  const thumb = cellOf(page, "en-US", IPHONE).getByTestId("media-asset").first().locator("img");
  await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await expect(page.getByText("Your role can see screenshots and previews")).toBeVisible();
  await expect(page.getByLabel(`Add screenshots to en-US ${IPHONE}`)).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^(Move|Delete) / })).toHaveCount(0);
  await expect(page.getByLabel("Zip file")).toHaveCount(0);
});

test("a fastlane screenshots/ zip with three locales and two devices lands in the right sets", async ({ browser, baseURL, org, request, signedIn }) => {
  test.setTimeout(240_000);
  const { connection, appleLoc } = await mediaApp(request, org);
  const editor = await signedIn(org.members.EDITOR);
  const page = await editorPage(browser, baseURL!, await editor.storageState());
  await page.goto(`/o/${org.slug}/apps`);
  const coverage = page.getByTestId("app-Target App").getByRole("link", { name: /locales complete/ });
  await expect(coverage).toContainText("1/3 locales complete");
  await coverage.click();
  await expect(page.getByRole("heading", { level: 1, name: "Target App: screenshots & previews" })).toBeVisible();
  const locales = ["en-US", "de-DE", "fr-FR"];
  const entries: Record<string, Uint8Array> = {};
  locales.forEach((locale, i) => {
    entries[`screenshots/${locale}/1_iPhone-${locale}.png`] = png(1320, 2868, { rgb: [20 + i, 30, 40] });
    entries[`screenshots/${locale}/2_iPad-${locale}.png`] = png(2064, 2752, { rgb: [50 + i, 60, 70] });
  });
  await page.getByLabel("Zip file").setInputFiles({ name: "screenshots.zip", mimeType: "application/zip", buffer: Buffer.from(zipSync(entries)) });
  await expect(page.getByText("screenshots.zip: 6 files queued for upload.")).toBeVisible();
  await expect(page.getByText("Uploads finished: 6 of 6 done")).toBeVisible({ timeout: 200_000 });

  for (const locale of locales) {
    const held = await simMedia(request, connection.issuerId, appleLoc(locale));
    const names = (type: string) => held.find((s) => s.displayType === type)?.assets.map((a) => a.fileName) ?? [];
    expect(names("APP_IPHONE_67").at(-1), `${locale} iPhone`).toBe(`1_iPhone-${locale}.png`);
    expect(names("APP_IPAD_PRO_3GEN_129").at(-1), `${locale} iPad`).toBe(`2_iPad-${locale}.png`);
    expect([...names("APP_IPHONE_67"), ...names("APP_IPAD_PRO_3GEN_129")].filter((n) => n.includes(locale))).toHaveLength(2);
    await expect.poll(() => orderIn(page, locale, IPHONE)).toContain(`1_iPhone-${locale}.png`);
    await expect.poll(() => orderIn(page, locale, IPAD)).toContain(`2_iPad-${locale}.png`);
  }
  await page.goto(`/o/${org.slug}/apps`);
  await expect(coverage).toContainText("3/3 locales complete");
});
