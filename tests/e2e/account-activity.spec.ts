import { randomBytes } from "node:crypto";
import { expect, request as pwRequest, test } from "@playwright/test";
import { invite, joinAs, jsonHeaders, newOwner, signIn } from "./support/api";
import { connectionBody } from "./support/keys";

// The browser the victim signs in with afterwards; the organisation's log must never carry it.
const SIGN_IN_BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0";

type AuditEvent = { action: string; actorEmail: string | null; targetLabel: string | null; userAgent: string | null };

test("an organisation that invites a user never sees that user's sign-ins; the user sees them under Account activity", async ({ browser, baseURL }) => {
  const attackerReq = await pwRequest.newContext({ baseURL });
  const attacker = await newOwner(attackerReq, baseURL!, "lurer");
  const victimReq = await pwRequest.newContext({ baseURL });
  const victim = await newOwner(victimReq, baseURL!, "lured");

  // The victim accepts an invitation into the attacker's organisation, then signs in again elsewhere.
  const inv = await invite(attackerReq, baseURL!, attacker.orgId, "VIEWER");
  const accepted = await victimReq.post("/api/invitations/accept", { headers: jsonHeaders(baseURL!), data: { token: inv.token } });
  expect(accepted.status(), await accepted.text()).toBe(201);
  const laterReq = await pwRequest.newContext({ baseURL, userAgent: SIGN_IN_BROWSER });
  await signIn(laterReq, victim);

  const api = await attackerReq.get(`/api/orgs/${attacker.orgId}/audit?limit=200`);
  expect(api.status()).toBe(200);
  const events = (await api.json()).events as AuditEvent[];
  expect(events.filter((e) => e.action === "member.joined" && e.targetLabel === victim.email)).toHaveLength(1);
  expect(events.filter((e) => e.actorEmail === victim.email).map((e) => e.action)).toEqual(["member.joined"]);
  expect(JSON.stringify(events)).not.toContain("Firefox/133.0");
  const signIns = await attackerReq.get(`/api/orgs/${attacker.orgId}/audit?action=auth.sign_in`);
  expect((await signIns.json()).events).toEqual([]);

  const attackerPage = await (await browser.newContext({ baseURL, storageState: await attackerReq.storageState() })).newPage();
  await attackerPage.goto(`/o/${attacker.slug}/audit`);
  const rows = attackerPage.locator("tbody tr");
  await expect(rows.filter({ hasText: "Joined organisation" }).filter({ hasText: victim.email })).toHaveCount(1);
  await expect(rows.filter({ hasText: victim.email })).toHaveCount(1);
  await expect(rows.filter({ hasText: "Signed in" })).toHaveCount(0);

  const victimPage = await (await browser.newContext({ baseURL, storageState: await laterReq.storageState() })).newPage();
  await victimPage.goto("/account");
  const activity = victimPage.locator("section").filter({ has: victimPage.getByRole("heading", { name: "Account activity" }) });
  await expect(activity).toBeVisible();
  const latest = activity.locator("tbody tr").first();
  await expect(latest).toContainText("Signed in");
  await expect(latest).toContainText("Firefox 133 on macOS");
  await expect(latest).toContainText("127.0.0.1");
  // The attacker's own account page lists only the attacker's events.
  const attackerAccount = await (await browser.newContext({ baseURL, storageState: await attackerReq.storageState() })).newPage();
  await attackerAccount.goto("/account");
  await expect(attackerAccount.getByRole("heading", { name: "Account activity" })).toBeVisible();
  await expect(attackerAccount.getByText("Firefox 133 on macOS")).toHaveCount(0);
});

test("an admin limited to one client's connection reads only that client's events in the audit log", async ({ browser, baseURL }) => {
  const ownerReq = await pwRequest.newContext({ baseURL });
  const owner = await newOwner(ownerReq, baseURL!, "agency");
  const tag = randomBytes(2).toString("hex");
  const ids: string[] = [];
  for (const name of [`Alpha Client ${tag}`, `Bravo Client ${tag}`]) {
    const res = await ownerReq.post(`/api/orgs/${owner.orgId}/connections`, { headers: jsonHeaders(baseURL!), data: connectionBody(name).body });
    expect(res.status(), await res.text()).toBe(201);
    ids.push((await res.json()).connection.id);
  }
  const renamed = await ownerReq.patch(`/api/orgs/${owner.orgId}/connections/${ids[1]}`, { headers: jsonHeaders(baseURL!), data: { name: `Bravo Client ${tag} EU` } });
  expect(renamed.status(), await renamed.text()).toBe(200);
  const agentReq = await pwRequest.newContext({ baseURL });
  const agent = await joinAs(ownerReq, agentReq, baseURL!, owner.orgId, "ADMIN", "alpha-agent");
  const members = (await (await ownerReq.get(`/api/orgs/${owner.orgId}/members`)).json()).members as { id: string; user: { email: string } }[];
  const limit = await ownerReq.patch(`/api/orgs/${owner.orgId}/members/${members.find((m) => m.user.email === agent.email)!.id}`, {
    headers: jsonHeaders(baseURL!),
    data: { restrictConnections: true, connectionIds: [ids[0]] },
  });
  expect(limit.status(), await limit.text()).toBe(200);

  const page = await (await browser.newContext({ baseURL, storageState: await agentReq.storageState() })).newPage();
  await page.goto(`/o/${owner.slug}/audit`);
  await expect(page.locator("tbody tr").filter({ hasText: "Added connection" }).filter({ hasText: `Alpha Client ${tag}` })).toHaveCount(1);
  await expect(page.locator("tbody tr").filter({ hasText: "Created organisation" })).toHaveCount(1);
  await expect(page.locator("main")).not.toContainText(`Bravo Client ${tag}`);
  const api = await agentReq.get(`/api/orgs/${owner.orgId}/audit?limit=200`);
  expect(api.status()).toBe(200);
  const text = await api.text();
  expect(text).toContain(`Alpha Client ${tag}`);
  expect(text).not.toContain(`Bravo Client ${tag}`);
  expect(text).not.toContain(ids[1]);

  // The owner, who sees every connection, reads both clients' events.
  const all = await (await ownerReq.get(`/api/orgs/${owner.orgId}/audit?limit=200`)).text();
  expect(all).toContain(`Alpha Client ${tag}`);
  expect(all).toContain(`Bravo Client ${tag} EU`);
});
