import { z } from "zod";
import { PARAM_DOCS } from "@/lib/api/common";
import { defineOperation } from "@/lib/http/operation";
import { mount } from "@/lib/http/serve";
import { decideChangeSet, getChangeSet, listChangeSets, pushChangeSet, submitChangeSet, withdrawChangeSet, ZDecision, ZSubmit } from "./changesets";
import { approvalSettings, updateApprovalSettings, ZApprovalSettings } from "./settings";

const ZStatus = z.enum(["PENDING", "APPROVED", "REJECTED", "PUSHED", "WITHDRAWN"]);
const ZPushReport = z.object({
  pushed: z.array(z.object({ draftId: z.string(), locale: z.string(), field: z.string(), oldValue: z.string().nullable(), newValue: z.string() })),
  conflicts: z.array(z.object({ draftId: z.string(), locale: z.string(), field: z.string(), baseValue: z.string().nullable(), liveValue: z.string().nullable(), draftValue: z.string() })),
  failed: z.array(z.object({ draftId: z.string(), locale: z.string(), field: z.string(), message: z.string(), code: z.string().optional() })),
});
export const ZChangeSet = z.object({
  id: z.string(),
  status: ZStatus,
  note: z.string().nullable(),
  app: z.object({ id: z.string(), name: z.string() }),
  connection: z.object({ id: z.string(), name: z.string() }),
  items: z.array(z.object({ draftId: z.string(), locale: z.string(), field: z.string(), before: z.string().nullable().describe("The live value the draft started from"), after: z.string() })),
  digest: z.string().describe("Names exactly these items: an approval sends it back"),
  submittedBy: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decisionComment: z.string().nullable(),
  decidedAt: z.string().nullable(),
  scheduledFor: z.string().nullable(),
  pushedAt: z.string().nullable(),
  pushReport: ZPushReport.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const ZOne = z.object({ changeSet: ZChangeSet });
const ZSettings = z.object({
  settings: z.object({ requireApproval: z.boolean(), connections: z.array(z.object({ id: z.string(), name: z.string(), requireApproval: z.boolean() })) }),
});
const web = "/api/orgs/[orgId]/change-sets";
const api = "/api/v1/change-sets";
const params = { changeSetId: "Our id of the change set (`id` in /change-sets)" };

/** Change sets: drafts submitted for approval, decided by approvers (client approvers among them), pushed once approved. */
export const changeSetOperations = [
  defineOperation({
    id: "approval.settings", method: "GET", path: "/api/orgs/[orgId]/approval-settings", apiPath: "/api/v1/approval-settings", access: "changeSets.read", summary: "Where metadata needs an approved change set before a push",
    ok: { status: 200, description: "Settings", schema: ZSettings },
    handler: ({ ctx }) => approvalSettings(ctx),
  }),
  defineOperation({
    id: "approval.updateSettings", method: "PUT", path: "/api/orgs/[orgId]/approval-settings", apiPath: "/api/v1/approval-settings", access: "org.update", summary: "Turn approval on or off for the organisation or single connections",
    body: ZApprovalSettings,
    ok: { status: 200, description: "Settings now", schema: ZSettings },
    handler: ({ ctx, body }) => updateApprovalSettings(ctx, body),
  }),
  defineOperation({
    id: "changeSets.list", method: "GET", path: web, apiPath: api, access: "changeSets.read", summary: "Change sets of the connections the caller sees: waiting ones first, then newest first",
    params: { status: "Only sets in this state: PENDING, APPROVED, REJECTED, PUSHED or WITHDRAWN", app: "Only this app's sets" },
    query: z.object({ status: ZStatus.optional(), app: z.string().min(1).max(64).optional() }).strict(),
    ok: { status: 200, description: "Change sets", schema: z.object({ changeSets: z.array(ZChangeSet) }) },
    handler: ({ ctx, query }) => listChangeSets(ctx, { status: query.status, appId: query.app }),
  }),
  defineOperation({
    id: "changeSets.submit", method: "POST", path: "/api/orgs/[orgId]/apps/[appId]/change-sets", apiPath: "/api/v1/apps/[appId]/change-sets", access: "changeSets.submit", summary: "Submit an app's drafts for approval, with a note",
    params: { appId: PARAM_DOCS.appId },
    body: ZSubmit,
    ok: { status: 201, description: "Submitted: waiting for approval", schema: ZOne },
    errors: { 404: "No such app for this caller", 409: "A draft is already in a set waiting to be approved or pushed", 422: "No drafts, or a field is invalid" },
    handler: ({ ctx, params, body }) => submitChangeSet(ctx, params.appId, body),
  }),
  defineOperation({
    id: "changeSets.get", method: "GET", path: `${web}/[changeSetId]`, apiPath: `${api}/[changeSetId]`, access: "changeSets.read", summary: "One change set, its diff and its decision",
    params,
    ok: { status: 200, description: "The change set", schema: ZOne },
    errors: { 404: "No such change set for this caller" },
    handler: ({ ctx, params }) => getChangeSet(ctx, params.changeSetId),
  }),
  defineOperation({
    id: "changeSets.decide", method: "POST", path: `${web}/[changeSetId]/decision`, apiPath: `${api}/[changeSetId]/decision`, access: "changeSets.approve", summary: "Approve or reject a waiting change set",
    description: "`digest` is the one of the set the approver reviewed; a set changed since answers 409. A rejection says why in `comment`.",
    params,
    body: ZDecision,
    ok: { status: 200, description: "Decided", schema: ZOne },
    errors: { 404: "No such change set for this caller", 409: "The set is not waiting, or changed since it was reviewed" },
    handler: ({ ctx, params, body }) => decideChangeSet(ctx, params.changeSetId, body),
  }),
  defineOperation({
    id: "changeSets.withdraw", method: "POST", path: `${web}/[changeSetId]/withdraw`, apiPath: `${api}/[changeSetId]/withdraw`, access: "changeSets.submit", summary: "Take a waiting or approved set back; its drafts stay drafts",
    params,
    ok: { status: 200, description: "Withdrawn", schema: ZOne },
    errors: { 404: "No such change set for this caller", 409: "The set is neither waiting nor approved" },
    handler: ({ ctx, params }) => withdrawChangeSet(ctx, params.changeSetId),
  }),
  defineOperation({
    id: "changeSets.push", method: "POST", path: `${web}/[changeSetId]/push`, apiPath: `${api}/[changeSetId]/push`, access: "changeSets.submit", summary: "Push an approved change set to App Store Connect",
    description: "Only an approved set whose drafts still hold the approved values is pushed (403 otherwise). What App Store Connect refuses, or a conflict, stays a draft.",
    params,
    ok: { status: 200, description: "The set and what the push did", schema: z.object({ changeSet: ZChangeSet, report: ZPushReport }) },
    errors: { 403: "The set is not approved, or a draft changed after approval", 404: "No such change set for this caller" },
    handler: ({ ctx, params }) => pushChangeSet(ctx, params.changeSetId),
  }),
];

export const routes = mount(changeSetOperations);
