/**
 * Every organisation-scoped page and API route, with a request that exercises it. The
 * tenancy and role specs run each one; `surface-coverage.spec.ts` fails when a route or
 * page under app/o/[slug] or app/api/orgs/[orgId] is missing here.
 */
export type Target = {
  orgId: string;
  slug: string;
  orgName: string;
  /** A member of the organisation that requests may change or remove (a viewer). */
  memberId: string;
  /** A pending invitation of the organisation. */
  invitationId: string;
  /** A connection (App Store Connect key) of the organisation. */
  connectionId: string;
  /** An API token of the organisation. */
  apiTokenId: string;
  /** A synced app of the organisation's connection, with app information and a version being prepared, in en-US and de-DE. */
  appId: string;
  /** The en-US localization of that version. */
  versionLocalizationId: string;
  /** A draft of that localization's promotional text, valid and based on the value App Store Connect holds. */
  draftId: string;
  /** A pushed change of that localization's keywords. */
  changeId: string;
  /** An unanswered review of the app, held by the simulator too. */
  reviewId: string;
  /** A review of the app with a published reply, held by the simulator too. */
  repliedReviewId: string;
  /** A review answered in App Store Connect after the last sync: the simulator holds a reply, we hold none. */
  repliedAtAppleReviewId: string;
  /** A reply to the unanswered review (`reviewId`) waiting for approval. */
  pendingReplyId: string;
  /** A reply template of the organisation. */
  templateId: string;
  /** The owner's user id (a member who may be assigned reviews). */
  ownerUserId: string;
  /** The version being prepared (our id). */
  versionId: string;
  /** The de-DE localization of that version, which has no screenshots. */
  secondLocalizationId: string;
  /** The en-US iPhone 6.9" screenshot set the simulator seeds, as a sync stored it, and its three screenshots in order. */
  mediaSetId: string;
  mediaAssetIds: string[];
  /** A weekly client report of the connection. */
  reportId: string;
  /** An email alert channel, a rule sending new reviews to it, and a test delivery to it. */
  alertChannelId: string;
  alertRuleId: string;
  alertDeliveryId: string;
  /** A change set waiting for approval (with the digest an approval names), and an approved one ready to push; the main draft is in neither. */
  changeSetId: string;
  changeSetDigest: string;
  approvedChangeSetId: string;
};

import { strToU8, zipSync } from "fflate";
import { png } from "../../support/png";
import { connectionBody } from "./keys";

export type ApiCase = {
  route: string; // the app/ path template, for the coverage check
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: (t: Target) => string;
  body?: (t: Target) => unknown;
  /** The permission the route checks; viewers lack every non-read one. */
  mutation: boolean;
};

/** The routes that act on one review; the connection-restriction spec runs these for a member who may not see it. */
export function REVIEW_CASES(): ApiCase[] {
  const response = "api/orgs/[orgId]/reviews/[reviewId]/response";
  return [
    { route: response, method: "POST", path: (t) => `/api/orgs/${t.orgId}/reviews/${t.reviewId}/response`, body: () => ({ body: "Thanks for the review!" }), mutation: true },
    { route: response, method: "PUT", path: (t) => `/api/orgs/${t.orgId}/reviews/${t.repliedReviewId}/response`, body: () => ({ body: "Thanks again!" }), mutation: true },
    { route: response, method: "DELETE", path: (t) => `/api/orgs/${t.orgId}/reviews/${t.repliedReviewId}/response`, mutation: true },
    // App Store Connect holds a reply we do not: keeping it changes our copy.
    { route: `${response}/keep`, method: "POST", path: (t) => `/api/orgs/${t.orgId}/reviews/${t.repliedAtAppleReviewId}/response/keep`, mutation: true },
    {
      route: "api/orgs/[orgId]/reviews/[reviewId]/assignee",
      method: "PUT",
      path: (t) => `/api/orgs/${t.orgId}/reviews/${t.reviewId}/assignee`,
      body: (t) => ({ userId: t.ownerUserId }),
      mutation: true,
    },
  ];
}

