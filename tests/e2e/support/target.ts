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
  };
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
