import { z } from "zod";
import { lockApp, openSetsOf, resetChangeSets } from "@/lib/changesets/state";
import { db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import type { OrgContext } from "@/lib/tenancy/context";
import { FIELDS, FIELD_NAMES, appInfoStateOf, editability, versionStateOf, type FieldName } from "./fields";
import { visibleApp } from "./grid";
import { actorColumns } from "@/lib/tenancy/actor";

export const ZDraftEdits = z
  .object({
    edits: z
      .array(
        z.object({
          localizationId: z.string().min(1).max(64),
          field: z.enum(FIELD_NAMES, { message: `Use one of: ${FIELD_NAMES.join(", ")}.` }),
          // Over-limit values are kept as drafts (the grid shows them red); a push refuses them.
          value: z.string().max(20_000, "At most 20000 characters."),
        }),
      )
      .min(1, "Send at least one edit.")
      .max(500, "At most 500 edits at once."),
  })
  .strict();
export type TDraftEdits = z.infer<typeof ZDraftEdits>;

type Loc = { id: string; locale: string; live: Record<string, string | null>; versionState: string | null; appInfoState: string | null };

/** The app's localizations with these ids (app info and version ones), with live values and their parent's state. */
export async function appLocalizations(organizationId: string, appId: string, ids: string[]): Promise<Map<string, Loc>> {
  const [infoLocs, versionLocs] = await Promise.all([
    db.syncedAppInfoLocalization.findMany({
      where: { organizationId, id: { in: ids }, appInfo: { appId } },
      select: { id: true, locale: true, name: true, subtitle: true, privacyPolicyUrl: true, appInfo: { select: { state: true, appStoreState: true } } },
    }),
    db.syncedVersionLocalization.findMany({
      where: { organizationId, id: { in: ids }, version: { appId } },
      select: { id: true, locale: true, description: true, keywords: true, marketingUrl: true, promotionalText: true, supportUrl: true, whatsNew: true, version: { select: { appStoreState: true, appVersionState: true } } },
    }),
  ]);
  const out = new Map<string, Loc>();
  for (const { id, locale, appInfo, ...live } of infoLocs) out.set(id, { id, locale, live, versionState: null, appInfoState: appInfoStateOf(appInfo) });
  for (const { id, locale, version, ...live } of versionLocs) out.set(id, { id, locale, live, versionState: versionStateOf(version), appInfoState: null });
  return out;
}

/**
 * Saves edits as drafts, all or none. A field the version's state makes read-only is
 * refused, naming it; a value equal to the live one removes the draft. The first edit of
 * a field remembers the live value it started from, for the conflict check at push.
 */
export async function saveDrafts(ctx: OrgContext, appId: string, input: TDraftEdits) {
  const app = await visibleApp(ctx, appId);
  const locs = await appLocalizations(ctx.orgId, app.id, input.edits.map((e) => e.localizationId));
  const fields: Record<string, string> = {};
  input.edits.forEach((e, i) => {
    const loc = locs.get(e.localizationId);
    if (!loc) fields[`edits.${i}.localizationId`] = "No such localization of this app.";
    else if (!(e.field in loc.live)) fields[`edits.${i}.field`] = `${FIELDS[e.field].label} belongs to the ${FIELDS[e.field].scope === "appInfo" ? "app information" : "version"}, not this localization.`;
    else {
      const ed = editability(e.field, loc.versionState, loc.appInfoState);
      if (!ed.editable) fields[`edits.${i}.value`] = ed.reason;
    }
  });
  if (Object.keys(fields).length) throw new AppError("validation", "Some edits cannot be saved; nothing was saved.", { fields, field: Object.keys(fields)[0] });

  return db.$transaction(async (tx) => {
    // Change sets holding these fields' drafts hold them as they now are, and wait for approval again.
    await lockApp(tx, app.id);
    const sets = await openSetsOf(tx, ctx.orgId, input.edits);
    let saved = 0;
    let cleared = 0;
    for (const e of input.edits) {
      const loc = locs.get(e.localizationId)!;
      const live = loc.live[e.field] ?? null;
      if ((live ?? "") === e.value) {
        cleared += (await tx.metadataDraft.deleteMany({ where: { organizationId: ctx.orgId, localizationId: loc.id, field: e.field } })).count;
        continue;
      }
      await tx.metadataDraft.upsert({
        where: { localizationId_field: { localizationId: loc.id, field: e.field } },
        create: { organizationId: ctx.orgId, connectionId: app.connectionId, appId: app.id, localizationId: loc.id, locale: loc.locale, field: e.field, value: e.value, baseValue: live, ...actorColumns(ctx.actor, "updatedBy") },
        update: { value: e.value, pushError: null, ...actorColumns(ctx.actor, "updatedBy") },
      });
      saved++;
    }
    await resetChangeSets(tx, ctx, sets);
    return { saved, cleared };
  });
}

/** Settles a conflict: keep my draft (it will overwrite Apple's newer value) or take Apple's value (the draft goes). */
export async function resolveConflict(ctx: OrgContext, appId: string, draftId: string, choice: "mine" | "theirs") {
  const app = await visibleApp(ctx, appId);
  const draft = await db.metadataDraft.findFirst({ where: { id: draftId, organizationId: ctx.orgId, appId: app.id } });
  if (!draft) throw notFound("Draft");
  const loc = (await appLocalizations(ctx.orgId, app.id, [draft.localizationId])).get(draft.localizationId);
  const live = loc?.live[draft.field as FieldName] ?? null;
  // Either way the draft a change set holds changes: the set waits for approval again.
  return db.$transaction(async (tx) => {
    await lockApp(tx, app.id);
    const sets = await openSetsOf(tx, ctx.orgId, [draft]);
    if (choice === "theirs") await tx.metadataDraft.delete({ where: { id: draft.id } });
    else await tx.metadataDraft.update({ where: { id: draft.id }, data: { baseValue: live, pushError: null, ...actorColumns(ctx.actor, "updatedBy") } });
    await resetChangeSets(tx, ctx, sets);
    return { kept: choice === "mine" };
  });
}

export const ZResolveConflict = z.object({ choice: z.enum(["mine", "theirs"], { message: "Choose mine or theirs." }) }).strict();

/** Turns an earlier value from the history back into a draft of that field. */
export async function revertChange(ctx: OrgContext, appId: string, changeId: string, to: "old" | "new" = "old") {
  const app = await visibleApp(ctx, appId);
  const change = await db.metadataChange.findFirst({ where: { id: changeId, organizationId: ctx.orgId, appId: app.id } });
  if (!change) throw notFound("Change");
  const value = (to === "old" ? change.oldValue : change.newValue) ?? "";
  return saveDrafts(ctx, appId, { edits: [{ localizationId: change.localizationId, field: change.field as FieldName, value }] });
}

export const ZRevert = z.object({ changeId: z.string().min(1).max(64), to: z.enum(["old", "new"]).optional() }).strict();
