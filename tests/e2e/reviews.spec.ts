import { expect, request as pwRequest, test, type APIRequestContext, type Page } from "@playwright/test";
import { joinAs, jsonHeaders, newOwner } from "./support/api";
import { e2eDb } from "./support/db";
import { connectionBody } from "./support/keys";
import { addSimTeam, registerSimKey, SIM_URL } from "./support/sim";

type SimResponse = { reviewId: string; responseBody: string; state: string; lastModifiedDate: string };

/**
 * An organisation whose connection has synced the reviews of its own simulator team
 * (2 apps, 30 reviews each), with `page` signed in as a member of `role`.
 */
async function inboxTeam(page: Page, request: APIRequestContext, baseURL: string, label: string, role: "SUPPORT" | "VIEWER" = "SUPPORT") {
  const ownerCtx = await pwRequest.newContext({ baseURL });
  const owner = await newOwner(ownerCtx, baseURL, label);
  const { key, body } = connectionBody("Reviews team");
  await addSimTeam(request, key.issuerId, { apps: 2, reviewsPerApp: 30 });
  await registerSimKey(request, key);
  const conn = await ownerCtx.post(`/api/orgs/${owner.orgId}/connections`, { headers: jsonHeaders(baseURL), data: body });
  expect(conn.status(), await conn.text()).toBe(201);
  const sync = `/api/orgs/${owner.orgId}/connections/${(await conn.json()).connection.id}/sync`;
  /** A reviews sync started by the owner (members with the support role may not start one), run to its end. */
  const syncReviews = async () => {
    const started = await ownerCtx.post(sync, { headers: jsonHeaders(baseURL), data: { kind: "REVIEWS" } });
    expect(started.status(), await started.text()).toBe(202);
    const { runId } = await started.json();
    await expect
      .poll(async () => (await (await ownerCtx.get(sync)).json()).history.find((r: { id: string }) => r.id === runId)?.status, { timeout: 20_000 })
      .toBe("SUCCEEDED");
  };
  await syncReviews();
  const name = `${label}-${role.toLowerCase()}`;
  await joinAs(ownerCtx, page.context().request, baseURL, owner.orgId, role, name);
  const held = async (): Promise<SimResponse[]> => (await (await request.get(`${SIM_URL}/__sim/responses`, { params: { issuerId: key.issuerId } })).json()).responses;
  const q = async (sql: string, params: unknown[]) => (await e2eDb().query(sql, [owner.orgId, ...params])).rows;
  return {
    slug: owner.slug,
    orgId: owner.orgId,
    issuerId: key.issuerId,
    name,
    /** The owner, signed in. */
    owner: ownerCtx,
    syncReviews,
    /** What the simulator holds as the reply to one of our reviews, or undefined. */
    heldReply: async (reviewId: string) => {
      const [{ appleId }] = await q(`SELECT "appleId" FROM "SyncedReview" WHERE "organizationId" = $1 AND id = $2`, [reviewId]);
      return (await held()).find((r) => r.reviewId === appleId);
    },
    appleIdOf: async (reviewId: string) => (await q(`SELECT "appleId" FROM "SyncedReview" WHERE "organizationId" = $1 AND id = $2`, [reviewId]))[0].appleId as string,
    appId: async (appName: string) => (await q(`SELECT id FROM "SyncedApp" WHERE "organizationId" = $1 AND name = $2`, [appName]))[0].id as string,
    q,
  };
}

const rowsOf = (page: Page) => page.getByRole("list", { name: "Reviews" }).getByRole("listitem");
const row = (page: Page, reviewId: string) => page.locator(`li[data-review-id="${reviewId}"]`);
const replyBox = (page: Page) => page.getByRole("textbox", { name: "Your reply" });
const detail = (page: Page) => page.getByRole("region", { name: "Selected review" });