/** The approval queue: the owner's approval sends the waiting reply to the simulator, which holds the review unanswered. */
export function REPLY_APPROVAL_CASES(): ApiCase[] {
  const one = "api/orgs/[orgId]/reply-approvals/[pendingReplyId]";
  return [
    { route: "api/orgs/[orgId]/reply-approvals", method: "GET", path: (t) => `/api/orgs/${t.orgId}/reply-approvals`, mutation: false },
    { route: `${one}/approve`, method: "POST", path: (t) => `/api/orgs/${t.orgId}/reply-approvals/${t.pendingReplyId}/approve`, body: () => ({ body: "Thanks, a fix is on its way in 2.1." }), mutation: true },
    { route: `${one}/reject`, method: "POST", path: (t) => `/api/orgs/${t.orgId}/reply-approvals/${t.pendingReplyId}/reject`, body: () => ({ comment: "Say when the fix ships." }), mutation: true },
  ];
}

/** A screenshot iPhone 6.9" takes, made once: opaque, one colour, a few kilobytes. */
let shot: Buffer | undefined;
const iphone69 = () => (shot ??= png(1320, 2868));

/** Screenshots and previews of the target's version; the owner's requests reach the simulator, which holds the seeded set. */
function MEDIA_CASES(): ApiCase[] {
  const media = "api/orgs/[orgId]/apps/[appId]/media";
  const base = (t: Target) => `/api/orgs/${t.orgId}/apps/${t.appId}/media`;
  return [
    { route: media, method: "GET", path: (t) => `${base(t)}?versionId=${t.versionId}`, mutation: false },
    {
      route: `${media}/uploads`,
      method: "POST",
      path: (t) => `${base(t)}/uploads?${new URLSearchParams({ localizationId: t.versionLocalizationId, displayType: "APP_IPHONE_67", kind: "SCREENSHOT", fileName: "surface.png" })}`,
      body: () => iphone69(),
      mutation: true,
    },
    { route: `${media}/uploads`, method: "GET", path: (t) => `${base(t)}/uploads`, mutation: false },
    {
      route: `${media}/import`,
      method: "POST",
      path: (t) => `${base(t)}/import?versionId=${t.versionId}`,
      body: () => Buffer.from(zipSync({ "screenshots/de-DE/01.png": iphone69() }, { level: 0 })),
      mutation: true,
    },
    { route: `${media}/sets/[setId]/order`, method: "PUT", path: (t) => `${base(t)}/sets/${t.mediaSetId}/order`, body: (t) => ({ assetIds: [...t.mediaAssetIds].reverse() }), mutation: true },
    { route: `${media}/assets/[assetId]`, method: "DELETE", path: (t) => `${base(t)}/assets/${t.mediaAssetIds[0]}`, mutation: true },
    { route: `${media}/sets/[setId]/copy`, method: "POST", path: (t) => `${base(t)}/sets/${t.mediaSetId}/copy`, body: (t) => ({ localizationIds: [t.secondLocalizationId] }), mutation: true },
    { route: `${media}/fill`, method: "POST", path: (t) => `${base(t)}/fill`, body: (t) => ({ versionId: t.versionId, baseLocale: "en-US" }), mutation: true },
    { route: `${media}/history`, method: "GET", path: (t) => `${base(t)}/history`, mutation: false },
  ];
}

