import type { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { AscError } from "@/lib/asc/errors";
import { db } from "@/lib/db/client";
import { reviewOperations } from "@/lib/reviews/operations";
import { deleteReply, editReply, keepReplyAtApple, replyToReview } from "@/lib/reviews/replies";
import { ReplyExistsAtApple } from "@/lib/reviews/reply-at-apple";
import { addMembership, makeUser } from "@/lib/seed/factories";
import { syncApps } from "@/lib/sync/apps";
import { syncTarget } from "@/lib/sync/connection";
import { syncReviews } from "@/lib/sync/reviews";
import { AscSimulator } from "../asc-sim/server";
import { requestProblems, responseProblems } from "../asc-sim/spec";
import { contextFor } from "./support/context";
import { simConnection } from "./support/sim-connection";
import { simulatorForFile } from "./support/simulator";
import { prepareSyncEnv } from "./support/sync-env";

const port = await prepareSyncEnv("replies");
const sim = new AscSimulator({ seed: 61, sizes: { apps: 1, reviewsPerApp: 30 } });
simulatorForFile(sim, { port });

async function syncedReviews() {
  const conn = await simConnection(sim);
  const ctx = await contextFor(conn.organizationId, conn.ownerId);
  const t = await syncTarget(conn.organizationId, conn.id);
  const { apps } = await syncApps(t);
  await syncReviews(t, apps[0].id);
  const unanswered = await db.syncedReview.findMany({ where: { connectionId: conn.id, responseAppleId: null }, orderBy: { createdDate: "desc" }, select: { id: true, appleId: true } });
  return { conn, ctx, t, unanswered };
}

/** How many requests of one method reached Apple's customerReviewResponses since `before`. */
const responseCalls = (method: string, before: Record<string, number> = {}) =>
  Object.entries(sim.stats.requests)
    .filter(([route]) => route.startsWith(`${method} /v1/customerReviewResponses`))
    .reduce((n, [route, count]) => n + count - (before[route] ?? 0), 0);

/** A reply written in App Store Connect itself, through the simulator's control API. */
async function replyInAppStoreConnect(reviewAppleId: string, responseBody: string) {
  const res = await fetch(`${sim.url}/__sim/responses`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ reviewId: reviewAppleId, responseBody }) });
  expect(res.status).toBe(201);
  return sim.state.responses.get(reviewAppleId)!;
}

const stored = (id: string) => db.syncedReview.findUniqueOrThrow({ where: { id }, select: { responseAppleId: true, responseBody: true, responseState: true, replyingById: true } });

