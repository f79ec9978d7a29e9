import { expect, request as pwRequest, test, type Page } from "@playwright/test";
import { joinAs, jsonHeaders, newOwner } from "./support/api";
import { connectionBody } from "./support/keys";
import { addSimTeam, registerSimKey, simLocalizations } from "./support/sim";

/**
 * Approval of metadata, as an agency and its client use it: approval is on for the client's
 * connection; an editor submits a change set; the client approver (who sees only that
 * connection) reviews the diff and approves; the editor pushes it. Nothing unapproved reaches
 * App Store Connect, and an edit after approval needs approval again.
 */
test("an editor submits a change set, the client approver approves its diff, the push goes through; unapproved or edited sets are refused", async ({ browser, page, request, baseURL }) => {
  test.setTimeout(180_000);
  const ownerReq = page.context().request;
  const owner = await newOwner(ownerReq, baseURL!, "approvals");
  const { key, body } = connectionBody("Client A");
  await addSimTeam(request, key.issuerId, { apps: 1, reviewsPerApp: 1, locales: 2 });
  await registerSimKey(request, key);
  const conn = await ownerReq.post(`/api/orgs/${owner.orgId}/connections`, { headers: jsonHeaders(baseURL!), data: body });
  expect(conn.status(), await conn.text()).toBe(201);
  const connectionId = (await conn.json()).connection.id as string;
  const sync = `/api/orgs/${owner.orgId}/connections/${connectionId}/sync`;
  const { runId } = await (await ownerReq.post(sync, { headers: jsonHeaders(baseURL!), data: { kind: "FULL" } })).json();
  await expect.poll(async () => (await (await ownerReq.get(sync)).json()).history.find((r: { id: string }) => r.id === runId)?.status, { timeout: 30_000 }).toBe("SUCCEEDED");
  const heldKeywords = async (locale: string) => (await simLocalizations(request, key.issuerId))[0].versions.find((v) => v.versionString === "1.1")!.localizations.find((l) => l.locale === locale)!.keywords;

  // The owner turns approval on for the client's connection; an editor and the client's approver join.
  const settings = await ownerReq.put(`/api/orgs/${owner.orgId}/approval-settings`, { headers: jsonHeaders(baseURL!), data: { connections: [{ id: connectionId, requireApproval: true }] } });
  expect(settings.status(), await settings.text()).toBe(200);
  const [editorReq, clientReq] = await Promise.all([0, 1].map(() => pwRequest.newContext({ baseURL })));
  await joinAs(ownerReq, editorReq, baseURL!, owner.orgId, "EDITOR", "cs-editor");
  const client = await joinAs(ownerReq, clientReq, baseURL!, owner.orgId, "CLIENT_APPROVER", "cs-client");
  const members = (await (await ownerReq.get(`/api/orgs/${owner.orgId}/members`)).json()).members as { id: string; user: { email: string } }[];
  const grant = await ownerReq.patch(`/api/orgs/${owner.orgId}/members/${members.find((m) => m.user.email === client.email)!.id}`, { headers: jsonHeaders(baseURL!), data: { connectionIds: [connectionId] } });
  expect(grant.status(), await grant.text()).toBe(200);

  // The editor changes the de-DE keywords and submits them with a note.
  const before = await heldKeywords("de-DE");
  const editor = await (await browser.newContext({ baseURL, storageState: await editorReq.storageState() })).newPage();
  const openApp = async (p: Page) => {
    await p.goto(`/o/${owner.slug}/apps`);
    await p.getByRole("link", { name: "Sim App 1" }).click();
    await expect(p.getByRole("heading", { level: 1, name: "Sim App 1" })).toBeVisible();
  };
  const editKeywords = async (value: string) => {
    await openApp(editor);
    await editor.getByRole("textbox", { name: "Keywords, de-DE" }).fill(value);
    await expect(editor.getByRole("status").filter({ hasText: "All changes saved as drafts." })).toBeVisible();
  };
  await editKeywords("fotos,bearbeiten,kunden");
  await editor.getByRole("button", { name: "Review and submit for approval (1)" }).click();
  const review = editor.getByRole("dialog", { name: "Review changes before submitting them for approval" });
  await review.getByLabel("Note for the approver").fill("Neue Keywords für den Frühling");
  await review.getByRole("button", { name: "Submit 1 change for approval" }).click();
  await expect(editor.getByRole("heading", { level: 1, name: "Sim App 1: change set" })).toBeVisible();
  await expect(editor.getByTestId("change-set-status")).toHaveText("Waiting for approval");
  const changeSetId = editor.url().split("/").pop()!;

  // Nothing unapproved can be pushed: neither the drafts nor the waiting set (403 from the API).
  const api = editorReq;
  const direct = await api.post(`/api/orgs/${owner.orgId}/apps/${(await (await api.get(`/api/orgs/${owner.orgId}/change-sets/${changeSetId}`)).json()).changeSet.app.id}/metadata/push`, { headers: jsonHeaders(baseURL!), data: {} });
  expect(direct.status()).toBe(403);
  const early = await api.post(`/api/orgs/${owner.orgId}/change-sets/${changeSetId}/push`, { headers: jsonHeaders(baseURL!) });
  expect(early.status()).toBe(403);
  expect((await early.json()).error.message).toMatch(/waiting for approval/);
  await expect(editor.getByRole("button", { name: "Push to App Store Connect" })).toHaveCount(0);

  // The client approver sees only what concerns them, reviews the diff and approves.
  const approver = await (await browser.newContext({ baseURL, storageState: await clientReq.storageState() })).newPage();
  await approver.goto(`/o/${owner.slug}`);
  const nav = approver.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Approvals" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Reviews" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Sales" })).toHaveCount(0);
  await nav.getByRole("link", { name: "Approvals" }).click();
  await approver.getByRole("link", { name: "Sim App 1: 1 change" }).click();
  await expect(approver.getByText("Neue Keywords für den Frühling")).toBeVisible();
  const item = approver.getByRole("listitem", { name: "de-DE · Keywords" });
  await expect(item.getByTestId("diff-before")).toContainText(before.split(",")[0]);
  await expect(item.getByTestId("diff-after")).toContainText("fotos,bearbeiten,kunden");
  await approver.getByRole("button", { name: "Approve" }).click();
  await expect(approver.getByTestId("change-set-status")).toHaveText("Approved");
  // A client approver cannot push, nor reach reviews.
  expect((await clientReq.post(`/api/orgs/${owner.orgId}/change-sets/${changeSetId}/push`, { headers: jsonHeaders(baseURL!) })).status()).toBe(403);
  expect((await clientReq.get(`/api/orgs/${owner.orgId}/reviews`)).status()).toBe(403);

  // An edit after approval sends the set back: the push is refused until it is approved again.
  await editKeywords("fotos,bearbeiten,kunden,neu");
  await editor.goto(`/o/${owner.slug}/change-sets/${changeSetId}`);
  await expect(editor.getByTestId("change-set-status")).toHaveText("Waiting for approval");
  expect((await api.post(`/api/orgs/${owner.orgId}/change-sets/${changeSetId}/push`, { headers: jsonHeaders(baseURL!) })).status()).toBe(403);
  expect(await heldKeywords("de-DE")).toBe(before);

  await approver.reload();
  await expect(approver.getByRole("listitem", { name: "de-DE · Keywords" }).getByTestId("diff-after")).toContainText("kunden,neu");
  await approver.getByRole("button", { name: "Approve" }).click();
  await expect(approver.getByTestId("change-set-status")).toHaveText("Approved");

  // Approved: the editor pushes, and App Store Connect holds exactly the approved value.
  await editor.reload();
  await editor.getByRole("button", { name: "Push to App Store Connect" }).click();
  await expect(editor.getByRole("status").filter({ hasText: "Pushed: 1 sent, 0 in conflict, 0 refused." })).toBeVisible();
  await expect(editor.getByTestId("change-set-status")).toHaveText("Pushed");
  expect(await heldKeywords("de-DE")).toBe("fotos,bearbeiten,kunden,neu");
});
