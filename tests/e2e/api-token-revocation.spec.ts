import { expect, request as pwRequest, test, type APIRequestContext } from "@playwright/test";
import { jsonHeaders, newOwner, signIn } from "./support/api";
import { E2E_NOSIGNUP_PORT, E2E_PORT } from "./support/ports";

// Two web servers on one database and one Redis, as two instances behind a load balancer.
const servers = { first: `http://127.0.0.1:${E2E_PORT}`, second: `http://127.0.0.1:${E2E_NOSIGNUP_PORT}` };
type Server = keyof typeof servers;

async function bearer(base: string, token: string) {
  return pwRequest.newContext({ baseURL: base, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
}

test("a token revoked on the tokens page of either server is refused by both within a second", async () => {
  const sessions: Record<Server, APIRequestContext> = { first: await pwRequest.newContext({ baseURL: servers.first }), second: await pwRequest.newContext({ baseURL: servers.second }) };
  const owner = await newOwner(sessions.first, servers.first, "revoker");
  await signIn(sessions.second, owner);

  for (const revokeOn of ["first", "second"] as const) {
    const created = await sessions.first.post(`/api/orgs/${owner.orgId}/api-tokens`, { headers: jsonHeaders(servers.first), data: { name: `CI ${revokeOn}`, role: "VIEWER" } });
    expect(created.status()).toBe(201);
    const { apiToken } = await created.json();
    const api = { first: await bearer(servers.first, apiToken.token), second: await bearer(servers.second, apiToken.token) };
    // Both servers accept it, and keep it in their caches.
    for (const s of ["first", "second"] as const) {
      for (let i = 0; i < 3; i++) expect((await api[s].get("/api/v1/me")).status()).toBe(200);
    }

    const revoked = await sessions[revokeOn].delete(`/api/orgs/${owner.orgId}/api-tokens/${apiToken.id}`, { headers: jsonHeaders(servers[revokeOn]) });
    expect(revoked.status()).toBe(204);
    for (const s of ["first", "second"] as const) {
      await expect.poll(async () => (await api[s].get("/api/v1/me")).status(), { timeout: 1_000, intervals: [50] }).toBe(401);
    }
  }
});
