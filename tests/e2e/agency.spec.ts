import { expect, request as pwRequest, test, type APIRequestContext } from "@playwright/test";
import { joinAs, jsonHeaders } from "./support/api";
import { orgFingerprint } from "./support/db";
import { connectionBody } from "./support/keys";
import { API_CASES, PAGE_CASES, type ApiCase, type Target } from "./support/org-surface";
import { makeTarget } from "./support/target";

/**
 * Agency restriction: an admin limited to one client's connection, in an organisation that
 * also holds another client's (the target's) connection, walks every org-scoped route and
 * page. Whatever belongs to the other client answers 404 and changes nothing; organisation-wide
 * answers never name the other client's connection, app or SKU.
 */

/** Routes about one object of the other client, or one that reaches all connections (the target's token and invitation are unrestricted). */
const aboutOtherClient = (route: string) => /\[connectionId\]|\[appId\]|\/reviews\/\[reviewId\]|\[tokenId\]|\[invitationId\]|\[reportId\]|\[pendingReplyId\]|\[changeSetId\]/.test(route);
const LEAKS = ["Client team", "Target App", "TARGET1", "com.example.target"];

async function restrictedAdmin(owner: APIRequestContext, target: Target, baseURL: string) {
  const request = await pwRequest.newContext({ baseURL });
  const acct = await joinAs(owner, request, baseURL, target.orgId, "ADMIN", "agency-admin");
  const members = (await (await owner.get(`/api/orgs/${target.orgId}/members`)).json()).members as { id: string; user: { email: string } }[];
  const memberId = members.find((m) => m.user.email === acct.email)!.id;
  const own = await owner.post(`/api/orgs/${target.orgId}/connections`, { headers: jsonHeaders(baseURL), data: connectionBody("Own agency client").body });
  expect(own.status(), await own.text()).toBe(201);
  const limit = await owner.patch(`/api/orgs/${target.orgId}/members/${memberId}`, {
    headers: jsonHeaders(baseURL),
    data: { restrictConnections: true, connectionIds: [(await own.json()).connection.id] },
  });
  expect(limit.status(), await limit.text()).toBe(200);
  return { request, acct };
}

function send(ctx: APIRequestContext, c: ApiCase, target: Target, baseURL: string) {
  return ctx.fetch(c.path(target), { method: c.method, headers: jsonHeaders(baseURL), data: c.body?.(target) });
}

function expectNoLeak(text: string, what: string) {
  for (const word of LEAKS) expect(text, `${what} names "${word}"`).not.toContain(word);
}

test("a restricted agency admin reaches nothing of another client through any route or page", async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const [owner, viewer] = await Promise.all([0, 1].map(() => pwRequest.newContext({ baseURL })));
  const { target } = await makeTarget(owner, viewer, baseURL!, "agency");
  const admin = await restrictedAdmin(owner, target, baseURL!);

  // Reads first: organisation-wide ones answer without naming the other client.
  for (const c of API_CASES.filter((c) => c.method === "GET")) {
    const res = await send(admin.request, c, target, baseURL!);
    const text = await res.text();
    if (aboutOtherClient(c.route)) {
      expect(res.status(), `GET ${c.route}`).toBe(404);
    } else {
      expect(res.status(), `GET ${c.route}: ${text}`).toBeLessThan(500);
      expectNoLeak(text, `GET ${c.route}`);
    }
  }
  const tokens = await (await admin.request.get(`/api/orgs/${target.orgId}/api-tokens`)).text();
  expect(tokens, "a token that reaches every connection is not listed").not.toContain(target.apiTokenId);
  const invitations = await (await admin.request.get(`/api/orgs/${target.orgId}/invitations`)).text();
  expect(invitations, "an invitation to every connection is not listed").not.toContain(target.invitationId);

  const ctx = await browser.newContext({ baseURL, storageState: await admin.request.storageState() });
  const page = await ctx.newPage();
  for (const p of PAGE_CASES) {
    const res = await page.goto(p.path(target));
    if (aboutOtherClient(p.route)) {
      expect(res?.status(), `page ${p.route}`).toBe(404);
    } else {
      expect(res?.status(), `page ${p.route}`).toBe(200);
      await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
      expectNoLeak(await page.content(), `page ${p.route}`);
    }
  }

  // Changes to the other client's objects are refused and change nothing.
  for (const c of API_CASES.filter((c) => c.method !== "GET" && aboutOtherClient(c.route))) {
    const before = await orgFingerprint(target.orgId);
    const res = await send(admin.request, c, target, baseURL!);
    expect(res.status(), `${c.method} ${c.route}`).toBe(404);
    expectNoLeak(await res.text(), `${c.method} ${c.route}`);
    expect(await orgFingerprint(target.orgId), `${c.method} ${c.route} changed nothing`).toBe(before);
  }
  // Organisation-wide changes may be the admin's to make; their answers still name nothing of the other client.
  for (const c of API_CASES.filter((c) => c.method !== "GET" && !aboutOtherClient(c.route))) {
    const res = await send(admin.request, c, target, baseURL!);
    const text = await res.text();
    expect(res.status(), `${c.method} ${c.route}: ${text}`).toBeLessThan(500);
    expectNoLeak(text, `${c.method} ${c.route}`);
  }
});
