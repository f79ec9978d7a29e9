import { randomUUID } from "node:crypto";
import { z } from "zod";
import { ascAppError, AscError, ascWords, attributeOf } from "@/lib/asc/errors";
import { recordAudit } from "@/lib/audit/record";
import { nowDate } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { AppError, forbidden } from "@/lib/errors";
import { approvalRequired } from "@/lib/changesets/approval";
import { OPEN, resetChangeSets } from "@/lib/changesets/state";
import { connectionSlots } from "@/lib/jobs/slots";
import { syncTarget } from "@/lib/sync/connection";
import type { OrgContext } from "@/lib/tenancy/context";
import { FIELDS, appInfoStateOf, editability, valueProblems, versionStateOf, type FieldName } from "./fields";
import { visibleApp } from "./grid";
import { actorColumns, actorLabel } from "@/lib/tenancy/actor";

export const ZPush = z.object({ draftIds: z.array(z.string().min(1).max(64)).max(1000).optional() }).strict();
export type TPush = z.infer<typeof ZPush>;

export type PushReport = {
  pushed: { draftId: string; locale: string; field: FieldName; oldValue: string | null; newValue: string }[];
  conflicts: { draftId: string; locale: string; field: FieldName; baseValue: string | null; liveValue: string | null; draftValue: string }[];
  failed: { draftId: string; locale: string; field: FieldName; message: string; code?: string }[];
};

type Kind = "appInfoLocalizations" | "appStoreVersionLocalizations";
type Target = { kind: Kind; localizationId: string; appleId: string; parentAppleId: string; versionString: string | null; versionState: string | null; appInfoState: string | null; locale: string };

/** Where each draft's localization lives at Apple: its id, its parent's id, and the version it belongs to. */
async function targets(organizationId: string, ids: string[]): Promise<Map<string, Target>> {
  const [info, version] = await Promise.all([
    db.syncedAppInfoLocalization.findMany({ where: { organizationId, id: { in: ids } }, select: { id: true, appleId: true, locale: true, appInfo: { select: { appleId: true, state: true, appStoreState: true } } } }),
    db.syncedVersionLocalization.findMany({ where: { organizationId, id: { in: ids } }, select: { id: true, appleId: true, locale: true, version: { select: { appleId: true, versionString: true, appStoreState: true, appVersionState: true } } } }),
  ]);
  const out = new Map<string, Target>();
  for (const l of info) out.set(l.id, { kind: "appInfoLocalizations", localizationId: l.id, appleId: l.appleId, parentAppleId: l.appInfo.appleId, versionString: null, versionState: null, appInfoState: appInfoStateOf(l.appInfo), locale: l.locale });
  for (const l of version) out.set(l.id, { kind: "appStoreVersionLocalizations", localizationId: l.id, appleId: l.appleId, parentAppleId: l.version.appleId, versionString: l.version.versionString, versionState: versionStateOf(l.version), appInfoState: null, locale: l.locale });
  return out;
}

/**
 * Pushes an app's drafts (all, or the ones named) to App Store Connect at interactive
 * priority. Nothing is sent while any of them is over a limit, malformed, or read-only.
 * Per parent (app info or version) the live localizations are read again first; a field
 * whose live value is no longer the one its draft started from is a conflict and is not
 * sent. Each localization is one PATCH with only its changed fields: what Apple accepts is
 * stored, recorded in the history and its drafts removed; what it refuses stays a draft
 * with Apple's reason.
 */
/** What an approved change set's push checks, inside the push lock, of the drafts it is about to send. */
export type ApprovedCheck = (drafts: { id: string; value: string; baseValue: string | null }[]) => Promise<void>;

export async function pushDrafts(ctx: OrgContext, appId: string, input: TPush, opts: { approved?: ApprovedCheck } = {}): Promise<PushReport> {
  const app = await visibleApp(ctx, appId);
  // Where approval is on, drafts go only as an approved change set (lib/changesets), which checks them.
  if (!opts.approved && (await approvalRequired(ctx.orgId, app.connectionId))) {
    throw forbidden("Metadata of this connection is pushed only as an approved change set: submit the drafts for approval, then push the approved set.");
  }
  if (opts.approved) return withPushLock(app.id, () => pushLocked(ctx, app, input, opts.approved));
  // Without approval, drafts a change set holds may still be pushed directly: their sets then
  // hold what is left (or are withdrawn when nothing is), rather than naming drafts that are gone.
  const held = await db.metadataDraft.findMany({
    where: { organizationId: ctx.orgId, appId: app.id, ...(input.draftIds ? { id: { in: input.draftIds } } : {}), changeSet: { status: { in: OPEN } } },
    select: { changeSetId: true },
  });
  const report = await withPushLock(app.id, () => pushLocked(ctx, app, input));
  const sets = held.flatMap((d) => (d.changeSetId ? [d.changeSetId] : []));
  if (sets.length) await db.$transaction((tx) => resetChangeSets(tx, ctx, sets));
  return report;
}

