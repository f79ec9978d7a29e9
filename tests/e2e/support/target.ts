import type { APIRequestContext } from "@playwright/test";
import { expect } from "@playwright/test";
import { invite, joinAs, jsonHeaders, newOwner, type Account } from "./api";
import { randomUUID } from "node:crypto";
import { e2eDb } from "./db";
import { connectionBody } from "./keys";
import type { Target } from "./org-surface";
import { addSimTeam, registerSimKey, SIM_URL, simLocalizations } from "./sim";

/** An organisation with a viewer member and a pending invitation, as the surface cases need. */
export async function makeTarget(owner: APIRequestContext, viewer: APIRequestContext, baseURL: string, label: string): Promise<{ target: Target; owner: Account }> {
  const acct = await newOwner(owner, baseURL, label);
  const viewerAcct = await joinAs(owner, viewer, baseURL, acct.orgId, "VIEWER", `${label}-viewer`);
  const members = await (await owner.get(`/api/orgs/${acct.orgId}/members`)).json();
  const memberId = members.members.find((m: { user: { email: string } }) => m.user.email === viewerAcct.email)?.id;
  expect(memberId).toBeTruthy();
  const inv = await invite(owner, baseURL, acct.orgId, "EDITOR");
  // The connection's key works at the simulator, whose account for it has one app: pushes of the target's drafts reach it.
  const { key, body } = connectionBody();
  await addSimTeam(owner, key.issuerId, { apps: 1, reviewsPerApp: 3, locales: 2 });
  await registerSimKey(owner, key);
  const conn = await owner.post(`/api/orgs/${acct.orgId}/connections`, { headers: jsonHeaders(baseURL), data: body });
  expect(conn.status(), await conn.text()).toBe(201);
  const tok = await owner.post(`/api/orgs/${acct.orgId}/api-tokens`, { headers: jsonHeaders(baseURL), data: { name: "CI", role: "EDITOR" } });
  expect(tok.status(), await tok.text()).toBe(201);
  const connectionId = (await conn.json()).connection.id as string;
  const meta = await syncedAppRows(acct.orgId, connectionId, key.issuerId, owner, acct.email);
  const reviews = await syncedReviewRows(acct.orgId, connectionId, meta.appId, key.issuerId, owner);
  const ownerUserId = (await e2eDb().query(`SELECT id FROM "User" WHERE email = $1`, [acct.email])).rows[0].id as string;
  return {
    target: {
      orgId: acct.orgId,
      slug: acct.slug,
      orgName: acct.orgName,
      memberId,
      invitationId: inv.id,
      connectionId,
      ...meta,
      ...reviews,
      ownerUserId,
      apiTokenId: (await tok.json()).apiToken.id,
    },
    owner: acct,
  };
}

/**
 * The simulator's app as a metadata sync would have stored it (app information and the
 * version being prepared, in en-US and de-DE), with a draft of en-US promotional text
 * ready to push and one pushed change of the en-US keywords to revert.
 */
