import { describe, expect, it } from "vitest";
import { authenticateApiToken } from "@/lib/api-tokens/authenticate";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { createConnection } from "@/lib/connections/mutations";
import { listConnections } from "@/lib/connections/queries";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { createInvitation } from "@/lib/invitations/mutations";
import { saveDrafts } from "@/lib/metadata/drafts";
import { metadataGrid } from "@/lib/metadata/grid";
import { metadataHistory, pushDrafts } from "@/lib/metadata/push";
import { inboxReview, listReviews } from "@/lib/reviews/inbox";
import { replyToReview } from "@/lib/reviews/replies";
import { createTemplate } from "@/lib/reviews/templates";
import { makeOrg, makeUser } from "@/lib/seed/factories";
import { requestSync } from "@/lib/sync/requests";
import type { OrgContext } from "@/lib/tenancy/context";
import { AscSimulator } from "../asc-sim/server";
import { contextFor } from "./support/context";
import { failure } from "./support/failure";
import { waitFor } from "./support/faults";
import { ascKeyPair, issuerId, keyId } from "./support/keys";
import { prepareSyncEnv, runEnded, withSimulatorAndWorkers } from "./support/sync-env";

const port = await prepareSyncEnv("actors");
const sim = new AscSimulator({ seed: 73, sizes: { apps: 1, reviewsPerApp: 4, locales: 2 } });
withSimulatorAndWorkers(sim, port);

/** An organisation, its owner's context, and an admin API token "CI bot" with the context the public API would build for it. */
async function orgWithToken() {
  const owner = await makeUser();
  const org = await makeOrg(owner);
  const member = await contextFor(org.id, owner.id);
  const tok = await createApiToken(member, { name: "CI bot", role: "ADMIN" });
  const token = await authenticateApiToken(`Bearer ${tok.token}`, { ip: "198.51.100.20", userAgent: "ci" });
  return { owner, member, token, tokenId: tok.id };
}

/**
 * Everything an actor does through the public API, each step as its handler runs it: adds a
 * connection whose key the simulator knows, syncs it ("sync now", run by the workers), edits
 * and pushes a field, replies to a review, and adds a reply template and an invitation.
 */
async function actThrough(ctx: OrgContext) {
  const pair = ascKeyPair();
  const team = issuerId();
  const conn = await createConnection(ctx, { name: "Team key", issuerId: team, keyId: keyId(), privateKey: pair.privateKey });
  sim.registerKey({ issuerId: team, keyId: conn.keyId, publicKey: pair.publicKey, role: "ADMIN" });
  const { runId } = await requestSync(ctx, conn.id, { kind: "FULL" });
  expect((await runEnded(runId)).status).toBe("SUCCEEDED");

  const app = await db.syncedApp.findFirstOrThrow({ where: { connectionId: conn.id }, select: { id: true } });
  const grid = await metadataGrid(ctx, app.id);
  const localizationId = grid.rows[0].cells.keywords!.localizationId;
  // Apple's data is shared by the tests of this file: each actor writes a value of its own.
  await saveDrafts(ctx, app.id, { edits: [{ localizationId, field: "keywords", value: `edited,by,${ctx.actor.kind}` }] });
  const draft = await db.metadataDraft.findFirstOrThrow({ where: { appId: app.id }, select: { updatedById: true, updatedByTokenId: true } });
  const draftShownBy = (await metadataGrid(ctx, app.id)).rows[0].cells.keywords!.draft!.updatedBy;
  const report = await pushDrafts(ctx, app.id, {});
  expect(report.pushed).toHaveLength(1);

  const review = await db.syncedReview.findFirstOrThrow({ where: { connectionId: conn.id, responseAppleId: null }, select: { id: true } });
  // Apple answers slowly, so the review stays claimed while the reply is on its way.
  sim.faults = { latencyMs: 1_500 };
  const replying = replyToReview(ctx, review.id, "Thanks for the review!");
  const claim = await waitFor(
    "the review to be claimed",
    async () => {
      const r = await db.syncedReview.findUniqueOrThrow({ where: { id: review.id }, select: { replyingById: true, replyingByTokenId: true } });
      return r.replyingById || r.replyingByTokenId ? r : undefined;
    },
    5_000,
    20,
  );
  const claimShownAs = (await inboxReview(ctx, review.id))!.replyingBy;
  await replying;
  sim.faults = {};

  const { template } = await createTemplate(ctx, { name: "Thanks", body: "Thanks, {nickname}!" });
  const invitation = await createInvitation(ctx, { role: "VIEWER" });
  return { conn, runId, app, draft, draftShownBy, review, claim, claimShownAs, template, invitation };
}

