import { randomUUID } from "node:crypto";
import { request as pwRequest, type APIRequestContext, type Browser } from "@playwright/test";
import { joinAs, jsonHeaders, newOwner } from "./support/api";
import { expect, test } from "./support/fixtures";
import { makeConnection } from "./support/seed";

async function memberId(owner: APIRequestContext, orgId: string, email: string) {
  const members = (await (await owner.get(`/api/orgs/${orgId}/members`)).json()).members as { id: string; user: { email: string } }[];
  return members.find((m) => m.user.email === email)!.id;
}

async function createToken(request: APIRequestContext, baseURL: string, orgId: string, data: Record<string, unknown>) {
  const res = await request.post(`/api/orgs/${orgId}/api-tokens`, { headers: jsonHeaders(baseURL), data: { role: "VIEWER", ...data } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).apiToken as { id: string; token: string };
}

async function inviteByMail(request: APIRequestContext, baseURL: string, orgId: string, email: string) {
  const res = await request.post(`/api/orgs/${orgId}/invitations`, { headers: jsonHeaders(baseURL), data: { role: "VIEWER", email } });
  expect(res.status(), await res.text()).toBe(201);
}

async function pageAs(browser: Browser, baseURL: string, request: APIRequestContext) {
  const ctx = await browser.newContext({ baseURL, storageState: await request.storageState() });
  return ctx.newPage();
}

test("after an admin is demoted, the token page shows their token revoked with who created it, and their invitation is gone", async ({ browser, baseURL }) => {
  const [ownerReq, adminReq] = await Promise.all([0, 1].map(() => pwRequest.newContext({ baseURL })));
  const owner = await newOwner(ownerReq, baseURL!, "gad-owner");
  const admin = await joinAs(ownerReq, adminReq, baseURL!, owner.orgId, "ADMIN", "gad-admin");
  const tok = await createToken(adminReq, baseURL!, owner.orgId, { name: "Admin release CI" });
  const api = await pwRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${tok.token}` } });
  expect((await api.get("/api/v1/me")).status()).toBe(200);
  await inviteByMail(adminReq, baseURL!, owner.orgId, `from-admin-${randomUUID()}@example.test`);
  const ownersInvitee = `from-owner-${randomUUID()}@example.test`;
  await inviteByMail(ownerReq, baseURL!, owner.orgId, ownersInvitee);

  const page = await pageAs(browser, baseURL!, ownerReq);
  await page.goto(`/o/${owner.slug}/settings/api-tokens`);
  const row = page.getByTestId("api-token-Admin release CI");
  await expect(row.getByTestId("api-token-creator")).toContainText(`by gad-admin (${admin.email})`);
  await expect(row).not.toContainText("last used never");

  const demote = await ownerReq.patch(`/api/orgs/${owner.orgId}/members/${await memberId(ownerReq, owner.orgId, admin.email)}`, { headers: jsonHeaders(baseURL!), data: { role: "EDITOR" } });
  expect(demote.status(), await demote.text()).toBe(200);

  await page.reload();
  await expect(row).toContainText("revoked");
  await expect(row.getByRole("button", { name: "Revoke" })).toHaveCount(0);
  expect((await api.get("/api/v1/me")).status()).toBe(401);

  await page.goto(`/o/${owner.slug}/settings/members`);
  const pending = page.getByRole("list").filter({ hasText: ownersInvitee });
  await expect(pending).toBeVisible();
  await expect(pending).not.toContainText("from-admin-");
});

test("an admin limited to one client's connection sees only that client's tokens and no invitations", async ({ browser, baseURL, org, signedIn }) => {
  const { OWNER: owner, ADMIN: admin } = org.members;
  const [ownerReq, adminReq] = [await signedIn(owner), await signedIn(admin)];
  // These pages never talk to Apple: the connections' keys need no account at the simulator.
  const [a, b] = [(await makeConnection(org.id, owner.id, { name: "Client A" })).id, (await makeConnection(org.id, owner.id, { name: "Client B" })).id];
  await createToken(ownerReq, baseURL!, org.id, { name: "Client A CI", connectionIds: [a] });
  const bTok = await createToken(ownerReq, baseURL!, org.id, { name: "Client B CI", connectionIds: [b] });
  await createToken(ownerReq, baseURL!, org.id, { name: "Everything CI" });
  await inviteByMail(ownerReq, baseURL!, org.id, `client-b-${randomUUID()}@example.test`);
  const limit = await ownerReq.patch(`/api/orgs/${org.id}/members/${admin.membershipId}`, { headers: jsonHeaders(baseURL!), data: { restrictConnections: true, connectionIds: [a] } });
  expect(limit.status(), await limit.text()).toBe(200);

  const page = await pageAs(browser, baseURL!, adminReq);
  await page.goto(`/o/${org.slug}/settings/api-tokens`);
  await expect(page.getByTestId("api-token-Client A CI")).toBeVisible();
  await expect(page.getByText("Tokens (1)")).toBeVisible();
  await expect(page.getByTestId("api-token-Client B CI")).toHaveCount(0);
  await expect(page.getByTestId("api-token-Everything CI")).toHaveCount(0);
  const revoke = await adminReq.delete(`/api/orgs/${org.id}/api-tokens/${bTok.id}`, { headers: jsonHeaders(baseURL!) });
  expect(revoke.status()).toBe(404);

  await page.goto(`/o/${org.slug}/settings/members`);
  await expect(page.getByText("No pending invitations.")).toBeVisible();
});

test("the token lifetime cap is set on the settings page, checked, and shortens tokens without expiry", async ({ browser, baseURL }) => {
  const ownerReq = await pwRequest.newContext({ baseURL });
  const owner = await newOwner(ownerReq, baseURL!, "gad-cap");
  await createToken(ownerReq, baseURL!, owner.orgId, { name: "Forever CI" });
  const page = await pageAs(browser, baseURL!, ownerReq);
  await page.goto(`/o/${owner.slug}/settings`);
  const days = page.getByLabel("Longest API token lifetime (days)");
  await days.fill("0");
  await page.getByRole("button", { name: "Save lifetime cap" }).click();
  await expect(page.getByText("At least 1 day, or leave empty for no cap.")).toBeVisible();
  await days.fill("90");
  await page.getByRole("button", { name: "Save lifetime cap" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved. 1 token now expires earlier.");

  await page.goto(`/o/${owner.slug}/settings/api-tokens`);
  await expect(page.getByText("This organisation's tokens expire within 90 days.")).toBeVisible();
  await expect(page.getByTestId("api-token-Forever CI")).toContainText("expires ");
  await expect(page.getByTestId("api-token-Forever CI")).not.toContainText("no expiry");
  const refused = await ownerReq.post(`/api/orgs/${owner.orgId}/api-tokens`, { headers: jsonHeaders(baseURL!), data: { name: "Too long", role: "VIEWER", expiresInDays: 91 } });
  expect(refused.status()).toBe(422);
  expect((await refused.json()).error).toMatchObject({ field: "expiresInDays" });
});