export const API_CASES: ApiCase[] = [
  { route: "api/orgs/[orgId]", method: "GET", path: (t) => `/api/orgs/${t.orgId}`, mutation: false },
  { route: "api/orgs/[orgId]", method: "PATCH", path: (t) => `/api/orgs/${t.orgId}`, body: () => ({ name: "Renamed by request" }), mutation: true },
  { route: "api/orgs/[orgId]", method: "DELETE", path: (t) => `/api/orgs/${t.orgId}`, body: (t) => ({ confirmName: t.orgName }), mutation: true },
  { route: "api/orgs/[orgId]/members", method: "GET", path: (t) => `/api/orgs/${t.orgId}/members`, mutation: false },
  { route: "api/orgs/[orgId]/members/[memberId]", method: "PATCH", path: (t) => `/api/orgs/${t.orgId}/members/${t.memberId}`, body: () => ({ role: "EDITOR" }), mutation: true },
  { route: "api/orgs/[orgId]/members/[memberId]", method: "DELETE", path: (t) => `/api/orgs/${t.orgId}/members/${t.memberId}`, mutation: true },
  { route: "api/orgs/[orgId]/invitations", method: "GET", path: (t) => `/api/orgs/${t.orgId}/invitations`, mutation: false },
  { route: "api/orgs/[orgId]/invitations", method: "POST", path: (t) => `/api/orgs/${t.orgId}/invitations`, body: () => ({ role: "VIEWER" }), mutation: true },
  { route: "api/orgs/[orgId]/invitations/[invitationId]", method: "DELETE", path: (t) => `/api/orgs/${t.orgId}/invitations/${t.invitationId}`, mutation: true },
  { route: "api/orgs/[orgId]/overview", method: "GET", path: (t) => `/api/orgs/${t.orgId}/overview`, mutation: false },
  { route: "api/orgs/[orgId]/analytics/status", method: "GET", path: (t) => `/api/orgs/${t.orgId}/analytics/status`, mutation: false },
  { route: "api/orgs/[orgId]/audit", method: "GET", path: (t) => `/api/orgs/${t.orgId}/audit`, mutation: false },
  { route: "api/orgs/[orgId]/connections", method: "GET", path: (t) => `/api/orgs/${t.orgId}/connections`, mutation: false },
  { route: "api/orgs/[orgId]/connections", method: "POST", path: (t) => `/api/orgs/${t.orgId}/connections`, body: () => connectionBody("Another team").body, mutation: true },
  { route: "api/orgs/[orgId]/connections/[connectionId]", method: "PATCH", path: (t) => `/api/orgs/${t.orgId}/connections/${t.connectionId}`, body: () => ({ name: "Renamed team" }), mutation: true },
  { route: "api/orgs/[orgId]/connections/[connectionId]", method: "DELETE", path: (t) => `/api/orgs/${t.orgId}/connections/${t.connectionId}`, mutation: true },
  { route: "api/orgs/[orgId]/connections/[connectionId]/test", method: "POST", path: (t) => `/api/orgs/${t.orgId}/connections/${t.connectionId}/test`, mutation: true },
  { route: "api/orgs/[orgId]/connections/[connectionId]/sync", method: "GET", path: (t) => `/api/orgs/${t.orgId}/connections/${t.connectionId}/sync`, mutation: false },
  { route: "api/orgs/[orgId]/connections/[connectionId]/sync", method: "POST", path: (t) => `/api/orgs/${t.orgId}/connections/${t.connectionId}/sync`, body: () => ({ kind: "REVIEWS" }), mutation: true },
  { route: "api/orgs/[orgId]/connections/[connectionId]/sync-settings", method: "PATCH", path: (t) => `/api/orgs/${t.orgId}/connections/${t.connectionId}/sync-settings`, body: () => ({ reviewsEveryMinutes: 30 }), mutation: true },
  { route: "api/orgs/[orgId]/apps/[appId]/metadata", method: "GET", path: (t) => `/api/orgs/${t.orgId}/apps/${t.appId}/metadata`, mutation: false },
  {
    route: "api/orgs/[orgId]/apps/[appId]/metadata/drafts",
    method: "PUT",
    path: (t) => `/api/orgs/${t.orgId}/apps/${t.appId}/metadata/drafts`,
    body: (t) => ({ edits: [{ localizationId: t.versionLocalizationId, field: "keywords", value: "surface,check" }] }),
    mutation: true,
  },
  // The target's connection reaches the simulator, so the owner's push of the draft succeeds.
  { route: "api/orgs/[orgId]/apps/[appId]/metadata/push", method: "POST", path: (t) => `/api/orgs/${t.orgId}/apps/${t.appId}/metadata/push`, body: (t) => ({ draftIds: [t.draftId] }), mutation: true },
  {
    route: "api/orgs/[orgId]/apps/[appId]/metadata/drafts/[draftId]/resolve",
    method: "POST",
    path: (t) => `/api/orgs/${t.orgId}/apps/${t.appId}/metadata/drafts/${t.draftId}/resolve`,
    body: () => ({ choice: "theirs" }),
    mutation: true,
  },
  { route: "api/orgs/[orgId]/apps/[appId]/metadata/history", method: "GET", path: (t) => `/api/orgs/${t.orgId}/apps/${t.appId}/metadata/history`, mutation: false },
  { route: "api/orgs/[orgId]/apps/[appId]/metadata/revert", method: "POST", path: (t) => `/api/orgs/${t.orgId}/apps/${t.appId}/metadata/revert`, body: (t) => ({ changeId: t.changeId }), mutation: true },
  { route: "api/orgs/[orgId]/apps/[appId]/metadata/export", method: "GET", path: (t) => `/api/orgs/${t.orgId}/apps/${t.appId}/metadata/export`, mutation: false },
  {
    route: "api/orgs/[orgId]/apps/[appId]/metadata/import",
    method: "POST",
    path: (t) => `/api/orgs/${t.orgId}/apps/${t.appId}/metadata/import`,
    body: () => ({ zip: Buffer.from(zipSync({ "metadata/en-US/name.txt": strToU8("Imported name\n") })).toString("base64"), apply: true }),
    mutation: true,
  },
  // The simulator accepts the new locale, so the owner's request creates it.
  {
    route: "api/orgs/[orgId]/apps/[appId]/metadata/locales",
    method: "POST",
    path: (t) => `/api/orgs/${t.orgId}/apps/${t.appId}/metadata/locales`,
    body: () => ({ locale: "fr-FR", name: "Nom", description: "Une description" }),
    mutation: true,
  },
  {
    route: "api/orgs/[orgId]/apps/[appId]/metadata/copy",
    method: "POST",
    path: (t) => `/api/orgs/${t.orgId}/apps/${t.appId}/metadata/copy`,
    body: () => ({ field: "subtitle", fromLocale: "en-US", toLocales: ["de-DE"] }),
    mutation: true,
  },
  ...MEDIA_CASES(),
  { route: "api/orgs/[orgId]/reviews", method: "GET", path: (t) => `/api/orgs/${t.orgId}/reviews?replied=no&rating=1,2,3,4,5`, mutation: false },
  { route: "api/orgs/[orgId]/reviews/counts", method: "GET", path: (t) => `/api/orgs/${t.orgId}/reviews/counts?app=${t.appId}`, mutation: false },
  // The target's reviews exist at the simulator, so the owner's replies reach it.
  ...REVIEW_CASES(),
  ...REPLY_APPROVAL_CASES(),
  { route: "api/orgs/[orgId]/review-templates", method: "GET", path: (t) => `/api/orgs/${t.orgId}/review-templates`, mutation: false },
  { route: "api/orgs/[orgId]/review-templates", method: "POST", path: (t) => `/api/orgs/${t.orgId}/review-templates`, body: () => ({ name: "Sorry", body: "Sorry, {nickname}." }), mutation: true },
  {
    route: "api/orgs/[orgId]/review-templates/[templateId]",
    method: "PUT",
    path: (t) => `/api/orgs/${t.orgId}/review-templates/${t.templateId}`,
    body: () => ({ name: "Thanks", body: "Thank you, {nickname}!" }),
    mutation: true,
  },
  { route: "api/orgs/[orgId]/review-templates/[templateId]", method: "DELETE", path: (t) => `/api/orgs/${t.orgId}/review-templates/${t.templateId}`, mutation: true },
  { route: "api/orgs/[orgId]/sales", method: "GET", path: (t) => `/api/orgs/${t.orgId}/sales?from=2026-05-01&to=2026-05-31&by=territory`, mutation: false },
  { route: "api/orgs/[orgId]/sales/reports", method: "GET", path: (t) => `/api/orgs/${t.orgId}/sales/reports?from=2026-05-01&to=2026-05-31`, mutation: false },
  { route: "api/orgs/[orgId]/analytics", method: "GET", path: (t) => `/api/orgs/${t.orgId}/analytics?from=2026-05-01&to=2026-05-31&granularity=week`, mutation: false },
  { route: "api/orgs/[orgId]/apps/[appId]/analytics", method: "GET", path: (t) => `/api/orgs/${t.orgId}/apps/${t.appId}/analytics?from=2026-05-01&to=2026-05-31&territory=US`, mutation: false },
  { route: "api/orgs/[orgId]/apps/[appId]/analytics/markers", method: "GET", path: (t) => `/api/orgs/${t.orgId}/apps/${t.appId}/analytics/markers?from=2026-01-01&to=2026-12-31`, mutation: false },
  // The pushed keyword change is the first (and only) change of its push, so it names the push's marker.
  { route: "api/orgs/[orgId]/apps/[appId]/analytics/markers/[markerId]/effect", method: "GET", path: (t) => `/api/orgs/${t.orgId}/apps/${t.appId}/analytics/markers/metadata.${t.changeId}/effect?window=7`, mutation: false },
  { route: "api/orgs/[orgId]/apps/[appId]/ratings/versions", method: "GET", path: (t) => `/api/orgs/${t.orgId}/apps/${t.appId}/ratings/versions`, mutation: false },
  { route: "api/orgs/[orgId]/api-tokens", method: "GET", path: (t) => `/api/orgs/${t.orgId}/api-tokens`, mutation: false },
  { route: "api/orgs/[orgId]/api-tokens", method: "POST", path: (t) => `/api/orgs/${t.orgId}/api-tokens`, body: () => ({ name: "CI", role: "EDITOR" }), mutation: true },
  { route: "api/orgs/[orgId]/api-tokens/[tokenId]", method: "DELETE", path: (t) => `/api/orgs/${t.orgId}/api-tokens/${t.apiTokenId}`, mutation: true },
  ...REPORT_CASES(),
  ...ALERT_CASES(),
  ...CHANGE_SET_CASES(),
];

