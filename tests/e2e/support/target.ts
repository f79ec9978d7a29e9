import { randomBytes } from "node:crypto";
import { expect, type APIRequestContext } from "@playwright/test";
import { email, jsonHeaders, PASSWORD, signIn, type Account } from "./api";
import type { Target } from "./org-surface";
import { addMembership, makeChange, makeClientReport, makeDraft, makeInvitation, makeOrg, makePendingReply, makeReplyTemplate, makeUser } from "./seed";
import { simConnection, storeSimApp, storeSimReviews, type SimConnection } from "./sim-account";
import { storeSimMedia } from "./sim-media";

/** The organisation's rows the surface cases act on that a fixture or makeTarget has already made. */
export type SeededSurface = {
  org: { id: string; slug: string; name: string };
  owner: { id: string; email: string };
  /** The membership of a viewer of the organisation. */
  viewerMembershipId: string;
  connection: SimConnection;
  syncedApp: Awaited<ReturnType<typeof storeSimApp>>;
  reviews: Awaited<ReturnType<typeof storeSimReviews>> & { templateId: string };
};

/**
 * Completes the surface target: a pending invitation, an API token (made by the owner signed
 * in on `ownerReq`), a draft of the en-US promotional text ready to push and one pushed
 * change of the en-US keywords to revert, the simulator's screenshots and previews as a
 * media sync stores them, and a weekly client report of the connection.
 */
export async function surfaceTarget(ownerReq: APIRequestContext, baseURL: string, s: SeededSurface): Promise<Target> {
  const inv = await makeInvitation(s.org.id, { role: "EDITOR", createdById: s.owner.id });
  // A support member's reply to the unanswered review, waiting for an owner or admin.
  const pending = await makePendingReply(s.syncedApp.app, s.reviews.reviewId, { body: "Thanks, a fix is on its way.", authorEmail: "support@example.test" });
  const tok = await ownerReq.post(`/api/orgs/${s.org.id}/api-tokens`, { headers: jsonHeaders(baseURL), data: { name: "CI", role: "EDITOR" } });
  expect(tok.status(), await tok.text()).toBe(201);
  const { app, version } = s.syncedApp;
  const en = version.held.localizations.find((l) => l.locale === "en-US")!;
  const versionLocalizationId = version.localizationIds["en-US"];
  const draft = await makeDraft(app, { localizationId: versionLocalizationId, locale: "en-US", field: "promotionalText", value: "Now with the surface check", baseValue: en.promotionalText });
  const change = await makeChange(app, {
    localizationId: versionLocalizationId,
    locale: "en-US",
    field: "keywords",
    versionString: version.versionString,
    oldValue: "older,keywords",
    newValue: en.keywords,
    pushedByEmail: s.owner.email,
  });
  const media = await storeSimMedia(ownerReq, s.connection.issuerId, app, version);
  const report = await makeClientReport({ organizationId: s.org.id, connectionId: s.connection.id }, { cadence: "WEEKLY", recipients: ["client@example.test"] });
  const alerts = await surfaceAlerts(ownerReq, baseURL, s.org.id);
  const changeSets = await surfaceChangeSets(ownerReq, baseURL, s.org.id, app, version);
  const shots = media["en-US APP_IPHONE_67"];
  return {
    orgId: s.org.id,
    slug: s.org.slug,
    orgName: s.org.name,
    memberId: s.viewerMembershipId,
    invitationId: inv.id,
    connectionId: s.connection.id,
    apiTokenId: (await tok.json()).apiToken.id,
    appId: app.id,
    versionLocalizationId,
    draftId: draft.id,
    changeId: change.id,
    reviewId: s.reviews.reviewId,
    repliedReviewId: s.reviews.repliedReviewId,
    repliedAtAppleReviewId: s.reviews.repliedAtAppleReviewId,
    pendingReplyId: pending.id,
    templateId: s.reviews.templateId,
    ownerUserId: s.owner.id,
    versionId: version.id,
    secondLocalizationId: version.localizationIds["de-DE"],
    mediaSetId: shots.setId,
    mediaAssetIds: shots.assetIds,
    reportId: report.id,
    ...alerts,
    ...changeSets,
  };
}

/**
 * Two change sets of drafts the target's main draft is not in: one waiting (de-DE what's new),
 * one approved and ready to push (de-DE promotional text, based on the value the simulator holds).
 */