test("a support member filters to unreplied 1-star reviews of one app, replies from a template, and edits and deletes the reply", async ({ page, request, baseURL }) => {
  const team = await inboxTeam(page, request, baseURL!, "inbox-reply");
  const appId = await team.appId("Sim App 1");

  // A template, written on the templates page; a variable it does not know is refused next to the text.
  await page.goto(`/o/${team.slug}/reviews`);
  await page.getByRole("link", { name: "Reply templates" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Reply templates" })).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill("Crash apology");
  const text = page.getByRole("textbox", { name: "Text", exact: true });
  await text.fill("Hi {nick}, sorry.");
  await page.getByRole("button", { name: "Save template" }).click();
  await expect(page.locator("#template-body-error")).toContainText("{nick} is not a variable");
  await expect(text).toHaveAttribute("aria-invalid", "true");
  await text.fill("Hi ");
  await page.getByRole("button", { name: /^Insert \{nickname\}/ }).click();
  await text.press("End");
  await text.pressSequentially(", sorry that {app} let you down.");
  await expect(page.getByRole("figure", { name: /^Preview/ })).toContainText("Hi Sam, sorry that Your App let you down.");
  await page.getByRole("button", { name: "Save template" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Created" })).toHaveText('Created "Crash apology".');
  await page.getByRole("link", { name: "Back to reviews" }).click();

  // The filters, through the controls; the URL holds them.
  await page.getByLabel("App", { exact: true }).selectOption({ label: "Sim App 1" });
  await page.getByRole("button", { name: /^1 star,/ }).click();
  await page.getByRole("button", { name: /^Unreplied,/ }).click();
  await expect.poll(() => Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ app: appId, rating: "1", replied: "no" });
  const expected = (
    await team.q(`SELECT id FROM "SyncedReview" WHERE "organizationId" = $1 AND "appId" = $2 AND rating = 1 AND "responseAppleId" IS NULL ORDER BY "createdDate" DESC, id DESC`, [appId])
  ).map((r) => r.id as string);
  expect(expected.length).toBeGreaterThan(0);
  await expect(rowsOf(page)).toHaveCount(expected.length);
  expect(await rowsOf(page).evaluateAll((lis) => lis.map((li) => li.getAttribute("data-review-id")))).toEqual(expected);
  for (const r of await rowsOf(page).all()) {
    await expect(r.getByRole("img", { name: "1 out of 5 stars" })).toBeVisible();
    await expect(r).toContainText("Unreplied");
    await expect(r).toContainText("Sim App 1");
  }
  await expect(page.getByRole("button", { name: /^1 star,/ })).toHaveAccessibleName(`1 star, ${expected.length} ${expected.length === 1 ? "review" : "reviews"}`);

  // A template filled in for the review, edited, sent.
  const reviewId = expected[0];
  const [{ reviewerNickname }] = await team.q(`SELECT "reviewerNickname" FROM "SyncedReview" WHERE "organizationId" = $1 AND id = $2`, [reviewId]);
  await row(page, reviewId).getByRole("button").click();
  await page.getByLabel("Template", { exact: true }).selectOption({ label: "Crash apology" });
  const filled = `Hi ${reviewerNickname}, sorry that Sim App 1 let you down.`;
  await expect(page.getByRole("figure", { name: "Template preview for this review" })).toContainText(filled);
  await page.getByRole("button", { name: "Insert template" }).click();
  await expect(replyBox(page)).toHaveValue(filled);
  await expect(replyBox(page)).toBeFocused();
  await replyBox(page).pressSequentially(" Version 1.2 fixes the crash.");
  const sent = `${filled} Version 1.2 fixes the crash.`;
  await expect(page.locator("#reply-count")).toHaveText(`${sent.length}/5,970`);
  await page.getByRole("button", { name: "Send reply" }).click();
  await expect(detail(page).getByRole("status")).toContainText("Reply sent");
  expect(await team.heldReply(reviewId)).toMatchObject({ responseBody: sent, state: "PENDING_PUBLISH" });
  await expect(row(page, reviewId)).toContainText("Pending publish");

  // Apple publishes it; the next reviews sync brings the news.
  await team.syncReviews();
  await page.goto(`/o/${team.slug}/reviews?app=${appId}&rating=1`);
  await expect(row(page, reviewId)).toContainText("Published");

  await row(page, reviewId).getByRole("button").click();
  await expect(replyBox(page)).toHaveValue(sent);
  await replyBox(page).fill("Thanks for telling us. Version 1.2 fixes the crash.");
  await page.getByRole("button", { name: "Save edit" }).click();
  await expect(detail(page).getByRole("status")).toHaveText("Edit saved at App Store Connect.");
  expect((await team.heldReply(reviewId))?.responseBody).toBe("Thanks for telling us. Version 1.2 fixes the crash.");
  await expect(row(page, reviewId)).toContainText("Pending publish");

  await page.getByRole("button", { name: "Delete reply" }).click();
  await page.getByRole("button", { name: "Yes, delete reply" }).click();
  await expect(detail(page).getByRole("status")).toHaveText("Reply deleted at App Store Connect.");
  expect(await team.heldReply(reviewId)).toBeUndefined();
  await expect(row(page, reviewId)).toContainText("Unreplied");
  await expect(replyBox(page)).toHaveValue("");
});

test("App Store Connect's refusals are shown with its reason and the reply stays in the box; the counter counts as Apple does", async ({ page, request, baseURL }) => {
  const team = await inboxTeam(page, request, baseURL!, "inbox-refused");
  await page.goto(`/o/${team.slug}/reviews`);
  const unreplied = rowsOf(page).filter({ has: page.getByText("Unreplied", { exact: true }) });
  await expect(unreplied.nth(1)).toBeVisible();
  const [gone, long] = await Promise.all([0, 1].map((i) => unreplied.nth(i).getAttribute("data-review-id") as Promise<string>));
  const refusal = detail(page).getByRole("alert");

  // The customer withdrew the review.
  expect((await request.post(`${SIM_URL}/__sim/reviews/remove`, { data: { issuerId: team.issuerId, reviewId: await team.appleIdOf(gone) } })).status()).toBe(200);
  await row(page, gone).getByRole("button").click();
  await replyBox(page).fill("Sorry to hear that.");
  await page.getByRole("button", { name: "Send reply" }).click();
  await expect(refusal).toContainText("App Store Connect refused the reply");
  await expect(replyBox(page)).toHaveValue("Sorry to hear that.");

  // Apple counts UTF-16 units: 2,985 emoji are 5,970, the limit; one letter more is over, before anything is sent.
  const emoji = "😀".repeat(2985);
  await row(page, long).getByRole("button").click();
  await replyBox(page).fill(`${emoji}a`);
  await expect(page.locator("#reply-count")).toHaveText("5,971/5,970 · 1 over");
  await expect(replyBox(page)).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("button", { name: "Send reply" })).toBeDisabled();
  await replyBox(page).fill(emoji);
  await expect(page.locator("#reply-count")).toHaveText("5,970/5,970");
  await expect(replyBox(page)).not.toHaveAttribute("aria-invalid");
  await page.getByRole("button", { name: "Send reply" }).click();
  await expect(detail(page).getByRole("status")).toContainText("Reply sent");
  expect((await team.heldReply(long))?.responseBody).toBe(emoji);
});

test("a reply written in App Store Connect since the last sync is shown, never overwritten unasked: kept, or replaced", async ({ page, request, baseURL }) => {
  const team = await inboxTeam(page, request, baseURL!, "inbox-asc-reply");
  await page.goto(`/o/${team.slug}/reviews`);
  const unreplied = rowsOf(page).filter({ has: page.getByText("Unreplied", { exact: true }) });
  await expect(unreplied.nth(1)).toBeVisible();
  const [kept, replaced] = await Promise.all([0, 1].map((i) => unreplied.nth(i).getAttribute("data-review-id") as Promise<string>));
  const found = detail(page).getByRole("region", { name: "Reply found at App Store Connect" });
  const writeInAppStoreConnect = async (reviewId: string, responseBody: string) =>
    expect((await request.post(`${SIM_URL}/__sim/responses`, { data: { issuerId: team.issuerId, reviewId: await team.appleIdOf(reviewId), responseBody } })).status()).toBe(201);

  // Someone answered in App Store Connect after our sync: sending shows their reply and sends nothing.
  await writeInAppStoreConnect(kept, "Answered in App Store Connect.");
  await row(page, kept).getByRole("button").click();
  await expect(row(page, kept)).toContainText("Unreplied");
  await replyBox(page).fill("Thanks for the review!");
  await page.getByRole("button", { name: "Send reply" }).click();
  await expect(found.getByTestId("found-reply")).toHaveText("Answered in App Store Connect.");
  const at = (await team.heldReply(kept))!.lastModifiedDate;
  await expect(found.locator("time")).toHaveText(`${at.slice(0, 10)} ${at.slice(11, 16)} UTC`);
  await expect(detail(page).getByRole("alert")).toHaveCount(0);
  await expect(replyBox(page)).toHaveValue("Thanks for the review!");
  expect((await team.heldReply(kept))?.responseBody).toBe("Answered in App Store Connect.");

  // "Keep theirs": it becomes the reply shown here, and the draft waits in the box.
  await found.getByRole("button", { name: "Keep theirs" }).click();
  await expect(detail(page).getByRole("status")).toHaveText("Kept the reply from App Store Connect. Your text is still in the box.");
  await expect(found).toHaveCount(0);
  await expect(detail(page).getByTestId("current-reply")).toHaveText("Answered in App Store Connect.");
  await expect(row(page, kept)).toContainText("Published");
  await expect(replyBox(page)).toHaveValue("Thanks for the review!");
  await expect(page.getByRole("button", { name: "Save edit" })).toBeEnabled();
  expect((await team.heldReply(kept))?.responseBody).toBe("Answered in App Store Connect.");

  // "Replace it": sent with the confirmation, App Store Connect holds ours, pending publish.
  await writeInAppStoreConnect(replaced, "Another answer from App Store Connect.");
  await row(page, replaced).getByRole("button").click();
  await replyBox(page).fill("Version 1.2 fixes this.");
  await page.getByRole("button", { name: "Send reply" }).click();
  await expect(found.getByTestId("found-reply")).toHaveText("Another answer from App Store Connect.");
  await found.getByRole("button", { name: "Replace it" }).click();
  await expect(detail(page).getByRole("status")).toContainText("The reply written in App Store Connect was replaced.");
  await expect(found).toHaveCount(0);
  expect(await team.heldReply(replaced)).toMatchObject({ responseBody: "Version 1.2 fixes this.", state: "PENDING_PUBLISH" });
  await expect(detail(page).getByTestId("current-reply")).toHaveText("Version 1.2 fixes this.");
  await expect(row(page, replaced)).toContainText("Pending publish");
});

test("j and k move through the reviews, r goes to the reply box, Escape leaves it and Ctrl+Enter sends", async ({ page, request, baseURL }) => {
  const team = await inboxTeam(page, request, baseURL!, "inbox-keys");
  await page.goto(`/o/${team.slug}/reviews?replied=no`);
  const rows = rowsOf(page).getByRole("button");
  await expect(rows.first()).toBeVisible();
  await expect(page.getByLabel("Keyboard shortcuts")).toContainText("next / previous review");

  await page.keyboard.press("j");
  await expect(rows.nth(0)).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("j");
  await expect(rows.nth(1)).toHaveAttribute("aria-current", "true");
  await expect(rows.nth(0)).not.toHaveAttribute("aria-current");
  await page.keyboard.press("j");
  await page.keyboard.press("k");
  await expect(rows.nth(1)).toHaveAttribute("aria-current", "true");
  const [{ title }] = await team.q(`SELECT title FROM "SyncedReview" WHERE "organizationId" = $1 AND id = $2`, [await rowsOf(page).nth(1).getAttribute("data-review-id")]);
  await expect(detail(page).getByRole("heading", { level: 2 })).toHaveText(title);

  await page.keyboard.press("r");
  await expect(replyBox(page)).toBeFocused();
  // In the box, j and k are letters.
  await page.keyboard.type("jk, thanks");
  await expect(replyBox(page)).toHaveValue("jk, thanks");
  await expect(rows.nth(1)).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("Escape");
  await expect(replyBox(page)).not.toBeFocused();
  await expect(rows.nth(1)).toBeFocused();
  await page.keyboard.press("k");
  await expect(rows.nth(0)).toHaveAttribute("aria-current", "true");
  // The draft of the other review waited.
  await page.keyboard.press("j");
  await expect(replyBox(page)).toHaveValue("jk, thanks");

  await page.keyboard.press("r");
  await page.keyboard.press("Control+Enter");
  await expect(detail(page).getByRole("status")).toContainText("Reply sent");
  const reviewId = (await rowsOf(page).nth(1).getAttribute("data-review-id"))!;
  expect((await team.heldReply(reviewId))?.responseBody).toBe("jk, thanks");
  await expect(row(page, reviewId)).toContainText("Pending publish");
});

test("a review assigned to yourself shows under Assigned to me", async ({ page, request, baseURL }) => {
  const team = await inboxTeam(page, request, baseURL!, "inbox-assign");
  await page.goto(`/o/${team.slug}/reviews`);
  await expect(page.getByRole("button", { name: /^Assigned to me,/ })).toHaveAccessibleName("Assigned to me, 0 reviews");
  const first = rowsOf(page).nth(2);
  const reviewId = (await first.getAttribute("data-review-id"))!;
  await first.getByRole("button").click();
  const assignee = page.getByLabel("Assigned to", { exact: true });
  await expect(assignee).toHaveValue("");
  await assignee.selectOption({ label: `${team.name} (you)` });
  await expect(row(page, reviewId)).toContainText("Assigned to you");
  await expect(page.getByRole("button", { name: /^Assigned to me,/ })).toHaveAccessibleName("Assigned to me, 1 review");

  await page.getByRole("button", { name: /^Assigned to me,/ }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get("assigned")).toBe("me");
  await expect(rowsOf(page)).toHaveCount(1);
  await expect(rowsOf(page).first()).toHaveAttribute("data-review-id", reviewId);

  // A shared link with the filter shows the same; Clear filters brings every review back.
  await page.reload();
  await expect(rowsOf(page)).toHaveCount(1);
  await page.getByRole("link", { name: "Clear filters" }).first().click();
  await expect(rowsOf(page)).toHaveCount(25);
});

test("a viewer reads the inbox and pages through it, without reply or assignment controls", async ({ page, request, baseURL }) => {
  const team = await inboxTeam(page, request, baseURL!, "inbox-viewer", "VIEWER");
  await page.goto(`/o/${team.slug}/reviews`);
  await expect(rowsOf(page)).toHaveCount(25);
  await page.getByRole("button", { name: "Load older reviews" }).click();
  await expect(rowsOf(page)).toHaveCount(50);
  await page.getByRole("button", { name: "Load older reviews" }).click();
  await expect(rowsOf(page)).toHaveCount(60);
  await expect(page.getByText("That is every review matching these filters.")).toBeVisible();
  const ids = await rowsOf(page).evaluateAll((lis) => lis.map((li) => li.getAttribute("data-review-id")));
  const all = (await team.q(`SELECT id FROM "SyncedReview" WHERE "organizationId" = $1 ORDER BY "createdDate" DESC, id DESC`, [])).map((r) => r.id);
  expect(ids).toEqual(all);

  await rowsOf(page).first().getByRole("button").click();
  await expect(detail(page)).toContainText("Your role can read reviews but not reply to them.");
  await expect(replyBox(page)).toHaveCount(0);
  await expect(page.getByLabel("Assigned to", { exact: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Send reply|Save edit|Delete reply/ })).toHaveCount(0);
  await page.keyboard.press("r");
  await expect(page.locator("textarea")).toHaveCount(0);

  await page.goto(`/o/${team.slug}/reviews/templates`);
  await expect(page.getByText("Your role can read templates but not change them.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save template" })).toHaveCount(0);

  // An alert's link opens its review beside the list, even one far below the first page.
  await page.goto(`/o/${team.slug}/reviews?review=${all[55]}`);
  await expect(rowsOf(page)).toHaveCount(25);
  const [oldest] = await team.q(`SELECT title FROM "SyncedReview" WHERE "organizationId" = $1 AND id = $2`, [all[55]]);
  await expect(detail(page).getByRole("heading", { level: 2 })).toHaveText(oldest.title || "(no title)");
  // A review of another organisation, or none, opens nothing.
  await page.goto(`/o/${team.slug}/reviews?review=not-a-review`);
  await expect(rowsOf(page)).toHaveCount(25);
  await expect(detail(page)).toHaveCount(0);

  // A link with a filter it cannot read says which, instead of failing.
  await page.goto(`/o/${team.slug}/reviews?rating=9`);
  await expect(page.getByRole("alert").filter({ hasText: "could not be read" })).toContainText('rating has a value it does not know: "9"');
  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(rowsOf(page)).toHaveCount(25);
});

test("a held support member's reply waits for approval; an owner edits and approves it, and only then does App Store Connect get it", async ({ browser, page, request, baseURL }) => {
  const team = await inboxTeam(page, request, baseURL!, "reply-held");
  const on = await team.owner.patch(`/api/orgs/${team.orgId}`, { headers: jsonHeaders(baseURL!), data: { replyApproval: true } });
  expect(on.status(), await on.text()).toBe(200);
  const members = (await (await team.owner.get(`/api/orgs/${team.orgId}/members`)).json()).members as { id: string; role: string }[];
  const hold = await team.owner.patch(`/api/orgs/${team.orgId}/members/${members.find((m) => m.role === "SUPPORT")!.id}`, { headers: jsonHeaders(baseURL!), data: { repliesNeedApproval: true } });
  expect(hold.status(), await hold.text()).toBe(200);

  // The support member's reply waits: nothing reaches App Store Connect.
  await page.goto(`/o/${team.slug}/reviews?replied=no`);
  const reviewId = (await rowsOf(page).first().getAttribute("data-review-id"))!;
  await rowsOf(page).first().getByRole("button").click();
  await replyBox(page).fill("Thanks, a fix is coming.");
  await page.getByRole("button", { name: "Submit for approval" }).click();
  await expect(detail(page)).toContainText("Awaiting approval: your reply waits for an owner or admin.");
  await expect(row(page, reviewId)).toContainText("Awaiting approval");
  expect(await team.heldReply(reviewId)).toBeUndefined();

  // The owner edits it in the approval queue and approves: the edited text is what Apple gets.
  const owner = await (await browser.newContext({ baseURL, storageState: await team.owner.storageState() })).newPage();
  await owner.goto(`/o/${team.slug}/reviews`);
  await owner.getByRole("link", { name: "Replies awaiting approval" }).click();
  const card = owner.getByTestId("pending-reply-card");
  await expect(card.getByLabel(/^Proposed reply by /)).toHaveValue("Thanks, a fix is coming.");
  await card.getByLabel(/^Proposed reply by /).fill("Thanks! Version 2.1 fixes this.");
  await card.getByRole("button", { name: "Approve edited reply" }).click();
  await expect.poll(async () => (await team.heldReply(reviewId))?.responseBody, { timeout: 10_000 }).toBe("Thanks! Version 2.1 fixes this.");
  // The author sees it answered, no longer waiting.
  await page.goto(`/o/${team.slug}/reviews?review=${reviewId}`);
  await expect(detail(page)).toContainText("Thanks! Version 2.1 fixes this.");
  await expect(detail(page)).not.toContainText("Awaiting approval");
});