/** Who each written row names, as its pair of columns. */
async function writtenBy(done: Awaited<ReturnType<typeof actThrough>>) {
  const [conn, run, change, template, invitation] = await Promise.all([
    db.connection.findUniqueOrThrow({ where: { id: done.conn.id }, select: { createdById: true, createdByTokenId: true } }),
    db.syncRun.findUniqueOrThrow({ where: { id: done.runId }, select: { createdById: true, createdByTokenId: true } }),
    db.metadataChange.findFirstOrThrow({ where: { appId: done.app.id }, select: { pushedById: true, pushedByTokenId: true } }),
    db.replyTemplate.findUniqueOrThrow({ where: { id: done.template.id }, select: { updatedById: true, updatedByTokenId: true } }),
    db.invitation.findUniqueOrThrow({ where: { id: done.invitation.id }, select: { createdById: true, createdByTokenId: true } }),
  ]);
  return {
    connection: [conn.createdById, conn.createdByTokenId],
    syncRun: [run.createdById, run.createdByTokenId],
    draft: [done.draft.updatedById, done.draft.updatedByTokenId],
    change: [change.pushedById, change.pushedByTokenId],
    replyClaim: [done.claim.replyingById, done.claim.replyingByTokenId],
    template: [template.updatedById, template.updatedByTokenId],
    invitation: [invitation.createdById, invitation.createdByTokenId],
  };
}

describe("who did it: a member or an API token", () => {
  it("an API token's actions record the token, never a user, and show its name", async () => {
    const { owner, member, token, tokenId } = await orgWithToken();
    const done = await actThrough(token);

    const byToken = [null, tokenId];
    expect(await writtenBy(done)).toEqual({ connection: byToken, syncRun: byToken, draft: byToken, change: byToken, replyClaim: byToken, template: byToken, invitation: byToken });
    // A claim is released once the reply is stored.
    expect(await db.syncedReview.findUniqueOrThrow({ where: { id: done.review.id }, select: { replyingById: true, replyingByTokenId: true, responseBody: true } })).toEqual({
      replyingById: null,
      replyingByTokenId: null,
      responseBody: "Thanks for the review!",
    });

    // Where a person's email would be, the token's name.
    expect(done.draftShownBy).toBe("API token “CI bot”");
    expect(done.claimShownAs).toBe("API token “CI bot”");
    expect((await metadataHistory(member, done.app.id)).map((h) => h.pushedByEmail)).toEqual(["API token “CI bot”"]);
    expect((await listConnections(member)).map((c) => ("createdBy" in c ? c.createdBy : undefined))).toEqual(["API token “CI bot”"]);

    // The audit log names the token too, and no user.
    const events = await db.auditEvent.findMany({ where: { organizationId: member.orgId, actorTokenId: tokenId }, select: { action: true, actorId: true, actorEmail: true } });
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(["connection.created", "sync.requested", "metadata.pushed", "review.replied", "review_template.created", "invitation.created"]));
    expect(events.every((e) => e.actorId === null && e.actorEmail === "API token “CI bot”")).toBe(true);
    expect(await db.auditEvent.count({ where: { actorId: tokenId } })).toBe(0);

    // Nothing the token did is the owner's: "assigned to me" holds nothing for a token.
    await db.syncedReview.updateMany({ where: { connectionId: done.conn.id }, data: { assignedToId: owner.id } });
    expect((await listReviews(member, { limit: 50, assigned: "me" })).reviews).toHaveLength(4);
    expect((await listReviews(token, { limit: 50, assigned: "me" })).reviews).toEqual([]);
  });

  it("a member's actions record the member's user, and show their email", async () => {
    const { owner, member } = await orgWithToken();
    const done = await actThrough(member);

    const byMember = [owner.id, null];
    expect(await writtenBy(done)).toEqual({ connection: byMember, syncRun: byMember, draft: byMember, change: byMember, replyClaim: byMember, template: byMember, invitation: byMember });
    expect(done.draftShownBy).toBe(owner.email);
    expect(done.claimShownAs).toBe(owner.email);
    expect((await metadataHistory(member, done.app.id)).map((h) => h.pushedByEmail)).toEqual([owner.email]);
  });

  it("a member trying to reply while a token is replying is told the token's name", async () => {
    const { member, token } = await orgWithToken();
    const pair = ascKeyPair();
    const team = issuerId();
    const conn = await createConnection(member, { name: "Team key", issuerId: team, keyId: keyId(), privateKey: pair.privateKey });
    sim.registerKey({ issuerId: team, keyId: conn.keyId, publicKey: pair.publicKey, role: "ADMIN" });
    const { runId } = await requestSync(member, conn.id, { kind: "FULL" });
    await runEnded(runId);
    const review = await db.syncedReview.findFirstOrThrow({ where: { connectionId: conn.id, responseAppleId: null }, select: { id: true } });

    sim.faults = { latencyMs: 1_500 };
    const replying = replyToReview(token, review.id, "From CI");
    await waitFor("the token's claim", async () => (await db.syncedReview.findUniqueOrThrow({ where: { id: review.id }, select: { replyingByTokenId: true } })).replyingByTokenId ?? undefined, 5_000, 20);
    const refused = await failure(replyToReview(member, review.id, "From a person"), AppError);
    await replying;
    sim.faults = {};
    expect(refused).toMatchObject({ code: "conflict", publicMessage: "API token “CI bot” is replying to this review right now." });
  });
});
