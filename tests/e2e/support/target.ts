import type { APIRequestContext } from "@playwright/test";
import { expect } from "@playwright/test";
import { invite, joinAs, jsonHeaders, newOwner, type Account } from "./api";
import { randomUUID } from "node:crypto";
import { e2eDb } from "./db";
import { connectionBody } from "./keys";
import type { Target } from "./org-surface";

/** An organisation with a viewer member and a pending invitation, as the surface cases need. */
export async function makeTarget(owner: APIRequestContext, viewer: APIRequestContext, baseURL: string, label: string): Promise<{ target: Target; owner: Account }> {
  const acct = await newOwner(owner, baseURL, label);
  const viewerAcct = await joinAs(owner, viewer, baseURL, acct.orgId, "VIEWER", `${label}-viewer`);
  const members = await (await owner.get(`/api/orgs/${acct.orgId}/members`)).json();
  const memberId = members.members.find((m: { user: { email: string } }) => m.user.email === viewerAcct.email)?.id;
  expect(memberId).toBeTruthy();
  const inv = await invite(owner, baseURL, acct.orgId, "EDITOR");
  const conn = await owner.post(`/api/orgs/${acct.orgId}/connections`, { headers: jsonHeaders(baseURL), data: connectionBody().body });
  expect(conn.status(), await conn.text()).toBe(201);
  const tok = await owner.post(`/api/orgs/${acct.orgId}/api-tokens`, { headers: jsonHeaders(baseURL), data: { name: "CI", role: "EDITOR" } });
  expect(tok.status(), await tok.text()).toBe(201);
  // A synced app, as a sync would have stored it, for the app pages.
  const connectionId = (await conn.json()).connection.id as string;
  const appId = `app-${randomUUID()}`;
  await e2eDb().query(
    `INSERT INTO "SyncedApp" (id, "organizationId", "connectionId", "appleId", name, "bundleId", sku, "primaryLocale") VALUES ($1, $2, $3, $4, 'Target App', 'com.example.target', 'TARGET1', 'en-US')`,
    [appId, acct.orgId, connectionId, String(Date.now())],
  );
  return {
    target: {
      orgId: acct.orgId,
      slug: acct.slug,
      orgName: acct.orgName,
      memberId,
      invitationId: inv.id,
      connectionId,
      appId,
      apiTokenId: (await tok.json()).apiToken.id,
    },
    owner: acct,
  };
}