let pushLocks: ReturnType<typeof connectionSlots> | undefined;

/**
 * One push per app at a time, across every server process: two editors pushing the same
 * locale at once would otherwise both read the same live value and both write, leaving
 * App Store Connect, our copy and the history disagreeing about which value won. The
 * second push waits (up to 20 s) and then reads the drafts and live values afresh.
 */
async function withPushLock<T>(appId: string, fn: () => Promise<T>): Promise<T> {
  pushLocks ??= connectionSlots({ limit: 1, leaseMs: 30_000, name: "metadata-push" });
  const holder = randomUUID();
  const until = Date.now() + 20_000;
  let release = await pushLocks.tryAcquire(appId, holder);
  while (!release) {
    if (Date.now() > until) throw new AppError("conflict", "Another push of this app is still under way; try again in a moment.");
    await new Promise((r) => setTimeout(r, 100));
    release = await pushLocks.tryAcquire(appId, holder);
  }
  try {
    return await fn();
  } finally {
    await release();
  }
}

async function pushLocked(ctx: OrgContext, app: Awaited<ReturnType<typeof visibleApp>>, input: TPush, approved?: ApprovedCheck): Promise<PushReport> {
  const drafts = await db.metadataDraft.findMany({
    where: { organizationId: ctx.orgId, appId: app.id, ...(input.draftIds ? { id: { in: input.draftIds } } : {}) },
    orderBy: [{ locale: "asc" }, { field: "asc" }],
  });
  // The values read here are the values sent: an approved set checks exactly these.
  if (approved) await approved(drafts);
  if (drafts.length === 0) throw new AppError("validation", "There are no drafts to push.");
  const where = await targets(ctx.orgId, drafts.map((d) => d.localizationId));

  const fields: Record<string, string> = {};
  for (const d of drafts) {
    const f = d.field as FieldName;
    const problems = valueProblems(f, d.value);
    const tg = where.get(d.localizationId);
    const ed = editability(f, tg?.versionState ?? null, tg?.appInfoState ?? null);
    if (!where.has(d.localizationId)) problems.push("This localization is no longer at App Store Connect; sync the app's metadata.");
    if (!ed.editable) problems.push(ed.reason);
    if (problems.length) fields[`${d.locale}.${d.field}`] = problems.join(" ");
  }
  if (Object.keys(fields).length) {
    throw new AppError("validation", `Nothing was pushed: fix ${Object.keys(fields).length === 1 ? "this field" : "these fields"} first.`, { fields, field: Object.keys(fields)[0] });
  }

  const t = await syncTarget(ctx.orgId, app.connectionId, { priority: "interactive" });
  const report: PushReport = { pushed: [], conflicts: [], failed: [] };
  // One time for the whole push, on the product's clock: its changes read as one push.
  const pushedAt = nowDate();

  // Live values, one read per parent (all of its localizations at once).
  const live = new Map<string, Record<string, string | null>>();
  const parents = new Map<string, Target>();
  for (const tg of where.values()) parents.set(`${tg.kind}:${tg.parentAppleId}`, tg);
  try {
    for (const p of parents.values()) {
      const path = p.kind === "appInfoLocalizations" ? `/v1/appInfos/${p.parentAppleId}/appInfoLocalizations` : `/v1/appStoreVersions/${p.parentAppleId}/appStoreVersionLocalizations`;
      for await (const page of t.client.pages<{ id: string; attributes?: Record<string, string | null> }>(path, {}, "interactive")) {
        for (const l of page) live.set(l.id, l.attributes ?? {});
      }
    }
  } catch (e) {
    // A refused key or an unreachable Apple is the caller's to know about, not a fault of ours.
    if (!(e instanceof AscError)) throw e;
    throw ascAppError(e, { lead: "Nothing was pushed." });
  }

  const byLoc = new Map<string, typeof drafts>();
  for (const d of drafts) byLoc.set(d.localizationId, [...(byLoc.get(d.localizationId) ?? []), d]);
  for (const [localizationId, ds] of byLoc) {
    const tg = where.get(localizationId)!;
    const now = live.get(tg.appleId);
    const send: typeof drafts = [];
    for (const d of ds) {
      const f = d.field as FieldName;
      if (!now) {
        report.failed.push({ draftId: d.id, locale: d.locale, field: f, message: "This localization is no longer at App Store Connect.", code: "NOT_FOUND" });
        continue;
      }
      const liveValue = now[f] ?? null;
      if ((liveValue ?? "") !== (d.baseValue ?? "")) report.conflicts.push({ draftId: d.id, locale: d.locale, field: f, baseValue: d.baseValue, liveValue, draftValue: d.value });
      else send.push(d);
    }
    if (now) await storeLive(ctx.orgId, tg, now);
    if (send.length === 0) continue;
    const attributes = Object.fromEntries(send.map((d) => [d.field, d.value]));
    try {
      await t.client.request({ method: "PATCH", path: `/v1/${tg.kind}/${tg.appleId}`, body: { data: { type: tg.kind, id: tg.appleId, attributes } }, priority: "interactive" });
    } catch (e) {
      if (!(e instanceof AscError)) throw e;
      for (const f of blameFields(e, send.map((d) => d.field as FieldName))) {
        const d = send.find((x) => x.field === f.field)!;
        report.failed.push({ draftId: d.id, locale: d.locale, field: f.field, message: f.message, code: f.code });
        await db.metadataDraft.update({ where: { id: d.id }, data: { pushError: f.message } });
      }
      continue;
    }
    await db.$transaction(async (tx) => {
      const changed = Object.fromEntries(send.map((d) => [d.field, d.value]));
      if (tg.kind === "appInfoLocalizations") await tx.syncedAppInfoLocalization.update({ where: { id: localizationId }, data: changed });
      else await tx.syncedVersionLocalization.update({ where: { id: localizationId }, data: changed });
      for (const d of send) {
        const oldValue = now![d.field] ?? null;
        await tx.metadataChange.create({
          data: { organizationId: ctx.orgId, connectionId: app.connectionId, appId: app.id, localizationId, locale: d.locale, field: d.field, versionString: tg.versionString, oldValue, newValue: d.value, ...actorColumns(ctx.actor, "pushedBy"), pushedByEmail: actorLabel(ctx.actor), pushedAt },
        });
        report.pushed.push({ draftId: d.id, locale: d.locale, field: d.field as FieldName, oldValue, newValue: d.value });
      }
      await tx.metadataDraft.deleteMany({ where: { id: { in: send.map((d) => d.id) } } });
    });
  }
  await recordAudit({
    organizationId: ctx.orgId,
    action: "metadata.pushed",
    actor: ctx.actor,
    target: { type: "app", id: app.id, label: app.name },
    metadata: { connectionId: app.connectionId, pushed: report.pushed.map((p) => `${p.locale} ${p.field}`), conflicts: report.conflicts.length, failed: report.failed.length },
    client: ctx.client,
  });
  return report;
}

