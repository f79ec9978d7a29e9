import type { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { createConnection } from "@/lib/connections/mutations";
import { db } from "@/lib/db/client";
import type { Operation } from "@/lib/http/operation";
import { checkResponse } from "@/lib/http/response-check";
import { zodToAppError } from "@/lib/http/route";
import { updateMember } from "@/lib/members/mutations";
import { ZUpdateMember } from "@/lib/members/schemas";
import { setReplyApproval } from "@/lib/orgs/mutations";
import { ZUpdateOrgSettings } from "@/lib/orgs/settings-schemas";
import { replyApprovalOperations } from "@/lib/reviews/approval-operations";
import { approvePendingReply, listPendingReplies, rejectPendingReply, ZApproveReply, ZRejectReply } from "@/lib/reviews/approvals";
import { inboxReview } from "@/lib/reviews/inbox";
import { reviewOperations } from "@/lib/reviews/operations";
import { editReply, replyToReview } from "@/lib/reviews/replies";
import { addMembership, makeUser } from "@/lib/seed/factories";
import { syncApps } from "@/lib/sync/apps";
import { syncTarget } from "@/lib/sync/connection";
import { syncReviews } from "@/lib/sync/reviews";
import type { OrgContext } from "@/lib/tenancy/context";
import { AscSimulator } from "../asc-sim/server";
import { contextFor } from "./support/context";
import { ascKeyPair, issuerId, keyId } from "./support/keys";
import { simConnection } from "./support/sim-connection";
import { simulatorForFile } from "./support/simulator";
import { prepareSyncEnv } from "./support/sync-env";

const port = await prepareSyncEnv("approval");
const sim = new AscSimulator({ seed: 83, sizes: { apps: 1, reviewsPerApp: 30 } });
simulatorForFile(sim, { port });

/** Requests to Apple's customerReviewResponses since `before`, of one method or any. */
const responseCalls = (before: Record<string, number>, method = "") =>
  Object.entries(sim.stats.requests)
    .filter(([route]) => route.startsWith(method) && route.includes(" /v1/customerReviewResponses"))
    .reduce((n, [route, count]) => n + count - (before[route] ?? 0), 0);

/** What an operation answers for this context, checked against the statuses and schemas it declares. */
async function call(ops: Operation[], id: string, ctx: OrgContext, params: Record<string, string>, body?: unknown) {
  const op = ops.find((o) => o.id === id)!;
  const result = await op.handler({ ctx, params, body: body ? op.body!.parse(body) : undefined, query: undefined, req: undefined as unknown as NextRequest, route: {} });
  const res = result instanceof Response ? result : Response.json(result, { status: op.ok.status });
  const checked = await checkResponse(op, res);
  return { status: checked.status, json: await checked.json() };
}

/**
 * An organisation with reply approval on, its connection's reviews synced from the
 * simulator, a support member whose replies need approval and one whose replies do not.
 */
async function setup() {
  const conn = await simConnection(sim);
  const owner = await contextFor(conn.organizationId, conn.ownerId);
  const t = await syncTarget(conn.organizationId, conn.id);
  const { apps } = await syncApps(t);
  await syncReviews(t, apps[0].id);
  const unanswered = await db.syncedReview.findMany({ where: { connectionId: conn.id, responseAppleId: null }, orderBy: { createdDate: "desc" }, select: { id: true, appleId: true } });
  await setReplyApproval(owner, true);
  const heldUser = await makeUser();
  const held = await addMembership(conn.organizationId, heldUser.id, "SUPPORT");
  await updateMember(owner, held.id, { repliesNeedApproval: true });
  const freeUser = await makeUser();
  await addMembership(conn.organizationId, freeUser.id, "SUPPORT");
  return { conn, owner, unanswered, heldCtx: await contextFor(conn.organizationId, heldUser.id), freeCtx: await contextFor(conn.organizationId, freeUser.id), heldUser };
}

const pendingOf = (reviewId: string) => db.pendingReply.findUniqueOrThrow({ where: { reviewId } });
const audits = (orgId: string, action: string) => db.auditEvent.findMany({ where: { organizationId: orgId, action }, orderBy: { createdAt: "asc" } });

describe("reply approval", () => {
  it("keeps a held member's reply from App Store Connect and shows it awaiting approval; a new submission replaces it", async () => {
    const { heldCtx, heldUser, owner, unanswered } = await setup();
    const r = unanswered[0];
    const before = { ...sim.stats.requests };

    const first = await call(reviewOperations, "reviews.reply", heldCtx, { reviewId: r.id }, { body: "Thanks, we are on it." });
    expect(first.status).toBe(202);
    expect(first.json.pendingReply).toMatchObject({ body: "Thanks, we are on it.", status: "PENDING", author: heldUser.email, authorId: heldUser.id });
    expect(first.json.review).toMatchObject({ id: r.id, response: null, pendingReply: { status: "PENDING", body: "Thanks, we are on it." } });

    const second = await replyToReview(heldCtx, r.id, "Thanks! Fixed in 2.1.");
    expect(second).toMatchObject({ awaitingApproval: { body: "Thanks! Fixed in 2.1.", status: "PENDING" } });
    expect(await db.pendingReply.count({ where: { reviewId: r.id } })).toBe(1);

    // Nothing reached the simulator, and our copy of the review is unanswered.
    expect(responseCalls(before)).toBe(0);
    expect(sim.state.responses.has(r.appleId)).toBe(false);
    expect(await inboxReview(owner, r.id)).toMatchObject({ response: null, pendingReply: { status: "PENDING", body: "Thanks! Fixed in 2.1.", author: heldUser.email } });
    expect((await audits(owner.orgId, "reply.submitted_for_approval")).map((e) => e.metadata)).toEqual([
      expect.objectContaining({ replacedWaitingReply: false }),
      expect.objectContaining({ replacedWaitingReply: true }),
    ]);
    // The approver's queue holds it once.
    expect((await listPendingReplies(owner)).map((p) => [p.review.id, p.body])).toEqual([[r.id, "Thanks! Fixed in 2.1."]]);
  });

  it("sends a reply of a member who is not held, and of a held member once the organisation turns approval off", async () => {
    const { freeCtx, heldCtx, owner, unanswered } = await setup();
    const [a, b] = [unanswered[0], unanswered[1]];
    const sent = await call(reviewOperations, "reviews.reply", freeCtx, { reviewId: a.id }, { body: "Sent directly." });
    expect(sent.status).toBe(201);
    expect(sent.json.review).toMatchObject({ response: { body: "Sent directly." }, pendingReply: null });
    expect(sim.state.responses.get(a.appleId)?.responseBody).toBe("Sent directly.");

    await setReplyApproval(owner, false);
    expect(await replyToReview(heldCtx, b.id, "No approval needed now.")).toMatchObject({ responseBody: "No approval needed now." });
    expect(sim.state.responses.get(b.appleId)?.responseBody).toBe("No approval needed now.");
    expect(await db.pendingReply.count({ where: { organizationId: owner.orgId } })).toBe(0);
    expect((await audits(owner.orgId, "org.reply_approval_changed")).map((e) => e.metadata)).toEqual([{ from: false, to: true }, { from: true, to: false }]);
  });

  it("approval with an edit sends exactly the edited text, once, and settles the pending reply", async () => {
    const { heldCtx, owner, unanswered } = await setup();
    const r = unanswered[0];
    const { awaitingApproval } = (await replyToReview(heldCtx, r.id, "thx, fixd soon")) as { awaitingApproval: { id: string } };
    const before = { ...sim.stats.requests };

    const approved = await call(replyApprovalOperations, "replyApprovals.approve", owner, { pendingReplyId: awaitingApproval.id }, { body: "  Thanks! It is fixed in version 2.1.  " });
    expect(approved.status).toBe(200);
    expect(approved.json.review).toMatchObject({ response: { body: "Thanks! It is fixed in version 2.1.", state: "PENDING_PUBLISH" }, pendingReply: null });
    expect(sim.state.responses.get(r.appleId)?.responseBody).toBe("Thanks! It is fixed in version 2.1.");
    expect(responseCalls(before, "POST")).toBe(1);
    expect(await pendingOf(r.id)).toMatchObject({ status: "APPROVED", body: "Thanks! It is fixed in version 2.1.", decidedByEmail: owner.actor.email });
    const [audit] = await audits(owner.orgId, "reply.approved");
    expect(audit.metadata).toMatchObject({ edited: true, written: "thx, fixd soon", pendingReplyId: awaitingApproval.id });
    expect(await audits(owner.orgId, "review.replied")).toHaveLength(1);

    // Decided once: approving or rejecting again sends nothing.
    const again = { ...sim.stats.requests };
    await expect(approvePendingReply(owner, awaitingApproval.id, {})).rejects.toMatchObject({ code: "conflict" });
    await expect(rejectPendingReply(owner, awaitingApproval.id, "Too late")).rejects.toMatchObject({ code: "conflict" });
    expect(responseCalls(again)).toBe(0);
    expect(await listPendingReplies(owner)).toEqual([]);
  });

  it("an approved edit of a held member's change to our reply replaces it at App Store Connect", async () => {
    const { heldCtx, freeCtx, owner, unanswered } = await setup();
    const r = unanswered[0];
    await replyToReview(freeCtx, r.id, "First answer.");
    await expect(replyToReview(heldCtx, r.id, "Another first answer")).rejects.toThrow('This review already has a reply: "First answer."');
    const held = await editReply(heldCtx, r.id, "Better answer.");
    expect(sim.state.responses.get(r.appleId)?.responseBody).toBe("First answer.");
    await approvePendingReply(owner, (held as { awaitingApproval: { id: string } }).awaitingApproval.id, {});
    expect(sim.state.responses.get(r.appleId)?.responseBody).toBe("Better answer.");
    expect(await audits(owner.orgId, "review.reply_edited")).toHaveLength(1);
  });

  it("rejection sends nothing and shows the author the reason", async () => {
    const { heldCtx, heldUser, owner, unanswered } = await setup();
    const r = unanswered[0];
    const { awaitingApproval } = (await replyToReview(heldCtx, r.id, "Works on my phone.")) as { awaitingApproval: { id: string } };
    const before = { ...sim.stats.requests };
    const rejected = await call(replyApprovalOperations, "replyApprovals.reject", owner, { pendingReplyId: awaitingApproval.id }, { comment: "Please apologise first." });
    expect(rejected.status).toBe(200);
    expect(rejected.json.review).toMatchObject({ response: null, pendingReply: { status: "REJECTED", comment: "Please apologise first.", decidedBy: owner.actor.email, author: heldUser.email } });
    expect(responseCalls(before)).toBe(0);
    expect(sim.state.responses.has(r.appleId)).toBe(false);
    expect(await inboxReview(heldCtx, r.id)).toMatchObject({ pendingReply: { status: "REJECTED", comment: "Please apologise first." } });
    expect((await audits(owner.orgId, "reply.rejected"))[0].metadata).toMatchObject({ comment: "Please apologise first.", author: heldUser.email });
    // Submitting again waits again, without the old verdict.
    await replyToReview(heldCtx, r.id, "Sorry about that! Fixed in 2.1.");
    expect(await pendingOf(r.id)).toMatchObject({ status: "PENDING", comment: null, decidedByEmail: null });
  });

  it("a member limited to another connection neither sees nor decides its pending replies", async () => {
    const { heldCtx, owner, unanswered } = await setup();
    const r = unanswered[0];
    const { awaitingApproval } = (await replyToReview(heldCtx, r.id, "Waiting.")) as { awaitingApproval: { id: string } };
    const other = await createConnection(owner, { name: "Other client", issuerId: issuerId(), keyId: keyId(), privateKey: ascKeyPair().privateKey });
    const adminUser = await makeUser();
    const admin = await addMembership(owner.orgId, adminUser.id, "ADMIN");
    await updateMember(owner, admin.id, { restrictConnections: true, connectionIds: [other.id] });
    const restricted = await contextFor(owner.orgId, adminUser.id);

    expect(await call(replyApprovalOperations, "replyApprovals.list", restricted, {})).toEqual({ status: 200, json: { pendingReplies: [] } });
    const before = { ...sim.stats.requests };
    await expect(call(replyApprovalOperations, "replyApprovals.approve", restricted, { pendingReplyId: awaitingApproval.id }, {})).rejects.toMatchObject({ code: "not_found", status: 404 });
    await expect(call(replyApprovalOperations, "replyApprovals.reject", restricted, { pendingReplyId: awaitingApproval.id }, { comment: "No." })).rejects.toMatchObject({ code: "not_found", status: 404 });
    expect(responseCalls(before)).toBe(0);
    expect(await pendingOf(r.id)).toMatchObject({ status: "PENDING" });
    // The owner sees it.
    expect((await listPendingReplies(owner)).map((p) => p.id)).toEqual([awaitingApproval.id]);
  });

  it("records who chose which members are held, and holds only members who cannot approve", async () => {
    const { owner, conn } = await setup();
    const adminUser = await makeUser();
    const admin = await addMembership(conn.organizationId, adminUser.id, "ADMIN");
    expect(await updateMember(owner, admin.id, { repliesNeedApproval: true })).toMatchObject({ repliesNeedApproval: true });
    const audit = await audits(owner.orgId, "member.reply_approval_changed");
    expect(audit.map((e) => [e.targetLabel, e.metadata])).toEqual([
      [expect.any(String), { from: false, to: true }],
      [adminUser.email, { from: false, to: true }],
    ]);
    // An admin approves replies, so their own are never held.
    const r = (await db.syncedReview.findFirstOrThrow({ where: { connectionId: conn.id, responseAppleId: null }, orderBy: { createdDate: "asc" } })).id;
    expect(await replyToReview(await contextFor(owner.orgId, adminUser.id), r, "Straight out.")).toMatchObject({ responseBody: "Straight out." });
  });

  it("names the field in every validation error", () => {
    const field = (r: { success: boolean; error?: import("zod").ZodError }) => (r.success ? undefined : zodToAppError(r.error!).field);
    const message = (r: { success: boolean; error?: import("zod").ZodError }) => (r.success ? "" : zodToAppError(r.error!).publicMessage);
    const emptyBody = ZApproveReply.safeParse({ body: "   " });
    expect([field(emptyBody), message(emptyBody)]).toEqual(["body", expect.stringContaining("body")]);
    const longBody = ZApproveReply.safeParse({ body: "x".repeat(5971) });
    expect([field(longBody), message(longBody)]).toEqual(["body", expect.stringContaining("body")]);
    const noComment = ZRejectReply.safeParse({});
    expect([field(noComment), message(noComment)]).toEqual(["comment", expect.stringContaining("comment")]);
    const longComment = ZRejectReply.safeParse({ comment: "x".repeat(2001) });
    expect([field(longComment), message(longComment)]).toEqual(["comment", expect.stringContaining("comment")]);
    const member = ZUpdateMember.safeParse({ repliesNeedApproval: "yes" });
    expect([field(member), message(member)]).toEqual(["repliesNeedApproval", expect.stringContaining("repliesNeedApproval")]);
    const org = ZUpdateOrgSettings.safeParse({ replyApproval: 1 });
    expect([field(org), message(org)]).toEqual(["replyApproval", expect.stringContaining("replyApproval")]);
  });
});
