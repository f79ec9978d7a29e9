import { expect, request as pwRequest, test, type APIRequestContext, type Page } from "@playwright/test";
import { joinAs, jsonHeaders, newOwner } from "./support/api";
import { count } from "./support/db";
import { connectionBody } from "./support/keys";
import { addSimTeam, changeSimLocalization, registerSimKey, simLocalizations } from "./support/sim";

/** An owner whose connection has had a full sync of its own simulator team: 2 apps, 3 locales each. */
async function syncedTeam(page: Page, request: APIRequestContext, baseURL: string, label: string) {
  const ctx = page.context().request;
  const owner = await newOwner(ctx, baseURL, label);
  const { key, body } = connectionBody("Metadata team");
  await addSimTeam(request, key.issuerId, { apps: 2, reviewsPerApp: 1, locales: 3 });
  await registerSimKey(request, key);
  const conn = await ctx.post(`/api/orgs/${owner.orgId}/connections`, { headers: jsonHeaders(baseURL), data: body });
  expect(conn.status(), await conn.text()).toBe(201);
  const sync = `/api/orgs/${owner.orgId}/connections/${(await conn.json()).connection.id}/sync`;
  const started = await ctx.post(sync, { headers: jsonHeaders(baseURL), data: { kind: "FULL" } });
  expect(started.status(), await started.text()).toBe(202);
  const { runId } = await started.json();
  await expect
    .poll(async () => (await (await ctx.get(sync)).json()).history.find((r: { id: string }) => r.id === runId)?.status, { timeout: 20_000 })
    .toBe("SUCCEEDED");
  /** What the simulator holds now for a version's localization of an app. */
  const held = async (appName: string, versionString: string, locale: string) => {
    const app = (await simLocalizations(request, key.issuerId)).find((a) => a.name === appName)!;
    return app.versions.find((v) => v.versionString === versionString)!.localizations.find((l) => l.locale === locale)!;
  };
  return { owner, issuerId: key.issuerId, held };
}

async function openApp(page: Page, slug: string, name: string) {
  await page.goto(`/o/${slug}/apps`);
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

const saved = (page: Page) => expect(page.getByRole("status").filter({ hasText: "All changes saved as drafts." })).toBeVisible();

test("an editor changes keywords in two locales, is stopped over the limit, reviews the diff and pushes", async ({ page, request, baseURL }) => {
  const { owner, held } = await syncedTeam(page, request, baseURL!, "meta-push");
  const before = { en: (await held("Sim App 1", "1.1", "en-US")).keywords, de: (await held("Sim App 1", "1.1", "de-DE")).keywords };

  // The apps overview counts locales of the version being prepared, and drafts.
  await page.goto(`/o/${owner.slug}/apps`);
  const row = page.getByTestId("app-Sim App 1");
  await expect(row.getByRole("cell").nth(3)).toHaveText("3 (v1.1)");
  await expect(row.getByRole("cell").nth(4)).toHaveText("0");
  await openApp(page, owner.slug, "Sim App 1");
  await expect(page.getByLabel("Version", { exact: true }).locator("option:checked")).toHaveText("1.1 (prepare for submission)");
  // The primary locale comes first.
  await expect(page.locator("tbody tr").first()).toHaveAttribute("data-testid", "locale-en-US");
  // Name, subtitle and privacy URL edit the app information that goes out with 1.1, not the live one.
  await expect(page.getByTestId("app-info-note")).toHaveText(/you are editing the app information being prepared for the next version \(prepare for submission\)/);
  await expect(page.getByRole("columnheader", { name: "App information (next version)" })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "Keywords (100 bytes)" })).toBeVisible();

  const en = page.getByRole("textbox", { name: "Keywords, en-US" });
  const de = page.getByRole("textbox", { name: "Keywords, de-DE" });
  const counter = async (input: typeof en) => page.locator(`[id="${await input.getAttribute("id")}-count"]`);
  await en.fill("photo,editor, photo");
  const hints = page.locator(`[id="${await en.getAttribute("id")}-hints"]`);
  await expect(hints).toContainText("Repeated: photo.");
  await expect(hints).toContainText("Spaces after commas count against the limit.");
  await en.fill("photo,editor,filters");
  await expect(hints).toHaveCount(0);
  await expect(await counter(en)).toHaveText("20/100 bytes");

  // Apple limits keywords to 100 bytes of UTF-8: 40 Japanese characters are 120.
  const tooLong = "写真編集カメラ加工フィルター美肌コラージュ動画編集スタンプ文字入れ背景ぼかし明る";
  await de.fill(tooLong);
  await expect(await counter(de)).toHaveText("120/100 bytes");
  await expect(de).toHaveAttribute("aria-invalid", "true");
  await expect(await counter(de)).toHaveClass(/text-red-700/);
  await saved(page);
  await expect(page.getByText("Live: " + before.de)).toBeVisible();

  await page.getByRole("button", { name: "Review and push (2)" }).click();
  const review = page.getByRole("dialog", { name: "Review changes before pushing" });
  await expect(review.getByRole("listitem")).toHaveCount(2);
  await review.getByRole("button", { name: "Push 2 changes" }).click();
  const refused = review.getByRole("alert");
  await expect(refused).toContainText("Nothing was pushed");
  await expect(refused).toContainText("de-DE · Keywords: Keywords is 120 bytes; Apple's limit is 100 bytes.");
  expect((await held("Sim App 1", "1.1", "en-US")).keywords).toBe(before.en);

  await review.getByRole("button", { name: "Back to editing" }).click();
  await de.fill("foto,bearbeiten,filter");
  await expect(de).not.toHaveAttribute("aria-invalid");
  await saved(page);
  await page.getByRole("button", { name: "Review and push (2)" }).click();
  const item = review.getByRole("listitem", { name: "de-DE · Keywords" });
  await expect(item.getByTestId("diff-before")).toHaveText(before.de);
  await expect(item.getByTestId("diff-after")).toHaveText("foto,bearbeiten,filter");
  // Words of the live value that go are struck through; the draft's new words are marked.
  await expect(item.locator("ins").first()).toContainText("foto");
  await expect(item.locator("del").first()).toBeVisible();
  await review.getByRole("button", { name: "Push 2 changes" }).click();

  const report = page.getByRole("region", { name: "Push report" });
  await expect(report).toContainText("2 pushed · 0 conflicts · 0 refused");
  expect((await held("Sim App 1", "1.1", "en-US")).keywords).toBe("photo,editor,filters");
  expect((await held("Sim App 1", "1.1", "de-DE")).keywords).toBe("foto,bearbeiten,filter");
  await expect(page.getByRole("button", { name: "Review and push", exact: true })).toBeVisible();

  const history = page.getByRole("table", { name: "Pushed changes, newest first" });
  const change = history.getByRole("row").filter({ hasText: "de-DE" });
  await expect(change).toContainText("foto,bearbeiten,filter");
  await expect(change).toContainText(before.de);
  await expect(change).toContainText(owner.email);
  await change.getByRole("button", { name: "Revert de-DE Keywords to the value before this change" }).click();
  await expect(page.getByRole("status").filter({ hasText: "is now a draft of de-DE keywords" })).toBeVisible();
  await expect(de).toHaveValue(before.de);
});