async function syncedAppRows(orgId: string, connectionId: string, issuerId: string, request: APIRequestContext, email: string) {
  const [app] = await simLocalizations(request, issuerId);
  // The app information being prepared (the one the grid edits) and the version going out with it.
  const info = app.appInfos.find((i) => i.state === "PREPARE_FOR_SUBMISSION")!;
  const version = app.versions.find((v) => v.appVersionState === "PREPARE_FOR_SUBMISSION")!;
  const id = (p: string) => `${p}-${randomUUID()}`;
  const ids = { appId: id("app"), appInfoId: id("info"), versionId: id("version"), draftId: id("draft"), changeId: id("change") };
  const q = (sql: string, params: unknown[]) => e2eDb().query(sql, params);
  const scope = [orgId, connectionId];
  await q(`INSERT INTO "SyncedApp" (id, "organizationId", "connectionId", "appleId", name, "bundleId", sku, "primaryLocale") VALUES ($1, $2, $3, $4, 'Target App', 'com.example.target', 'TARGET1', 'en-US')`, [ids.appId, ...scope, app.id]);
  await q(`INSERT INTO "SyncedAppInfo" (id, "organizationId", "connectionId", "appId", "appleId", "appStoreState", state) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [ids.appInfoId, ...scope, ids.appId, info.id, info.appStoreState, info.state]);
  for (const il of info.localizations) {
    await q(
      `INSERT INTO "SyncedAppInfoLocalization" (id, "organizationId", "connectionId", "appInfoId", "appleId", locale, name, subtitle, "privacyPolicyUrl") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [id("il"), ...scope, ids.appInfoId, il.id, il.locale, il.name, il.subtitle, il.privacyPolicyUrl],
    );
  }
  await q(`INSERT INTO "SyncedVersion" (id, "organizationId", "connectionId", "appId", "appleId", "versionString", platform, "appStoreState", "appVersionState") VALUES ($1, $2, $3, $4, $5, $6, 'IOS', $7, $8)`, [ids.versionId, ...scope, ids.appId, version.id, version.versionString, version.appStoreState, version.appVersionState]);
  const versionLocIds = new Map<string, string>();
  for (const vl of version.localizations) {
    versionLocIds.set(vl.locale, id("vl"));
    await q(
      `INSERT INTO "SyncedVersionLocalization" (id, "organizationId", "connectionId", "versionId", "appleId", locale, description, keywords, "marketingUrl", "promotionalText", "supportUrl", "whatsNew") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [versionLocIds.get(vl.locale), ...scope, ids.versionId, vl.id, vl.locale, vl.description, vl.keywords, vl.marketingUrl, vl.promotionalText, vl.supportUrl, vl.whatsNew],
    );
  }
  const en = version.localizations.find((l) => l.locale === "en-US")!;
  const versionLocalizationId = versionLocIds.get("en-US")!;
  await q(
    `INSERT INTO "MetadataDraft" (id, "organizationId", "connectionId", "appId", "localizationId", locale, field, value, "baseValue", "updatedAt") VALUES ($1, $2, $3, $4, $5, 'en-US', 'promotionalText', 'Now with the surface check', $6, now())`,
    [ids.draftId, ...scope, ids.appId, versionLocalizationId, en.promotionalText],
  );
  await q(
    `INSERT INTO "MetadataChange" (id, "organizationId", "connectionId", "appId", "localizationId", locale, field, "versionString", "oldValue", "newValue", "pushedByEmail") VALUES ($1, $2, $3, $4, $5, 'en-US', 'keywords', $6, 'older,keywords', $7, $8)`,
    [ids.changeId, ...scope, ids.appId, versionLocalizationId, version.versionString, en.keywords, email],
  );
  return { appId: ids.appId, versionLocalizationId, draftId: ids.draftId, changeId: ids.changeId };
}

/**
 * The simulator's three reviews of the app as a reviews sync would have stored them: the
 * first unanswered, the second with a reply made in App Store Connect, the third answered in
 * App Store Connect after that sync (we hold no reply, Apple does); and a reply template.
 */
async function syncedReviewRows(orgId: string, connectionId: string, appId: string, issuerId: string, request: APIRequestContext) {
  const held = async () => (await (await request.get(`${SIM_URL}/__sim/reviews?issuerId=${encodeURIComponent(issuerId)}`)).json()).reviews as { id: string; rating: number; createdDate: string }[];
  const [open, answered, answeredLater] = await held();
  const added = await request.post(`${SIM_URL}/__sim/responses`, { data: { issuerId, reviewId: answered.id, responseBody: "Thanks for the stars!" } });
  expect(added.status()).toBe(201);
  const later = await request.post(`${SIM_URL}/__sim/responses`, { data: { issuerId, reviewId: answeredLater.id, responseBody: "Answered in App Store Connect after the sync" } });
  expect(later.status()).toBe(201);
  const responses = (await (await request.get(`${SIM_URL}/__sim/responses?issuerId=${encodeURIComponent(issuerId)}`)).json()).responses as { id: string; reviewId: string }[];
  const ids = { reviewId: `review-${randomUUID()}`, repliedReviewId: `review-${randomUUID()}`, repliedAtAppleReviewId: `review-${randomUUID()}`, templateId: `template-${randomUUID()}` };
  const insert = `INSERT INTO "SyncedReview" (id, "organizationId", "connectionId", "appId", "appleId", rating, title, body, "reviewerNickname", territory, "createdDate", "responseAppleId", "responseBody", "responseState")
    VALUES ($1, $2, $3, $4, $5, $6, 'Surface review', 'A review for the surface check', 'surfer', 'USA', $7, $8, $9, $10)`;
  await e2eDb().query(insert, [ids.reviewId, orgId, connectionId, appId, open.id, open.rating, open.createdDate, null, null, null]);
  const resp = responses.find((r) => r.reviewId === answered.id)!;
  await e2eDb().query(insert, [ids.repliedReviewId, orgId, connectionId, appId, answered.id, answered.rating, answered.createdDate, resp.id, "Thanks for the stars!", "PUBLISHED"]);
  await e2eDb().query(insert, [ids.repliedAtAppleReviewId, orgId, connectionId, appId, answeredLater.id, answeredLater.rating, answeredLater.createdDate, null, null, null]);
  await e2eDb().query(`INSERT INTO "ReplyTemplate" (id, "organizationId", name, body, "updatedAt") VALUES ($1, $2, 'Thanks', 'Thanks {nickname}!', now())`, [ids.templateId, orgId]);
  return ids;
}
