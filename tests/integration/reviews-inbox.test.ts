import { describe, expect, it } from "vitest";
import { createConnection } from "@/lib/connections/mutations";
import { db } from "@/lib/db/client";
import { assignReview } from "@/lib/reviews/assign";
import { inboxChoices, listReviews, parseReviewQuery, reviewCounts, type TReviewQuery } from "@/lib/reviews/inbox";
import { charCount, REPLY_LIMIT } from "@/lib/reviews/limits";
import { editReply, replyToReview, ZReply } from "@/lib/reviews/replies";
import { renderTemplate } from "@/lib/reviews/template-text";
import { createTemplate, listTemplates, updateTemplate, ZTemplate } from "@/lib/reviews/templates";
import { addMembership, makeOrg, makeUser } from "@/lib/seed/factories";
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

const port = await prepareSyncEnv("inbox");
const sim = new AscSimulator({ seed: 73, sizes: { apps: 1, reviewsPerApp: 20 } });
simulatorForFile(sim, { port });

const TERRITORIES = ["USA", "GBR", "DEU", "JPN"];

/**
 * An organisation with two connections (two clients of an agency), three apps and 240
 * reviews whose attributes follow from their index, so every filter's answer can be
 * computed by hand from the same list.
 */
async function inbox() {
  const owner = await makeUser();
  const org = await makeOrg(owner);
  const ownerCtx = await contextFor(org.id, owner.id);
  const conns = [];
  for (const name of ["Client A", "Client B"]) {
    const c = await createConnection(ownerCtx, { name, issuerId: issuerId(), keyId: keyId(), privateKey: ascKeyPair().privateKey });
    conns.push(c.id);
  }
  const apps: { id: string; connectionId: string }[] = [];
  for (const [i, connectionId] of [conns[0], conns[0], conns[1]].entries()) {
    apps.push(await db.syncedApp.create({ data: { organizationId: org.id, connectionId, appleId: `app-${i}`, name: `App ${i}`, bundleId: `com.example.app${i}`, sku: `SKU${i}`, primaryLocale: "en-US" } }));
  }
  const base = Date.parse("2026-06-01T00:00:00Z");
  const rows = Array.from({ length: 240 }, (_, i) => {
    const app = apps[i % 3];
    return {
      organizationId: org.id,
      connectionId: app.connectionId,
      appId: app.id,
      appleId: `rev-${i}`,
      rating: (i % 5) + 1,
      title: i % 7 === 0 ? `Crash on launch #${i}` : `Title ${i}`,
      body: i % 11 === 0 ? "100% broken_after update" : `Body of review ${i}`,
      reviewerNickname: `nick${i}`,
      territory: TERRITORIES[i % 4],
      // Several reviews share a timestamp, so the keyset's id tie-break matters.
      createdDate: new Date(base + Math.floor(i / 3) * 3_600_000),
      ...(i % 4 === 0 ? { responseAppleId: `resp-${i}`, responseBody: "Thanks!", responseState: "PUBLISHED" } : {}),
    };
  });
  await db.syncedReview.createMany({ data: rows });
  const stored = await db.syncedReview.findMany({ where: { organizationId: org.id }, select: { id: true, appleId: true } });
  const idOf = new Map(stored.map((r) => [r.appleId, r.id]));
  return { org, owner, ownerCtx, conns, apps, rows: rows.map((r) => ({ ...r, id: idOf.get(r.appleId)! })) };
}

/** Every page of a query, following the cursor. */
async function allPages(ctx: OrgContext, q: Partial<TReviewQuery>) {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < 100; n++) {
    const page = await listReviews(ctx, { limit: 7, ...q, cursor });
    ids.push(...page.reviews.map((r) => r.id));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
  throw new Error("pagination did not end");
}

type Rows = Awaited<ReturnType<typeof inbox>>["rows"];
const newestFirst = (rows: Rows) => [...rows].sort((a, b) => b.createdDate.getTime() - a.createdDate.getTime() || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0)).map((r) => r.id);