/** Alerts: organisation-wide, owners' and admins' only. */
function ALERT_CASES(): ApiCase[] {
  const a = "api/orgs/[orgId]/alerts";
  const base = (t: Target) => `/api/orgs/${t.orgId}/alerts`;
  return [
    { route: `${a}/settings`, method: "GET", path: (t) => `${base(t)}/settings`, mutation: false },
    { route: `${a}/settings`, method: "PUT", path: (t) => `${base(t)}/settings`, body: () => ({ timeZone: "Europe/Berlin" }), mutation: true },
    { route: `${a}/channels`, method: "GET", path: (t) => `${base(t)}/channels`, mutation: false },
    { route: `${a}/channels`, method: "POST", path: (t) => `${base(t)}/channels`, body: () => ({ kind: "WEBHOOK", name: "Surface hook", url: "https://93.184.215.14/hook" }), mutation: true },
    { route: `${a}/channels/[channelId]`, method: "DELETE", path: (t) => `${base(t)}/channels/${t.alertChannelId}`, mutation: true },
    { route: `${a}/channels/[channelId]/test`, method: "POST", path: (t) => `${base(t)}/channels/${t.alertChannelId}/test`, mutation: true },
    { route: `${a}/rules`, method: "GET", path: (t) => `${base(t)}/rules`, mutation: false },
    { route: `${a}/rules`, method: "POST", path: (t) => `${base(t)}/rules`, body: (t) => ({ name: "Surface rule", kind: "NEW_REVIEW", channelIds: [t.alertChannelId], filters: { ratings: [1, 2] } }), mutation: true },
    { route: `${a}/rules/[ruleId]`, method: "PATCH", path: (t) => `${base(t)}/rules/${t.alertRuleId}`, body: () => ({ enabled: false }), mutation: true },
    { route: `${a}/rules/[ruleId]`, method: "DELETE", path: (t) => `${base(t)}/rules/${t.alertRuleId}`, mutation: true },
    { route: `${a}/deliveries`, method: "GET", path: (t) => `${base(t)}/deliveries`, mutation: false },
    { route: `${a}/deliveries/[deliveryId]/replay`, method: "POST", path: (t) => `${base(t)}/deliveries/${t.alertDeliveryId}/replay`, mutation: true },
  ];
}

