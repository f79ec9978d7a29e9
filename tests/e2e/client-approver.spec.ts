import { expect, request as pwRequest, test, type APIRequestContext } from "@playwright/test";
import { joinAs, jsonHeaders } from "./support/api";
import { orgFingerprint } from "./support/db";
import { connectionBody } from "./support/keys";
import { API_CASES, PAGE_CASES, type Target } from "./support/org-surface";
import { makeTarget } from "./support/target";

/**
 * The client approver role: an agency's client, granted their own connection, in the
 * organisation that also holds another client's (the target's) connection, walks every
 * org-scoped route and page. Nothing changes, nothing of the other client is named, and
 * only what the role may read opens: apps, metadata, screenshots and change sets.
 */
const LEAKS = ["Client team", "Target App", "TARGET1", "com.example.target", "Surface check", "Schneller und stabiler"];
/** The pages a client approver may open (their own connection's are empty here). */
const READABLE_PAGES = new Set(["o/[slug]", "o/[slug]/apps", "o/[slug]/change-sets", "o/[slug]/settings"]);

async function clientApprover(owner: APIRequestContext, target: Target, baseURL: string) {
  const request = await pwRequest.newContext({ baseURL });
  const acct = await joinAs(owner, request, baseURL, target.orgId, "CLIENT_APPROVER", "client-approver");
  const members = (await (await owner.get(`/api/orgs/${target.orgId}/members`)).json()).members as { id: string; role: string; restrictConnections: boolean; user: { email: string } }[];
  const me = members.find((m) => m.user.email === acct.email)!;
  // Limited from the start, to no connection; the owner grants their own.
  expect(me).toMatchObject({ role: "CLIENT_APPROVER", restrictConnections: true });
  const own = await owner.post(`/api/orgs/${target.orgId}/connections`, { headers: jsonHeaders(baseURL), data: connectionBody("Approver's own client").body });
  expect(own.status(), await own.text()).toBe(201);
  const grant = await owner.patch(`/api/orgs/${target.orgId}/members/${me.id}`, { headers: jsonHeaders(baseURL), data: { connectionIds: [(await own.json()).connection.id] } });
  expect(grant.status(), await grant.text()).toBe(200);
  // The limit cannot be lifted for this role.
  const lift = await owner.patch(`/api/orgs/${target.orgId}/members/${me.id}`, { headers: jsonHeaders(baseURL), data: { restrictConnections: false } });
  expect(lift.status()).toBe(422);
  return request;
}

test("a client approver changes nothing and sees nothing of another client through any route or page", async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const [owner, viewer] = await Promise.all([0, 1].map(() => pwRequest.newContext({ baseURL })));
  const { target } = await makeTarget(owner, viewer, baseURL!, "client-approver");
  const approver = await clientApprover(owner, target, baseURL!);

  const before = await orgFingerprint(target.orgId);
  for (const c of API_CASES) {
    const res = await approver.fetch(c.path(target), { method: c.method, headers: jsonHeaders(baseURL!), data: c.body?.(target) });
    const text = await res.text();
    const what = `${c.method} ${c.route}`;
    for (const word of LEAKS) expect(text, `${what} names "${word}"`).not.toContain(word);
    if (c.method === "GET") expect([200, 403, 404], `${what}: ${text}`).toContain(res.status());
    else expect([403, 404], `${what}: ${text}`).toContain(res.status());
  }
  expect(await orgFingerprint(target.orgId), "nothing changed").toBe(before);

  // What the role may read answers, limited to their connection; the rest is refused.
  const get = (path: string) => approver.get(`/api/orgs/${target.orgId}${path}`);
  expect((await get("/change-sets")).status()).toBe(200);
  expect((await (await get("/change-sets")).json()).changeSets).toEqual([]);
  expect((await get(`/change-sets/${target.changeSetId}`)).status()).toBe(404);
  const settings = await get("/approval-settings");
  expect(settings.status()).toBe(200);
  expect((await settings.json()).settings.connections.map((c: { name: string }) => c.name)).toEqual(["Approver's own client"]);
  expect((await get(`/apps/${target.appId}/metadata`)).status()).toBe(404);
  for (const path of ["/reviews", "/sales?from=2026-05-01&to=2026-05-31", "/alerts/channels", "/audit", "/members", "/connections"]) expect((await get(path)).status(), path).toBe(403);

  const ctx = await browser.newContext({ baseURL, storageState: await approver.storageState() });
  const page = await ctx.newPage();
  for (const p of PAGE_CASES) {
    const res = await page.goto(p.path(target));
    const status = res?.status();
    if (READABLE_PAGES.has(p.route)) expect(status, `page ${p.route}`).toBe(200);
    else expect([403, 404], `page ${p.route}`).toContain(status);
    const html = await page.content();
    for (const word of LEAKS) expect(html, `page ${p.route} names "${word}"`).not.toContain(word);
  }
});