test("a value changed in App Store Connect after drafting shows both values; keeping mine and pushing overwrites it", async ({ page, request, baseURL }) => {
  const { owner, issuerId, held } = await syncedTeam(page, request, baseURL!, "meta-conflict");
  await openApp(page, owner.slug, "Sim App 1");

  await page.getByRole("button", { name: "Edit Promotional text, en-US" }).click();
  const dialog = page.getByRole("dialog", { name: "Promotional text · en-US" });
  await dialog.getByRole("textbox", { name: "Promotional text, en-US" }).fill("Mine: now twice as fast");
  await expect(dialog.locator("#long-field-count")).toHaveText("23/170");
  await expect(dialog.getByText("Saved", { exact: true })).toBeVisible();
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();

  const loc = await held("Sim App 1", "1.1", "en-US");
  await changeSimLocalization(request, issuerId, loc.id, { promotionalText: "Theirs: spring sale" });

  await page.getByRole("button", { name: "Review and push (1)" }).click();
  await page.getByRole("button", { name: "Push 1 change" }).click();
  const report = page.getByRole("region", { name: "Push report" });
  await expect(report).toContainText("0 pushed · 1 conflict · 0 refused");
  const conflict = report.getByRole("group", { name: "Conflict: en-US · Promotional text" });
  await expect(conflict).toContainText("Theirs: spring sale");
  await expect(conflict).toContainText("Mine: now twice as fast");
  await expect(conflict).toContainText(loc.promotionalText);
  expect((await held("Sim App 1", "1.1", "en-US")).promotionalText).toBe("Theirs: spring sale");

  await conflict.getByRole("button", { name: "Keep mine" }).click();
  await expect(conflict.getByRole("status")).toHaveText(/Keeping your draft/);
  await page.getByRole("button", { name: "Review and push (1)" }).click();
  await page.getByRole("button", { name: "Push 1 change" }).click();
  await expect(report).toContainText("1 pushed · 0 conflicts · 0 refused");
  expect((await held("Sim App 1", "1.1", "en-US")).promotionalText).toBe("Mine: now twice as fast");
});