/** Client reports: a report belongs to its connection's client. Sending without mail set up records a failed send. */
function REPORT_CASES(): ApiCase[] {
  const r = "api/orgs/[orgId]/reports";
  const base = (t: Target) => `/api/orgs/${t.orgId}/reports`;
  return [
    { route: r, method: "GET", path: base, mutation: false },
    { route: r, method: "POST", path: base, body: (t) => ({ connectionId: t.connectionId, cadence: "MONTHLY", recipients: ["client@example.test"] }), mutation: true },
    { route: `${r}/[reportId]`, method: "PATCH", path: (t) => `${base(t)}/${t.reportId}`, body: () => ({ enabled: false, recipients: ["other@example.test"] }), mutation: true },
    { route: `${r}/[reportId]`, method: "DELETE", path: (t) => `${base(t)}/${t.reportId}`, mutation: true },
    { route: `${r}/[reportId]/preview`, method: "GET", path: (t) => `${base(t)}/${t.reportId}/preview`, mutation: false },
    { route: `${r}/[reportId]/pdf`, method: "GET", path: (t) => `${base(t)}/${t.reportId}/pdf`, mutation: false },
    { route: `${r}/[reportId]/send`, method: "POST", path: (t) => `${base(t)}/${t.reportId}/send`, body: () => ({}), mutation: true },
  ];
}

