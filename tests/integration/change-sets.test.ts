import { describe, expect, it } from "vitest";
import { decideChangeSet, getChangeSet, listChangeSets, pushChangeSet, pushScheduledChangeSet, submitChangeSet, withdrawChangeSet } from "@/lib/changesets/changesets";
import { approvalSettings, updateApprovalSettings } from "@/lib/changesets/settings";
import { db } from "@/lib/db/client";
import { saveDrafts } from "@/lib/metadata/drafts";
import { metadataGrid } from "@/lib/metadata/grid";
import { pushDrafts } from "@/lib/metadata/push";
import { addMembership, makeUser } from "@/lib/seed/factories";
import { AscSimulator } from "../asc-sim/server";
import { contextFor } from "./support/context";
import { simulatorForFile } from "./support/simulator";
import { prepareSyncEnv } from "./support/sync-env";
import { syncedMetadataAccount } from "./support/synced-account";

const port = await prepareSyncEnv("changesets");
const sim = new AscSimulator({ seed: 77, sizes: { apps: 2, reviewsPerApp: 1, locales: 2 } });
simulatorForFile(sim, { port });

const simVersionLoc = (appleAppId: string, locale: string) => sim.state.versionLocs.find((l) => l.versionId === `${appleAppId}-v2` && l.locale === locale)!;
const patches = () => sim.stats.requests["PATCH /v1/appStoreVersionLocalizations/{id}"] ?? 0;

/** An organisation synced from the simulator with approval on for its connection, an editor and a client approver of that connection. */
async function account() {
  const { ctx: owner, apps } = await syncedMetadataAccount(sim);
  const app = apps.find((a) => a.appleId === sim.state.apps[0].id)!;
  const { connectionId } = await db.syncedApp.findUniqueOrThrow({ where: { id: app.id }, select: { connectionId: true } });
  const people = await Promise.all(["editor", "client"].map((n) => makeUser({ email: `${n}-${Math.random().toString(36).slice(2, 8)}@example.test`, name: n })));
  await addMembership(owner.orgId, people[0].id, "EDITOR");
  const client = await addMembership(owner.orgId, people[1].id, "CLIENT_APPROVER");
  await db.connectionGrant.create({ data: { organizationId: owner.orgId, membershipId: client.id, connectionId } });
  await updateApprovalSettings(owner, { connections: [{ id: connectionId, requireApproval: true }] });
  const [editor, approver] = await Promise.all(people.map((p) => contextFor(owner.orgId, p.id)));
  return { owner, editor, approver, appId: app.id, appleId: app.appleId, connectionId };
}

async function draftKeywords(ctx: Awaited<ReturnType<typeof account>>["editor"], appId: string, value: string) {
  const en = (await metadataGrid(ctx, appId)).rows.find((r) => r.locale === "en-US")!;
  await saveDrafts(ctx, appId, { edits: [{ localizationId: en.cells.keywords!.localizationId, field: "keywords", value }] });
}