async function surfaceChangeSets(ownerReq: APIRequestContext, baseURL: string, orgId: string, app: SeededSurface["syncedApp"]["app"], version: SeededSurface["syncedApp"]["version"]) {
  const de = version.localizationIds["de-DE"];
  const heldDe = version.held.localizations.find((l) => l.locale === "de-DE")!;
  const waiting = await makeDraft(app, { localizationId: de, locale: "de-DE", field: "whatsNew", value: "Schneller und stabiler", baseValue: heldDe.whatsNew });
  const ready = await makeDraft(app, { localizationId: de, locale: "de-DE", field: "promotionalText", value: "Jetzt mit Prüfung", baseValue: heldDe.promotionalText });
  const submit = async (draftId: string) => {
    const res = await ownerReq.post(`/api/orgs/${orgId}/apps/${app.id}/change-sets`, { headers: jsonHeaders(baseURL), data: { draftIds: [draftId], note: "Surface check" } });
    expect(res.status(), await res.text()).toBe(201);
    return (await res.json()).changeSet as { id: string; digest: string };
  };
  const pending = await submit(waiting.id);
  const approved = await submit(ready.id);
  const decided = await ownerReq.post(`/api/orgs/${orgId}/change-sets/${approved.id}/decision`, { headers: jsonHeaders(baseURL), data: { decision: "approve", digest: approved.digest } });
  expect(decided.status(), await decided.text()).toBe(200);
  return { changeSetId: pending.id, changeSetDigest: pending.digest, approvedChangeSetId: approved.id };
}

/** An email alert channel, a rule sending 1★ and 2★ reviews to it, and a test delivery, made through the API. */
async function surfaceAlerts(ownerReq: APIRequestContext, baseURL: string, orgId: string) {
  const api = `/api/orgs/${orgId}/alerts`;
  const channel = await ownerReq.post(`${api}/channels`, { headers: jsonHeaders(baseURL), data: { kind: "EMAIL", name: "Support inbox", emails: ["support@example.test"] } });
  expect(channel.status(), await channel.text()).toBe(201);
  const alertChannelId = (await channel.json()).channel.id as string;
  const rule = await ownerReq.post(`${api}/rules`, { headers: jsonHeaders(baseURL), data: { name: "Low ratings", kind: "NEW_REVIEW", channelIds: [alertChannelId], filters: { ratings: [1, 2] } } });
  expect(rule.status(), await rule.text()).toBe(201);
  const test = await ownerReq.post(`${api}/channels/${alertChannelId}/test`, { headers: jsonHeaders(baseURL) });
  expect(test.status(), await test.text()).toBe(202);
  return { alertChannelId, alertRuleId: (await rule.json()).rule.id as string, alertDeliveryId: (await test.json()).deliveryId as string };
}

/**
 * An organisation with everything the surface cases act on: a viewer member, a pending
 * invitation, a connection "Client team" whose key the simulator accepts (one app, three
 * reviews, two locales), an API token, the synced app "Target App" (SKU TARGET1) with a draft
 * and a pushed change, three reviews and a reply template. `owner` and `viewer` are signed in.
 */
export async function makeTarget(owner: APIRequestContext, viewer: APIRequestContext, baseURL: string, label: string): Promise<{ target: Target; owner: Account }> {
  const ownerUser = await makeUser({ email: email(label), name: label, password: PASSWORD });
  const org = await makeOrg(ownerUser, `${label} org ${randomBytes(2).toString("hex")}`);
  const viewerUser = await makeUser({ email: email(`${label}-viewer`), name: `${label}-viewer`, password: PASSWORD });
  const viewerMember = await addMembership(org.id, viewerUser.id, "VIEWER");
  await signIn(owner, { email: ownerUser.email, password: PASSWORD });
  await signIn(viewer, { email: viewerUser.email, password: PASSWORD });
  // The connection's key works at the simulator, whose account for it has one app: pushes of the target's drafts reach it.
  const connection = await simConnection(owner, org.id, ownerUser.id, { name: "Client team", sizes: { apps: 1, reviewsPerApp: 3, locales: 2 } });
  const syncedApp = await storeSimApp(owner, connection);
  const reviews = { ...(await storeSimReviews(owner, connection, syncedApp.app)), templateId: (await makeReplyTemplate(org.id, { name: "Thanks", body: "Thanks {nickname}!" })).id };
  const target = await surfaceTarget(owner, baseURL, { org, owner: ownerUser, viewerMembershipId: viewerMember.id, connection, syncedApp, reviews });
  return { target, owner: { email: ownerUser.email, password: PASSWORD, orgId: org.id, slug: org.slug, orgName: org.name } };
}