/** Change sets and where approval is needed. */
function CHANGE_SET_CASES(): ApiCase[] {
  const c = "api/orgs/[orgId]/change-sets";
  const base = (t: Target) => `/api/orgs/${t.orgId}/change-sets`;
  return [
    { route: "api/orgs/[orgId]/approval-settings", method: "GET", path: (t) => `/api/orgs/${t.orgId}/approval-settings`, mutation: false },
    { route: "api/orgs/[orgId]/approval-settings", method: "PUT", path: (t) => `/api/orgs/${t.orgId}/approval-settings`, body: (t) => ({ connections: [{ id: t.connectionId, requireApproval: true }] }), mutation: true },
    { route: c, method: "GET", path: (t) => `${base(t)}?status=PENDING`, mutation: false },
    // The main draft is in no set, so the owner's submission takes it.
    { route: "api/orgs/[orgId]/apps/[appId]/change-sets", method: "POST", path: (t) => `/api/orgs/${t.orgId}/apps/${t.appId}/change-sets`, body: (t) => ({ draftIds: [t.draftId], note: "Surface" }), mutation: true },
    { route: `${c}/[changeSetId]`, method: "GET", path: (t) => `${base(t)}/${t.changeSetId}`, mutation: false },
    { route: `${c}/[changeSetId]/decision`, method: "POST", path: (t) => `${base(t)}/${t.changeSetId}/decision`, body: (t) => ({ decision: "approve", digest: t.changeSetDigest }), mutation: true },
    { route: `${c}/[changeSetId]/withdraw`, method: "POST", path: (t) => `${base(t)}/${t.changeSetId}/withdraw`, mutation: true },
    // The approved set's draft is based on the value the simulator holds, so the owner's push reaches it.
    { route: `${c}/[changeSetId]/push`, method: "POST", path: (t) => `${base(t)}/${t.approvedChangeSetId}/push`, mutation: true },
  ];
}

export const PAGE_CASES: { route: string; path: (t: Target) => string }[] = [
  { route: "o/[slug]", path: (t) => `/o/${t.slug}` },
  { route: "o/[slug]/connections", path: (t) => `/o/${t.slug}/connections` },
  { route: "o/[slug]/connections/[connectionId]/sync", path: (t) => `/o/${t.slug}/connections/${t.connectionId}/sync` },
  { route: "o/[slug]/apps", path: (t) => `/o/${t.slug}/apps` },
  { route: "o/[slug]/apps/[appId]", path: (t) => `/o/${t.slug}/apps/${t.appId}` },
  { route: "o/[slug]/apps/[appId]/media", path: (t) => `/o/${t.slug}/apps/${t.appId}/media` },
  { route: "o/[slug]/apps/[appId]/analytics", path: (t) => `/o/${t.slug}/apps/${t.appId}/analytics` },
  { route: "o/[slug]/reviews", path: (t) => `/o/${t.slug}/reviews` },
  { route: "o/[slug]/reviews/templates", path: (t) => `/o/${t.slug}/reviews/templates` },
  { route: "o/[slug]/reviews/approvals", path: (t) => `/o/${t.slug}/reviews/approvals` },
  { route: "o/[slug]/sales", path: (t) => `/o/${t.slug}/sales` },
  { route: "o/[slug]/analytics", path: (t) => `/o/${t.slug}/analytics` },
  { route: "o/[slug]/reports", path: (t) => `/o/${t.slug}/reports` },
  { route: "o/[slug]/reports/[reportId]", path: (t) => `/o/${t.slug}/reports/${t.reportId}` },
  { route: "o/[slug]/audit", path: (t) => `/o/${t.slug}/audit` },
  { route: "o/[slug]/alerts", path: (t) => `/o/${t.slug}/alerts` },
  { route: "o/[slug]/change-sets", path: (t) => `/o/${t.slug}/change-sets` },
  { route: "o/[slug]/change-sets/[changeSetId]", path: (t) => `/o/${t.slug}/change-sets/${t.changeSetId}` },
  { route: "o/[slug]/settings", path: (t) => `/o/${t.slug}/settings` },
  { route: "o/[slug]/settings/members", path: (t) => `/o/${t.slug}/settings/members` },
  { route: "o/[slug]/settings/api-tokens", path: (t) => `/o/${t.slug}/settings/api-tokens` },
];
