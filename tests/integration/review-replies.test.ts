import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { deleteReply, editReply, replyToReview } from "@/lib/reviews/replies";
import { addMembership, makeUser } from "@/lib/seed/factories";
import { syncApps } from "@/lib/sync/apps";
import { syncTarget } from "@/lib/sync/connection";
import { syncReviews } from "@/lib/sync/reviews";
import { AscSimulator } from "../asc-sim/server";
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
  return { conn, ctx, unanswered };
}

describe("replies to reviews", () => {
  it("sends, edits and deletes a reply at App Store Connect, and stores each outcome", async () => {
    const { ctx, unanswered } = await syncedReviews();
    const r = unanswered[0];
    expect(await replyToReview(ctx, r.id, "Thanks, fixed in 1.1!")).toEqual({ responseState: "PENDING_PUBLISH", responseBody: "Thanks, fixed in 1.1!" });
    expect(sim.state.responses.get(r.appleId)).toMatchObject({ responseBody: "Thanks, fixed in 1.1!", state: "PENDING_PUBLISH" });
    expect(await db.syncedReview.findUnique({ where: { id: r.id }, select: { responseBody: true, responseState: true, replyingById: true } })).toEqual({ responseBody: "Thanks, fixed in 1.1!", responseState: "PENDING_PUBLISH", replyingById: null });

    await editReply(ctx, r.id, "Thanks! Fixed in 1.1.");
    expect(sim.state.responses.get(r.appleId)?.responseBody).toBe("Thanks! Fixed in 1.1.");
    await deleteReply(ctx, r.id);
    expect(sim.state.responses.has(r.appleId)).toBe(false);
    expect(await db.syncedReview.findUnique({ where: { id: r.id }, select: { responseAppleId: true, responseBody: true } })).toEqual({ responseAppleId: null, responseBody: null });
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

  it("shows Apple's reason when it refuses (a reply made elsewhere, a review that is gone) and stores nothing new", async () => {
    const { ctx, unanswered } = await syncedReviews();
    const [a, b] = [unanswered[2], unanswered[3]];
    sim.state.responses.set(a.appleId, { id: "resp-elsewhere", reviewId: a.appleId, responseBody: "Answered in App Store Connect", lastModifiedDate: new Date().toISOString(), state: "PUBLISHED" });
    await expect(replyToReview(ctx, a.id, "Ours")).rejects.toMatchObject({ code: "conflict", publicMessage: expect.stringMatching(/refused the reply: This review already has a response/) });
    expect(await db.syncedReview.findUnique({ where: { id: a.id }, select: { responseBody: true, responseState: true } })).toEqual({ responseBody: "Answered in App Store Connect", responseState: "PUBLISHED" });

    sim.state.reviewById.delete(b.appleId);
    await expect(replyToReview(ctx, b.id, "Hello")).rejects.toMatchObject({ publicMessage: expect.stringMatching(/refused the reply: There is no resource of type 'customerReviews'/) });
    expect(await db.syncedReview.findUnique({ where: { id: b.id }, select: { responseBody: true, replyingById: true } })).toEqual({ responseBody: null, replyingById: null });
  });
});