describe("reviews inbox", () => {
  it("answers every filter and combination exactly, newest first, across keyset pages with no gap or repeat", async () => {
    const { ownerCtx, rows, apps, conns } = await inbox();
    const cases: [Partial<TReviewQuery>, (r: Rows[number]) => boolean][] = [
      [{}, () => true],
      [{ app: apps[1].id }, (r) => r.appId === apps[1].id],
      [{ connection: conns[1] }, (r) => r.connectionId === conns[1]],
      [{ rating: [1] }, (r) => r.rating === 1],
      [{ rating: [1, 2], replied: "no" }, (r) => r.rating <= 2 && !r.responseAppleId],
      [{ app: apps[0].id, rating: [1], replied: "no" }, (r) => r.appId === apps[0].id && r.rating === 1 && !r.responseAppleId],
      [{ territory: ["GBR", "JPN"], replied: "yes" }, (r) => ["GBR", "JPN"].includes(r.territory) && !!r.responseAppleId],
      [{ from: "2026-06-02", to: "2026-06-03" }, (r) => r.createdDate >= new Date("2026-06-02T00:00:00Z") && r.createdDate < new Date("2026-06-04T00:00:00Z")],
      [{ q: "crash LAUNCH" }, (r) => /crash on launch/i.test(r.title)],
      // % and _ are letters in a search, not wildcards.
      [{ q: "100% broken_after" }, (r) => r.body === "100% broken_after update"],
      [{ q: "1_0" }, () => false],
    ];
    for (const [q, keep] of cases) {
      const expected = newestFirst(rows.filter(keep));
      expect(await allPages(ownerCtx, q), JSON.stringify(q)).toEqual(expected);
    }
  });

  it("counts what each rating, replied and assigned choice would show under the other filters", async () => {
    const { ownerCtx, rows, apps } = await inbox();
    const mine = rows.filter((r) => r.appId === apps[0].id).slice(0, 5);
    for (const r of mine) await assignReview(ownerCtx, r.id, ownerCtx.actor.userId);
    const inApp = rows.filter((r) => r.appId === apps[0].id);
    const unreplied = inApp.filter((r) => !r.responseAppleId);
    const counts = await reviewCounts(ownerCtx, { app: apps[0].id, replied: "no" });
    expect(counts.total).toBe(unreplied.length);
    for (const n of [1, 2, 3, 4, 5] as const) expect(counts.rating[n]).toBe(unreplied.filter((r) => r.rating === n).length);
    expect(counts.replied).toEqual({ yes: inApp.length - unreplied.length, no: unreplied.length });
    expect(counts.assigned.me).toBe(mine.filter((r) => !r.responseAppleId).length);
    expect(counts.assigned.none).toBe(unreplied.length - counts.assigned.me);
    expect((await listReviews(ownerCtx, { limit: 50, assigned: "me" })).reviews.map((r) => r.id).sort()).toEqual(mine.map((r) => r.id).sort());
    // A helpdesk's API token names the member.
    expect((await listReviews(ownerCtx, { limit: 50, assigned: ownerCtx.actor.userId })).reviews.map((r) => r.id).sort()).toEqual(mine.map((r) => r.id).sort());
  });

  it("shows an agency member only the connections granted to them, and another organisation nothing", async () => {
    const { org, ownerCtx, rows, conns, apps } = await inbox();
    const agent = await makeUser();
    const m = await addMembership(org.id, agent.id, "SUPPORT");
    await db.membership.update({ where: { id: m.id }, data: { restrictConnections: true } });
    await db.connectionGrant.create({ data: { organizationId: org.id, membershipId: m.id, connectionId: conns[1] } });
    const agentCtx = await contextFor(org.id, agent.id);
    expect(await allPages(agentCtx, {})).toEqual(newestFirst(rows.filter((r) => r.connectionId === conns[1])));
    // Naming a connection or app they may not see gives nothing, not an error that reveals it.
    expect((await listReviews(agentCtx, { limit: 10, connection: conns[0] })).reviews).toEqual([]);
    expect((await listReviews(agentCtx, { limit: 10, app: apps[0].id })).reviews).toEqual([]);
    expect((await reviewCounts(agentCtx, {})).total).toBe(rows.filter((r) => r.connectionId === conns[1]).length);
    const choices = await inboxChoices(agentCtx);
    expect(choices.apps.map((a) => a.id)).toEqual([apps[2].id]);
    expect(choices.territories).toEqual([...TERRITORIES].sort());
    // Assignment to them is refused for reviews of connections they cannot see.
    const elsewhere = rows.find((r) => r.connectionId === conns[0])!;
    await expect(assignReview(ownerCtx, elsewhere.id, agent.id)).rejects.toMatchObject({ code: "validation", options: { field: "userId" } });
    await expect(assignReview(agentCtx, elsewhere.id, agent.id)).rejects.toMatchObject({ code: "not_found" });

    const stranger = await makeUser();
    const other = await makeOrg(stranger);
    const strangerCtx = await contextFor(other.id, stranger.id);
    expect((await listReviews(strangerCtx, { limit: 100 })).reviews).toEqual([]);
    await expect(assignReview(strangerCtx, rows[0].id, stranger.id)).rejects.toMatchObject({ code: "not_found" });
    expect(await db.auditEvent.count({ where: { organizationId: org.id, action: { in: ["review.assigned", "review.unassigned"] } } })).toBe(0);
    expect(ownerCtx.orgId).toBe(org.id);
  });

  it("refuses malformed filters, naming the field", () => {
    const bad = (p: Record<string, string>) => {
      const r = parseReviewQuery(new URLSearchParams(p));
      return r.success ? null : r.error.issues[0].path.join(".");
    };
    expect(bad({ rating: "1,6" })).toBe("rating");
    expect(bad({ territory: "usa" })).toBe("territory");
    expect(bad({ replied: "maybe" })).toBe("replied");
    expect(bad({ from: "2026-13-01" })).toBe("from");
    expect(bad({ from: "2026-06-05", to: "2026-06-01" })).toBe("from");
    expect(bad({ limit: "500" })).toBe("limit");
    expect(bad({ sort: "rating" })).toBe("");
    expect(bad({ rating: "1,2", replied: "", q: "" })).toBeNull();
  });

  it("keeps reply templates per organisation, with known variables only, and fills them in per review", async () => {
    const { ownerCtx } = await inbox();
    expect(ZTemplate.safeParse({ name: "Sorry", body: "Hi {nick}, sorry!" }).error?.issues[0]).toMatchObject({ path: ["body"], message: expect.stringContaining("{nick} is not a variable") });
    const { template } = await createTemplate(ownerCtx, ZTemplate.parse({ name: "Sorry", body: "Hi {nickname}, sorry {app} let you down in {territory}. {{literal}}" }));
    await expect(createTemplate(ownerCtx, { name: "Sorry", body: "x" })).rejects.toMatchObject({ code: "conflict", options: { field: "name" } });
    await updateTemplate(ownerCtx, template.id, { name: "Sorry", body: "Hi {nickname}, thanks for the {rating} stars." });
    const other = await makeUser();
    const otherOrg = await makeOrg(other);
    await expect(updateTemplate(await contextFor(otherOrg.id, other.id), template.id, { name: "Mine", body: "x" })).rejects.toMatchObject({ code: "not_found" });
    expect((await listTemplates(await contextFor(otherOrg.id, other.id))).templates).toEqual([]);
    const [t] = (await listTemplates(ownerCtx)).templates;
    expect(renderTemplate(t.body, { nickname: "Ana", app: "Tally", territory: "PRT", rating: 2 })).toBe("Hi Ana, thanks for the 2 stars.");
    expect(renderTemplate("Hi {nickname}, {app} {{ok}}", { nickname: null, app: null })).toBe("Hi there, our app {ok}");
  });

  it("turns a pending reply into a published one on the next incremental sync, and an edit into a new pending reply", async () => {
    const conn = await simConnection(sim);
    const ctx = await contextFor(conn.organizationId, conn.ownerId);
    const t = await syncTarget(conn.organizationId, conn.id);
    const { apps } = await syncApps(t);
    await syncReviews(t, apps[0].id);
    // The oldest unanswered review: below the high-water mark, so the incremental pass does not reread its page.
    const old = await db.syncedReview.findFirstOrThrow({ where: { connectionId: conn.id, responseAppleId: null }, orderBy: { createdDate: "asc" } });
    await replyToReview(ctx, old.id, "Thanks for telling us.");
    const state = async () => (await db.syncedReview.findUniqueOrThrow({ where: { id: old.id } })).responseState;
    expect(await state()).toBe("PENDING_PUBLISH");
    const counts = await syncReviews(t, apps[0].id);
    expect(counts.pages).toBe(1);
    expect(await state()).toBe("PUBLISHED");
    await editReply(ctx, old.id, "Thanks for telling us; fixed in 2.0.");
    expect(await state()).toBe("PENDING_PUBLISH");
    await syncReviews(t, apps[0].id);
    expect(await db.syncedReview.findUniqueOrThrow({ where: { id: old.id }, select: { responseState: true, responseBody: true } })).toEqual({ responseState: "PUBLISHED", responseBody: "Thanks for telling us; fixed in 2.0." });
  });

  it("counts a reply's length as App Store Connect does (UTF-16 units, an emoji counts 2) on both sides of the boundary", async () => {
    const conn = await simConnection(sim);
    const ctx = await contextFor(conn.organizationId, conn.ownerId);
    const t = await syncTarget(conn.organizationId, conn.id);
    const { apps } = await syncApps(t);
    await syncReviews(t, apps[0].id);
    const [fits, long] = await db.syncedReview.findMany({ where: { connectionId: conn.id, responseAppleId: null }, take: 2 });
    // 2,985 emoji are 5,970 units: the limit exactly. One more letter is over, for us and for Apple.
    const atLimit = "😀".repeat(2985);
    const over = `${atLimit}a`;
    expect([charCount(atLimit), charCount(over), charCount("🇩🇪")]).toEqual([REPLY_LIMIT, REPLY_LIMIT + 1, 4]);
    expect(ZReply.safeParse({ body: atLimit }).success).toBe(true);
    expect(ZReply.safeParse({ body: over }).error?.issues[0]).toMatchObject({ path: ["body"], message: expect.stringContaining(`at most ${REPLY_LIMIT} characters`) });
    // A template is held to the same count.
    expect(ZTemplate.safeParse({ name: "Long", body: "😀".repeat(2986) }).error?.issues[0].path).toEqual(["body"]);

    await replyToReview(ctx, fits.id, atLimit);
    expect(sim.state.responses.get(fits.appleId)?.responseBody).toBe(atLimit);
    // Past our check (an API caller's text is checked by the same schema), Apple refuses with its own error, naming the field.
    await expect(replyToReview(ctx, long.id, over)).rejects.toMatchObject({ code: "conflict", publicMessage: expect.stringContaining("refused the reply: The response body is longer than 5970 characters."), options: { field: "body" } });
    expect(await db.syncedReview.findUniqueOrThrow({ where: { id: long.id }, select: { responseBody: true, replyingById: true } })).toEqual({ responseBody: null, replyingById: null });
  });
});