/**
 * Apple's refusal of one PATCH, per sent field. Apple answers one error per refused
 * attribute, each with `source.pointer` /data/attributes/<field>: a field named by an
 * error gets that error's detail; a field no error names was not applied because the
 * request as a whole was refused; with no pointer at all, every field gets Apple's answer.
 */
export function blameFields(e: AscError, fields: FieldName[]): { field: FieldName; message: string; code: string }[] {
  // Apple's words for the status ("App Store Connect refused the change."), without any detail.
  const plain = ascWords(e.status);
  const whole = ascWords(e.status, e.detail);
  const byField = new Map<string, { detail?: string; code?: string }>();
  for (const item of e.items) {
    const attribute = attributeOf(item.source?.pointer);
    if (attribute && !byField.has(attribute)) byField.set(attribute, item);
  }
  const named = fields.filter((f) => byField.has(f));
  return fields.map((field) => {
    const item = byField.get(field);
    if (item) return { field, message: item.detail ? `${plain} ${item.detail}`.trim() : whole, code: item.code ?? e.code };
    if (named.length) return { field, message: `Not sent: Apple refused ${named.map((f) => FIELDS[f].label).join(" and ")} in the same localization.`, code: e.code };
    return { field, message: whole, code: e.code };
  });
}

/** Stores what Apple holds now for a localization, so the grid's live values are current. */
async function storeLive(organizationId: string, tg: Target, attrs: Record<string, string | null>) {
  const pick = (keys: string[]) => Object.fromEntries(keys.filter((k) => k in attrs).map((k) => [k, attrs[k] ?? null]));
  if (tg.kind === "appInfoLocalizations") await db.syncedAppInfoLocalization.updateMany({ where: { organizationId, id: tg.localizationId }, data: pick(["name", "subtitle", "privacyPolicyUrl"]) });
  else await db.syncedVersionLocalization.updateMany({ where: { organizationId, id: tg.localizationId }, data: pick(["description", "keywords", "marketingUrl", "promotionalText", "supportUrl", "whatsNew"]) });
}

/** Pushed changes of an app, newest first. */
export async function metadataHistory(ctx: OrgContext, appId: string, take = 200) {
  const app = await visibleApp(ctx, appId);
  const rows = await db.metadataChange.findMany({
    where: { organizationId: ctx.orgId, appId: app.id },
    orderBy: [{ pushedAt: "desc" }, { id: "desc" }],
    take,
    select: { id: true, localizationId: true, locale: true, field: true, versionString: true, oldValue: true, newValue: true, pushedByEmail: true, pushedAt: true },
  });
  return rows.map((r) => ({ ...r, pushedAt: r.pushedAt.toISOString() }));
}