describe("change sets", () => {
  it("pushes nothing unapproved; a client approver approves the diff; the approved set is pushed; an edit after approval sends it back", async () => {
    const { editor, approver, appId, appleId } = await account();
    await draftKeywords(editor, appId, "approved,words");
    const before = simVersionLoc(appleId, "en-US").keywords;
    const sent = patches();

    // With approval on, drafts cannot be pushed directly.
    await expect(pushDrafts(editor, appId, {})).rejects.toMatchObject({ code: "forbidden" });

    const { changeSet } = await submitChangeSet(editor, appId, { note: "Spring keywords" });
    expect(changeSet).toMatchObject({ status: "PENDING", note: "Spring keywords", items: [{ locale: "en-US", field: "keywords", before, after: "approved,words" }] });
    // A waiting set cannot be pushed, and an editor cannot approve.
    await expect(pushChangeSet(editor, changeSet.id)).rejects.toMatchObject({ code: "forbidden" });
    expect(patches()).toBe(sent);

    // The client approver sees it, and approves exactly what they saw.
    expect((await listChangeSets(approver)).changeSets.map((c) => c.id)).toContain(changeSet.id);
    await expect(decideChangeSet(approver, changeSet.id, { decision: "approve", digest: "stale" })).rejects.toMatchObject({ code: "conflict" });
    const approved = (await decideChangeSet(approver, changeSet.id, { decision: "approve", digest: changeSet.digest })).changeSet;
    expect(approved).toMatchObject({ status: "APPROVED", decidedBy: expect.stringMatching(/^client-/) });

    // An edit after approval: back to waiting, and the push is refused.
    await draftKeywords(editor, appId, "sneaky,change");
    const reset = (await getChangeSet(editor, changeSet.id)).changeSet;
    expect(reset).toMatchObject({ status: "PENDING", decidedBy: null, items: [{ after: "sneaky,change" }] });
    expect(reset.digest).not.toBe(changeSet.digest);
    await expect(pushChangeSet(editor, changeSet.id)).rejects.toMatchObject({ code: "forbidden" });
    expect(patches()).toBe(sent);
    expect(await db.auditEvent.count({ where: { organizationId: editor.orgId, action: "change_set.reset" } })).toBe(1);

    // Approved again, then pushed: App Store Connect gets exactly the approved value.
    await decideChangeSet(approver, changeSet.id, { decision: "approve", digest: reset.digest });
    const { report, changeSet: pushed } = await pushChangeSet(editor, changeSet.id);
    expect(report.pushed.map((p) => p.newValue)).toEqual(["sneaky,change"]);
    expect(pushed.status).toBe("PUSHED");
    expect(simVersionLoc(appleId, "en-US").keywords).toBe("sneaky,change");
    expect(patches()).toBe(sent + 1);
    const actions = (await db.auditEvent.findMany({ where: { organizationId: editor.orgId, action: { startsWith: "change_set." } }, orderBy: { createdAt: "asc" }, select: { action: true } })).map((a) => a.action);
    expect(actions).toEqual(["change_set.submitted", "change_set.approved", "change_set.reset", "change_set.approved", "change_set.pushed"]);
  });

  it("a rejection needs a reason and frees the drafts; a client approver sees nothing of connections not granted; withdrawing frees the drafts", async () => {
    const { owner, editor, approver, appId } = await account();
    await draftKeywords(editor, appId, "rejected,words");
    const { changeSet } = await submitChangeSet(editor, appId, {});
    // The same drafts cannot go in two open sets.
    await expect(submitChangeSet(editor, appId, {})).rejects.toMatchObject({ code: "validation", field: "draftIds" });
    await expect(decideChangeSet(approver, changeSet.id, { decision: "reject", digest: changeSet.digest, comment: "Too long" })).resolves.toMatchObject({ changeSet: { status: "REJECTED", decisionComment: "Too long" } });
    expect(await db.metadataDraft.count({ where: { appId, changeSetId: { not: null } } })).toBe(0);

    const second = (await submitChangeSet(editor, appId, {})).changeSet;
    expect((await withdrawChangeSet(editor, second.id)).changeSet.status).toBe("WITHDRAWN");
    expect(await db.metadataDraft.count({ where: { appId } })).toBe(1);

    // The client approver's grant is the one connection: approval settings list only it, and another connection's set is not found.
    expect((await approvalSettings(approver)).settings.connections).toHaveLength(1);
    await db.connectionGrant.deleteMany({ where: { organizationId: owner.orgId } });
    const third = (await submitChangeSet(editor, appId, {})).changeSet;
    await expect(getChangeSet(approver, third.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(decideChangeSet(approver, third.id, { decision: "approve", digest: third.digest })).rejects.toMatchObject({ code: "not_found" });
    expect((await listChangeSets(approver)).changeSets).toEqual([]);
  });

  it("a scheduled set is pushed by the schedule once approved, and not when it is no longer approved", async () => {
    const { editor, owner, appId, appleId } = await account();
    await draftKeywords(editor, appId, "scheduled,words");
    await expect(submitChangeSet(editor, appId, { scheduledFor: "2020-01-01T00:00:00Z" })).rejects.toMatchObject({ field: "scheduledFor" });
    const { changeSet } = await submitChangeSet(editor, appId, { scheduledFor: "2099-01-01T09:00:00Z" });
    // Not approved yet: the schedule leaves it alone.
    expect(await pushScheduledChangeSet(owner.orgId, changeSet.id)).toMatchObject({ skipped: "change set is pending" });
    await decideChangeSet(owner, changeSet.id, { decision: "approve", digest: changeSet.digest });
    expect(await pushScheduledChangeSet(owner.orgId, changeSet.id)).toMatchObject({ pushed: 1 });
    expect(simVersionLoc(appleId, "en-US").keywords).toBe("scheduled,words");
    const audit = await db.auditEvent.findFirstOrThrow({ where: { organizationId: owner.orgId, action: "change_set.pushed" }, select: { actorEmail: true } });
    expect(audit.actorEmail).toMatch(/^Scheduled push \(approved by /);
  });

  it("two approvers deciding at once: one decision stands, the other is told the set was decided", async () => {
    const { owner, approver, editor, appId } = await account();
    await draftKeywords(editor, appId, "raced,words");
    const { changeSet } = await submitChangeSet(editor, appId, {});
    const outcomes = await Promise.allSettled([
      decideChangeSet(approver, changeSet.id, { decision: "approve", digest: changeSet.digest }),
      decideChangeSet(owner, changeSet.id, { decision: "reject", digest: changeSet.digest, comment: "No" }),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(outcomes.find((o) => o.status === "rejected")).toMatchObject({ reason: { code: "conflict" } });
    const final = (await getChangeSet(owner, changeSet.id)).changeSet.status;
    // The drafts follow the decision that stood: held by an approved set, free after a rejection.
    expect(await db.metadataDraft.count({ where: { appId, changeSetId: changeSet.id } })).toBe(final === "APPROVED" ? 1 : 0);
    expect(await db.auditEvent.count({ where: { organizationId: owner.orgId, action: { in: ["change_set.approved", "change_set.rejected"] } } })).toBe(1);
  });

  it("without approval, drafts of a waiting set pushed directly leave the set withdrawn, naming nothing that is gone", async () => {
    const { owner, editor, appId, connectionId, appleId } = await account();
    await updateApprovalSettings(owner, { connections: [{ id: connectionId, requireApproval: false }] });
    await draftKeywords(editor, appId, "direct,push");
    const { changeSet } = await submitChangeSet(editor, appId, {});
    expect((await pushDrafts(editor, appId, {})).pushed).toHaveLength(1);
    expect(simVersionLoc(appleId, "en-US").keywords).toBe("direct,push");
    expect((await getChangeSet(editor, changeSet.id)).changeSet).toMatchObject({ status: "WITHDRAWN", items: [] });
  });
});