describe("replies to reviews", () => {
  it("App Store Connect's create overwrites an existing response: a second POST replaces the first with a new pending one", async () => {
    const { t, unanswered } = await syncedReviews();
    const reviewId = unanswered[0].appleId;
    sim.exchanges = [];
    sim.recording = true;
    const post = (responseBody: string) =>
      t.client.request<{ data: { id: string; attributes: { responseBody: string; state: string } } }>({
        method: "POST",
        path: "/v1/customerReviewResponses",
        body: { data: { type: "customerReviewResponses", attributes: { responseBody }, relationships: { review: { data: { type: "customerReviews", id: reviewId } } } } },
      });
    const first = await post("First answer");
    sim.state.responses.get(reviewId)!.state = "PUBLISHED";
    const second = await post("Second answer");
    expect(second.status).toBe(201);
    expect(second.body.data.attributes).toMatchObject({ responseBody: "Second answer", state: "PENDING_PUBLISH" });
    expect(second.body.data.id).not.toBe(first.body.data.id);
    expect(sim.state.responses.get(reviewId)).toMatchObject({ id: second.body.data.id, responseBody: "Second answer", state: "PENDING_PUBLISH" });
    // The overwritten response is gone: its id resolves to nothing.
    await expect(t.client.request({ method: "DELETE", path: `/v1/customerReviewResponses/${first.body.data.id}` })).rejects.toMatchObject({ status: 404, code: "NOT_FOUND" });
    await t.client.request({ method: "DELETE", path: `/v1/customerReviewResponses/${second.body.data.id}` });
    await expect(t.client.request({ path: `/v1/customerReviews/${reviewId}/response` })).rejects.toBeInstanceOf(AscError);
    sim.recording = false;
    // Every one of these answers (201, 201, 404, 204, 404) is a document Apple's spec allows.
    expect(sim.exchanges.map((e) => e.status)).toEqual([201, 201, 404, 204, 404]);
    expect(sim.exchanges.flatMap((e) => [...requestProblems(e.method, e.url, e.requestBody), ...responseProblems(e.method, e.url, e.status, e.responseBody)])).toEqual([]);
  });

  it("sends, edits (one POST, no delete) and deletes a reply at App Store Connect, and stores each outcome", async () => {
    const { ctx, unanswered } = await syncedReviews();
    const r = unanswered[0];
    expect(await replyToReview(ctx, r.id, "Thanks, fixed in 1.1!")).toEqual({ responseState: "PENDING_PUBLISH", responseBody: "Thanks, fixed in 1.1!", replaced: false });
    expect(sim.state.responses.get(r.appleId)).toMatchObject({ responseBody: "Thanks, fixed in 1.1!", state: "PENDING_PUBLISH" });
    expect(await stored(r.id)).toMatchObject({ responseBody: "Thanks, fixed in 1.1!", responseState: "PENDING_PUBLISH", replyingById: null });

    const before = { ...sim.stats.requests };
    await editReply(ctx, r.id, "Thanks! Fixed in 1.1.");
    expect(sim.state.responses.get(r.appleId)?.responseBody).toBe("Thanks! Fixed in 1.1.");
    expect(responseCalls("DELETE", before)).toBe(0);
    expect(responseCalls("POST", before)).toBe(1);
    expect((await stored(r.id)).responseAppleId).toBe(sim.state.responses.get(r.appleId)?.id);

    await deleteReply(ctx, r.id);
    expect(sim.state.responses.has(r.appleId)).toBe(false);
    expect(await stored(r.id)).toMatchObject({ responseAppleId: null, responseBody: null });
    expect(await db.auditEvent.count({ where: { organizationId: ctx.orgId, action: { in: ["review.replied", "review.reply_edited", "review.reply_deleted"] } } })).toBe(3);
  });

  it("lets one person reply at a time; the second sees who is replying, or the reply that won", async () => {
    const { ctx, unanswered } = await syncedReviews();
    const other = await makeUser();
    await addMembership(ctx.orgId, other.id, "SUPPORT");
    const otherCtx = await contextFor(ctx.orgId, other.id);
    const r = unanswered[1];
    // The other member is mid-send.
    await db.syncedReview.update({ where: { id: r.id }, data: { replyingById: other.id, replyingAt: new Date() } });
    await expect(replyToReview(ctx, r.id, "Mine")).rejects.toThrow(`${other.email} is replying to this review right now.`);
    await db.syncedReview.update({ where: { id: r.id }, data: { replyingById: null, replyingAt: null } });
    await replyToReview(otherCtx, r.id, "Theirs");
    await expect(replyToReview(ctx, r.id, "Mine")).rejects.toThrow('This review already has a reply: "Theirs"');
    expect(sim.state.responses.get(r.appleId)?.responseBody).toBe("Theirs");
  });

  it("never overwrites a reply written in App Store Connect after our sync: it is shown, then kept or replaced on confirmation", async () => {
    const { ctx, unanswered } = await syncedReviews();
    const [a, b] = [unanswered[2], unanswered[3]];
    const theirs = await replyInAppStoreConnect(a.appleId, "Answered in App Store Connect");

    // Sending finds their reply first and sends nothing.
    let before = { ...sim.stats.requests };
    const refusal = await replyToReview(ctx, a.id, "Ours").catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ReplyExistsAtApple);
    expect((refusal as ReplyExistsAtApple).found).toEqual({ id: theirs.id, body: "Answered in App Store Connect", state: "PUBLISHED", modifiedDate: theirs.lastModifiedDate });
    expect(responseCalls("POST", before)).toBe(0);
    expect(sim.state.responses.get(a.appleId)?.responseBody).toBe("Answered in App Store Connect");
    expect(await stored(a.id)).toEqual({ responseAppleId: null, responseBody: null, responseState: null, replyingById: null });

    // The routes (members' and /api/v1 share the handler) answer 409 with the reply found.
    const reply = reviewOperations.find((o) => o.id === "reviews.reply")!;
    const res = (await reply.handler({ ctx, params: { reviewId: a.id }, body: { body: "Ours" }, query: undefined, req: undefined as unknown as NextRequest, route: {} })) as Response;
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: "REPLY_EXISTS_AT_APPLE", message: expect.stringContaining("was not sent"), found: { id: theirs.id, body: "Answered in App Store Connect", state: "PUBLISHED", modifiedDate: theirs.lastModifiedDate } } });

    // "Keep theirs": our copy becomes Apple's reply; nothing is sent.
    before = { ...sim.stats.requests };
    expect(await keepReplyAtApple(ctx, a.id)).toMatchObject({ id: theirs.id, body: "Answered in App Store Connect" });
    expect(await stored(a.id)).toEqual({ responseAppleId: theirs.id, responseBody: "Answered in App Store Connect", responseState: "PUBLISHED", replyingById: null });
    expect(responseCalls("POST", before)).toBe(0);

    // "Replace it": a confirmation names the reply shown; one changed again since is not overwritten.
    const shown = await replyInAppStoreConnect(b.appleId, "First answer in App Store Connect");
    const newer = await replyInAppStoreConnect(b.appleId, "Second answer in App Store Connect");
    await expect(replyToReview(ctx, b.id, "Ours", { replace: { responseId: shown.id, responseBody: shown.responseBody } })).rejects.toMatchObject({ found: { id: newer.id, body: "Second answer in App Store Connect" } });
    expect(sim.state.responses.get(b.appleId)?.responseBody).toBe("Second answer in App Store Connect");
    expect(await replyToReview(ctx, b.id, "Ours", { replace: { responseId: newer.id, responseBody: newer.responseBody } })).toEqual({ responseState: "PENDING_PUBLISH", responseBody: "Ours", replaced: true });
    expect(sim.state.responses.get(b.appleId)).toMatchObject({ responseBody: "Ours", state: "PENDING_PUBLISH" });
    expect(await stored(b.id)).toMatchObject({ responseBody: "Ours", responseState: "PENDING_PUBLISH" });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { organizationId: ctx.orgId, action: "review.replied", targetId: b.id } });
    expect(audit.metadata).toEqual({ connectionId: expect.any(String), replacedReplyAtAppStoreConnect: { id: newer.id, body: "Second answer in App Store Connect", state: "PUBLISHED", modifiedDate: newer.lastModifiedDate } });
  });

  it("an edit or delete of our reply finds it changed in App Store Connect and leaves theirs", async () => {
    const { ctx, unanswered } = await syncedReviews();
    const r = unanswered[4];
    await replyToReview(ctx, r.id, "Ours, first");
    const edited = await replyInAppStoreConnect(r.appleId, "Edited in App Store Connect");
    const before = { ...sim.stats.requests };
    await expect(editReply(ctx, r.id, "Ours, second")).rejects.toMatchObject({ code: "conflict", found: { id: edited.id, body: "Edited in App Store Connect" } });
    await expect(deleteReply(ctx, r.id)).rejects.toBeInstanceOf(ReplyExistsAtApple);
    expect(responseCalls("POST", before) + responseCalls("DELETE", before)).toBe(0);
    expect(sim.state.responses.get(r.appleId)?.responseBody).toBe("Edited in App Store Connect");
    expect(await stored(r.id)).toMatchObject({ responseBody: "Ours, first", replyingById: null });
    // Confirmed, the edit goes out as one POST.
    await editReply(ctx, r.id, "Ours, second", { replace: { responseId: edited.id, responseBody: edited.responseBody } });
    expect(sim.state.responses.get(r.appleId)?.responseBody).toBe("Ours, second");
    expect(responseCalls("DELETE", before)).toBe(0);
  });

  it("shows Apple's reason when it refuses a reply to a review that is gone, and stores nothing new", async () => {
    const { ctx, unanswered } = await syncedReviews();
    const b = unanswered[5];
    sim.state.reviewById.delete(b.appleId);
    await expect(replyToReview(ctx, b.id, "Hello")).rejects.toMatchObject({ publicMessage: expect.stringMatching(/refused the reply: There is no resource of type 'customerReviews'/) });
    expect(await stored(b.id)).toMatchObject({ responseBody: null, replyingById: null });
  });
});