test("fields a version's state locks are read-only, say why, and viewers get no edit controls", async ({ page, browser, request, baseURL }) => {
  const { owner } = await syncedTeam(page, request, baseURL!, "meta-locked");
  await openApp(page, owner.slug, "Sim App 2");
  await expect(page.getByLabel("Version", { exact: true }).locator("option:checked")).toHaveText("1.1 (waiting for review)");
  await expect(page.getByText("Version 1.1 is waiting for review: Apple accepts changes to its promotional text only.")).toBeVisible();

  const keywords = page.getByRole("textbox", { name: "Keywords, en-US" });
  const was = await keywords.inputValue();
  await expect(keywords).not.toBeEditable();
  await expect(keywords).toHaveAttribute("title", /does not allow editing keywords while the version is waiting for review/);
  await expect(keywords).toHaveAccessibleDescription(/Read-only: Apple does not allow editing keywords/);
  await keywords.focus();
  await page.keyboard.type("more");
  await expect(keywords).toHaveValue(was);
  await expect(page.getByRole("button", { name: "Read Description, en-US" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Edit Promotional text, en-US" })).toBeVisible();
  // The app information that goes out with 1.1 is in review with it: read-only, and the page says why.
  const name = page.getByRole("textbox", { name: "Name, en-US" });
  await expect(name).not.toBeEditable();
  await expect(name).toHaveAccessibleDescription(/Read-only: Apple does not allow changing the app information while it is waiting for review/);
  await expect(page.getByTestId("app-info-note")).toHaveText(/App information is read-only: Apple does not allow changing the app information while it is waiting for review/);
  await expect(page.getByRole("columnheader", { name: "App information (read-only)" })).toBeVisible();

  await page.getByLabel("Version", { exact: true }).selectOption({ label: "1.0 (ready for distribution)" });
  await expect(page).toHaveURL(/\?version=/);
  await expect(page.getByText("Version 1.0 is ready for distribution")).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Support URL, de-DE" })).not.toBeEditable();
  expect(await count("MetadataDraft", `"organizationId" = $1`, [owner.orgId])).toBe(0);

  // A viewer reads the same grid with nothing to change.
  const viewer = await pwRequest.newContext({ baseURL });
  await joinAs(page.context().request, viewer, baseURL!, owner.orgId, "VIEWER");
  const vctx = await browser.newContext({ baseURL, storageState: await viewer.storageState() });
  const vpage = await vctx.newPage();
  await openApp(vpage, owner.slug, "Sim App 1");
  await expect(vpage.getByTestId("locale-de-DE")).toBeVisible();
  await expect(vpage.getByRole("textbox")).toHaveCount(0);
  await expect(vpage.getByRole("button", { name: /Review and push/ })).toHaveCount(0);
  await expect(vpage.getByText("Your role can read metadata and drafts")).toBeVisible();
});

test("a fastlane folder is previewed before import, a bad file is refused by name, and a new locale reaches App Store Connect", async ({ page, request, baseURL }) => {
  const { owner, issuerId } = await syncedTeam(page, request, baseURL!, "meta-bulk");
  await openApp(page, owner.slug, "Sim App 1");

  // Export, then import the same folder: nothing to import.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export as fastlane metadata (.zip)" }).click();
  const zipPath = await (await download).path();
  const upload = page.getByLabel("Import a fastlane metadata folder (.zip)");
  await upload.setInputFiles(zipPath);
  await expect(page.getByText("The folder matches what the editor shows: nothing to import.")).toBeVisible();

  // One changed name and one file that is not UTF-8.
  const { unzipSync, zipSync, strToU8 } = await import("fflate");
  const files = unzipSync(new Uint8Array(await (await import("node:fs/promises")).readFile(zipPath)));
  const bad = zipSync({ ...files, "metadata/de-DE/name.txt": strToU8("Neuer Name\n"), "metadata/en-US/description.txt": new Uint8Array([0x48, 0xe9, 0x21]) });
  await upload.setInputFiles({ name: "bad.zip", mimeType: "application/zip", buffer: Buffer.from(bad) });
  await expect(page.getByRole("alert").filter({ hasText: "metadata/en-US/description.txt" })).toContainText("not UTF-8");
  await expect(page.getByRole("button", { name: "Import as drafts" })).toHaveCount(0);

  const good = zipSync({ ...files, "metadata/de-DE/name.txt": strToU8("Neuer Name\n") });
  await upload.setInputFiles({ name: "good.zip", mimeType: "application/zip", buffer: Buffer.from(good) });
  await expect(page.getByText(/de-DE · Name: .* → Neuer Name/)).toBeVisible();
  await page.getByRole("button", { name: "Import as drafts" }).click();
  await expect(page.getByText("Imported 1 change as drafts.")).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Name, de-DE" })).toHaveValue("Neuer Name");

  // A new locale, with the fields Apple requires, created at the simulator.
  await page.getByLabel("Locale (e.g. it, pt-BR)").fill("it");
  await page.getByLabel("Name (required)").fill("Nome");
  await page.getByLabel("Description (required)").fill("Descrizione");
  await page.getByRole("button", { name: "Add locale" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Added it at App Store Connect" })).toBeVisible();
  await expect(page.getByTestId("locale-it")).toBeVisible();
  const app = (await simLocalizations(request, issuerId)).find((a) => a.name === "Sim App 1")!;
  expect(app.versions.find((v) => v.versionString === "1.1")!.localizations.find((l) => l.locale === "it")).toMatchObject({ description: "Descrizione" });
});
