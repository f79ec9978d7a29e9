import type { APIRequestContext } from "@playwright/test";
import { expect } from "@playwright/test";
import { invite, joinAs, newOwner, type Account } from "./api";
import type { Target } from "./org-surface";

/** An organisation with a viewer member and a pending invitation, as the surface cases need. */
export async function makeTarget(owner: APIRequestContext, viewer: APIRequestContext, baseURL: string, label: string): Promise<{ target: Target; owner: Account }> {
  const acct = await newOwner(owner, baseURL, label);
  const viewerAcct = await joinAs(owner, viewer, baseURL, acct.orgId, "VIEWER", `${label}-viewer`);
  const members = await (await owner.get(`/api/orgs/${acct.orgId}/members`)).json();
  const memberId = members.members.find((m: { user: { email: string } }) => m.user.email === viewerAcct.email)?.id;
  expect(memberId).toBeTruthy();
  const inv = await invite(owner, baseURL, acct.orgId, "EDITOR");
  return { target: { orgId: acct.orgId, slug: acct.slug, orgName: acct.orgName, memberId, invitationId: inv.id }, owner: acct };
}
