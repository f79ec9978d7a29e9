import { randomBytes } from "node:crypto";
import { expect, type APIRequestContext } from "@playwright/test";

export const PASSWORD = "correct horse battery staple";

export function email(label: string) {
  return `${label}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}@example.test`.toLowerCase();
}

/** Headers a page of ours would send with a JSON mutation. */
export function jsonHeaders(baseURL: string) {
  return { origin: new URL(baseURL).origin, "content-type": "application/json" };
}

export type Account = { email: string; password: string; orgId: string; slug: string; orgName: string };

export async function signUp(request: APIRequestContext, baseURL: string, opts: { label?: string; orgName?: string; invitationToken?: string } = {}) {
  const account = { email: email(opts.label ?? "user"), password: PASSWORD };
  const res = await request.post("/api/signup", {
    headers: jsonHeaders(baseURL),
    data: {
      name: opts.label ?? "Test User",
      ...account,
      ...(opts.invitationToken ? { invitationToken: opts.invitationToken } : { organizationName: opts.orgName ?? `Org ${randomBytes(2).toString("hex")}` }),
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return account;
}

/** Signs in through next-auth's credentials endpoint, as the form does; cookies land in `request`. */
export async function signIn(request: APIRequestContext, who: { email: string; password: string }) {
  const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
  const res = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: who.email, password: who.password, json: "true" },
    maxRedirects: 0,
  });
  expect([200, 302]).toContain(res.status());
  const session = await (await request.get("/api/orgs")).json();
  expect(session.organizations, "signed in").toBeDefined();
  return session.organizations as { id: string; slug: string; name: string; role: string }[];
}

/** A new user with a new organisation, signed in on `request`. */
export async function newOwner(request: APIRequestContext, baseURL: string, label = "owner"): Promise<Account> {
  const orgName = `${label} org ${randomBytes(2).toString("hex")}`;
  const acct = await signUp(request, baseURL, { label, orgName });
  const orgs = await signIn(request, acct);
  return { ...acct, orgId: orgs[0].id, slug: orgs[0].slug, orgName };
}

export async function invite(request: APIRequestContext, baseURL: string, orgId: string, role: string) {
  const res = await request.post(`/api/orgs/${orgId}/invitations`, { headers: jsonHeaders(baseURL), data: { role } });
  expect(res.status(), await res.text()).toBe(201);
  const { invitation } = await res.json();
  return { id: invitation.id as string, url: invitation.url as string, token: (invitation.url as string).split("/invite/")[1] };
}

/** Adds a fresh user to the organisation with `role`, through an invitation; returns them signed in on `request`. */
export async function joinAs(ownerRequest: APIRequestContext, request: APIRequestContext, baseURL: string, orgId: string, role: string, label = role.toLowerCase()) {
  const inv = await invite(ownerRequest, baseURL, orgId, role);
  const acct = await signUp(request, baseURL, { label, invitationToken: inv.token });
  await signIn(request, acct);
  return acct;
}
