import { expect, request as pwRequest, test, type APIRequestContext } from "@playwright/test";
import { joinAs, jsonHeaders } from "./support/api";
import { e2eDb, orgFingerprint } from "./support/db";
import { API_CASES, PAGE_CASES, REVIEW_CASES, type Target } from "./support/org-surface";
import { SIM_URL } from "./support/sim";
import { makeTarget } from "./support/target";

// Ratings per version are review data: support reads them too.
const isReviewRoute = (route: string) => /\/reviews|\/review-templates|\/ratings\//.test(route);

async function member(owner: APIRequestContext, target: Target, baseURL: string, role: string, label: string) {
  const request = await pwRequest.newContext({ baseURL });
  const acct = await joinAs(owner, request, baseURL, target.orgId, role, label);
  const members = (await (await owner.get(`/api/orgs/${target.orgId}/members`)).json()).members as { id: string; user: { email: string } }[];
  return { request, memberId: members.find((m) => m.user.email === acct.email)!.id };
}

async function apiToken(owner: APIRequestContext, baseURL: string, orgId: string, data: Record<string, unknown>) {
  const res = await owner.post(`/api/orgs/${orgId}/api-tokens`, { headers: jsonHeaders(baseURL), data: { name: "Helpdesk", ...data } });
  expect(res.status(), await res.text()).toBe(201);
  return pwRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${(await res.json()).apiToken.token}` } });
}

test("an agency member limited to other connections sees none of a connection's reviews and can act on none", async ({ baseURL }) => {
  const [owner, viewer] = await Promise.all([0, 1].map(() => pwRequest.newContext({ baseURL })));
  const { target } = await makeTarget(owner, viewer, baseURL!, "reviews-agency");
  const agent = await member(owner, target, baseURL!, "SUPPORT", "agency-support");
  const limit = await owner.patch(`/api/orgs/${target.orgId}/members/${agent.memberId}`, { headers: jsonHeaders(baseURL!), data: { restrictConnections: true, connectionIds: [] } });
  expect(limit.status(), await limit.text()).toBe(200);

  const before = await orgFingerprint(target.orgId);
  expect((await (await agent.request.get(`/api/orgs/${target.orgId}/reviews`)).json()).reviews).toEqual([]);
  expect((await (await agent.request.get(`/api/orgs/${target.orgId}/reviews/counts`)).json()).counts.total).toBe(0);
  for (const c of REVIEW_CASES()) {
    const res = await agent.request.fetch(c.path(target), { method: c.method, headers: jsonHeaders(baseURL!), data: c.body?.(target) });
    expect(res.status(), `${c.method} ${c.route}`).toBe(404);
    expect((await res.json()).error.message).toBe("Review was not found.");
  }
  expect(await orgFingerprint(target.orgId)).toBe(before);

  // Granted the connection, the same member sees its reviews and answers them.
  await owner.patch(`/api/orgs/${target.orgId}/members/${agent.memberId}`, { headers: jsonHeaders(baseURL!), data: { connectionIds: [target.connectionId] } });
  const listed = (await (await agent.request.get(`/api/orgs/${target.orgId}/reviews`)).json()).reviews as { id: string }[];
  expect(listed.map((r) => r.id).sort()).toEqual([target.reviewId, target.repliedReviewId, target.repliedAtAppleReviewId].sort());
  const [send] = REVIEW_CASES();
  const sent = await agent.request.fetch(send.path(target), { method: send.method, headers: jsonHeaders(baseURL!), data: send.body?.(target) });
  expect(sent.status(), await sent.text()).toBe(201);

  // An API token limited to no connection sees no review either.
  const token = await apiToken(owner, baseURL!, target.orgId, { role: "SUPPORT", connectionIds: [target.connectionId] });
  expect(((await (await token.get("/api/v1/reviews")).json()).reviews as unknown[]).length).toBe(3);
  const other = await owner.post(`/api/orgs/${target.orgId}/connections`, { headers: jsonHeaders(baseURL!), data: (await import("./support/keys")).connectionBody("Other client").body });
  const limited = await apiToken(owner, baseURL!, target.orgId, { role: "SUPPORT", connectionIds: [(await other.json()).connection.id] });
  expect((await (await limited.get("/api/v1/reviews")).json()).reviews).toEqual([]);
  expect((await limited.post(`/api/v1/reviews/${target.repliedReviewId}/response`, { data: { body: "Hi" } })).status()).toBe(404);
});

test("an agency member limited to another client sees none of this client's apps on the Sales page, even naming its connection in the URL", async ({ browser, baseURL }) => {
  const [owner, viewer] = await Promise.all([0, 1].map(() => pwRequest.newContext({ baseURL })));
  const { target } = await makeTarget(owner, viewer, baseURL!, "sales-agency");
  const agent = await member(owner, target, baseURL!, "VIEWER", "agency-sales");
  const other = await owner.post(`/api/orgs/${target.orgId}/connections`, { headers: jsonHeaders(baseURL!), data: (await import("./support/keys")).connectionBody("Other client").body });
  expect(other.status(), await other.text()).toBe(201);
  const limit = await owner.patch(`/api/orgs/${target.orgId}/members/${agent.memberId}`, {
    headers: jsonHeaders(baseURL!),
    data: { restrictConnections: true, connectionIds: [(await other.json()).connection.id] },
  });
  expect(limit.status(), await limit.text()).toBe(200);

  const ctx = await browser.newContext({ baseURL, storageState: await agent.request.storageState() });
  const page = await ctx.newPage();
  const url = `/o/${target.slug}/sales?connection=${target.connectionId}`;
  expect((await page.goto(url))?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: "Sales" })).toBeVisible();
  expect(await page.content()).not.toContain("TARGET1");
  expect(await page.content()).not.toContain("Target App");

  // Granted this client's connection too, the same member sees its app in the picker.
  await owner.patch(`/api/orgs/${target.orgId}/members/${agent.memberId}`, { headers: jsonHeaders(baseURL!), data: { connectionIds: [target.connectionId] } });
  await page.goto(url);
  await expect(page.getByRole("option", { name: "Target App (TARGET1)" })).toBeAttached();
});

test("a support member answers reviews and can do nothing else", async ({ browser, baseURL }) => {
  const [owner, viewer] = await Promise.all([0, 1].map(() => pwRequest.newContext({ baseURL })));
  const { target } = await makeTarget(owner, viewer, baseURL!, "reviews-support");
  const support = await member(owner, target, baseURL!, "SUPPORT", "support");

  const before = await orgFingerprint(target.orgId);
  for (const c of API_CASES.filter((c) => !isReviewRoute(c.route))) {
    const res = await support.request.fetch(c.path(target), { method: c.method, headers: jsonHeaders(baseURL!), data: c.body?.(target) });
    if (c.route === "api/orgs/[orgId]" && c.method === "GET") expect(res.status()).toBe(200);
    else if (c.route === "api/orgs/[orgId]/overview" && c.method === "GET") {
      // The overview answers support with its review counts only; every other part is withheld.
      expect(res.status()).toBe(200);
      const { connections } = (await res.json()) as { connections: Record<string, unknown>[] };
      expect(connections.length).toBeGreaterThan(0);
      for (const conn of connections) {
        expect(conn.reviews).not.toBeNull();
        for (const part of ["health", "drafts", "media", "sales", "conversion", "failingSyncs"]) expect(conn[part], part).toBeNull();
      }
    } else expect(res.status(), `${c.method} ${c.route}`).toBe(403);
  }
  expect(await orgFingerprint(target.orgId)).toBe(before);

  for (const c of API_CASES.filter((c) => isReviewRoute(c.route))) {
    const res = await support.request.fetch(c.path(target), { method: c.method, headers: jsonHeaders(baseURL!), data: c.body?.(target) });
    expect(res.status(), `${c.method} ${c.route}: ${await res.text()}`).toBeLessThan(300);
  }
  expect(await orgFingerprint(target.orgId)).not.toBe(before);

  const ctx = await browser.newContext({ baseURL, storageState: await support.request.storageState() });
  const page = await ctx.newPage();
  for (const p of PAGE_CASES) {
    const res = await page.goto(p.path(target));
    // The approval queue is for owners and admins: support's replies may be what waits there.
    const mayOpen = p.route === "o/[slug]" || (p.route.startsWith("o/[slug]/reviews") && p.route !== "o/[slug]/reviews/approvals") || p.route === "o/[slug]/settings";
    expect(res?.status(), p.route).toBe(mayOpen ? 200 : 403);
  }
  await page.goto(`/o/${target.slug}`);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Reviews" })).toBeVisible();
  for (const name of ["Connections", "Apps", "Sales", "Audit log"]) await expect(nav.getByRole("link", { name })).toHaveCount(0);
  await ctx.close();
});

test("a helpdesk lists reviews with the inbox's filters and cursor, and replies, edits and deletes through /api/v1", async ({ baseURL }) => {
  const [owner, viewer] = await Promise.all([0, 1].map(() => pwRequest.newContext({ baseURL })));
  const { target } = await makeTarget(owner, viewer, baseURL!, "reviews-v1");
  const api = await apiToken(owner, baseURL!, target.orgId, { role: "SUPPORT" });

  const first = await (await api.get("/api/v1/reviews?limit=1")).json();
  expect(first.reviews).toHaveLength(1);
  expect(first.nextCursor).toEqual(expect.any(String));
  const second = await (await api.get(`/api/v1/reviews?limit=1&cursor=${first.nextCursor}`)).json();
  expect(second.reviews).toHaveLength(1);
  expect(second.nextCursor).toEqual(expect.any(String));
  const third = await (await api.get(`/api/v1/reviews?limit=1&cursor=${second.nextCursor}`)).json();
  expect(third.reviews).toHaveLength(1);
  expect(third.nextCursor).toBeNull();
  expect([first, second, third].map((p) => p.reviews[0].id).sort()).toEqual([target.reviewId, target.repliedReviewId, target.repliedAtAppleReviewId].sort());

  const unreplied = await (await api.get(`/api/v1/reviews?replied=no&app=${target.appId}`)).json();
  expect(unreplied.reviews.map((r: { id: string }) => r.id).sort()).toEqual([target.reviewId, target.repliedAtAppleReviewId].sort());
  const bad = await api.get("/api/v1/reviews?rating=6");
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error.field).toBe("rating");

  const sent = await api.post(`/api/v1/reviews/${target.reviewId}/response`, { data: { body: "Thanks from the helpdesk" } });
  expect(sent.status(), await sent.text()).toBe(201);
  expect((await sent.json()).review.response).toMatchObject({ body: "Thanks from the helpdesk", state: "PENDING_PUBLISH" });
  const edited = await api.put(`/api/v1/reviews/${target.reviewId}/response`, { data: { body: "Thanks again from the helpdesk" } });
  expect((await edited.json()).review.response.body).toBe("Thanks again from the helpdesk");
  const removed = await api.delete(`/api/v1/reviews/${target.reviewId}/response`);
  expect((await removed.json()).review.response).toBeNull();

  // A reply written in App Store Connect meanwhile is not overwritten: the 409 carries it, and `replace` naming it overwrites it.
  const [{ appleId, issuerId }] = (
    await e2eDb().query(`SELECT r."appleId", c."issuerId" FROM "SyncedReview" r JOIN "Connection" c ON c.id = r."connectionId" WHERE r."organizationId" = $1 AND r.id = $2`, [target.orgId, target.reviewId])
  ).rows;
  expect((await owner.post(`${SIM_URL}/__sim/responses`, { data: { issuerId, reviewId: appleId, responseBody: "Answered in App Store Connect." } })).status()).toBe(201);
  const declined = await api.post(`/api/v1/reviews/${target.reviewId}/response`, { data: { body: "Thanks from the helpdesk" } });
  expect(declined.status()).toBe(409);
  const { error } = await declined.json();
  expect(error).toMatchObject({ code: "REPLY_EXISTS_AT_APPLE", found: { id: expect.any(String), body: "Answered in App Store Connect.", state: "PUBLISHED" } });
  const replaced = await api.post(`/api/v1/reviews/${target.reviewId}/response`, { data: { body: "Thanks from the helpdesk", replace: { responseId: error.found.id, responseBody: error.found.body } } });
  expect(replaced.status(), await replaced.text()).toBe(201);
  expect((await replaced.json()).review.response).toMatchObject({ body: "Thanks from the helpdesk", state: "PENDING_PUBLISH" });
  const assigned = await api.put(`/api/v1/reviews/${target.reviewId}/assignee`, { data: { userId: target.ownerUserId } });
  expect((await assigned.json()).review.assignedTo.id).toBe(target.ownerUserId);
  const empty = await api.post(`/api/v1/reviews/${target.reviewId}/response`, { data: { body: "  " } });
  expect(empty.status()).toBe(422);
  expect((await empty.json()).error.field).toBe("body");

  const readOnly = await apiToken(owner, baseURL!, target.orgId, { role: "VIEWER" });
  expect((await readOnly.get("/api/v1/reviews")).status()).toBe(200);
  expect((await readOnly.post(`/api/v1/reviews/${target.reviewId}/response`, { data: { body: "Hi" } })).status()).toBe(403);
  expect((await readOnly.put(`/api/v1/reviews/${target.reviewId}/assignee`, { data: { userId: null } })).status()).toBe(403);

  const audit = (await (await owner.get(`/api/orgs/${target.orgId}/audit`)).json()) as { events: { action: string }[] };
  for (const action of ["review.replied", "review.reply_edited", "review.reply_deleted", "review.assigned"]) expect(audit.events.map((e) => e.action)).toContain(action);
});
