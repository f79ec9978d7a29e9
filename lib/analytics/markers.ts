import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { FIELDS, type FieldName } from "@/lib/metadata/fields";
import type { OrgContext } from "@/lib/tenancy/context";
import { connectionScopedWhere } from "@/lib/tenancy/scope";
import { versionRatings } from "./version-ratings";

/** Something done to an app that may show in its traffic, drawn on the charts and measured by its effect. */
export type Marker = {
  /** `metadata.<first change id>`, `media.<media change id>` or `release.<version id>`. */
  id: string;
  kind: "metadata" | "media" | "release";
  /** When it happened (ISO 8601). */
  at: string;
  /** The first day it can show in traffic: the UTC day after `at` (YYYY-MM-DD). */
  day: string;
  /** The App Store localizations it changed (a release: the version's). */
  locales: string[];
  title: string;
  detail: string;
  /** Who did it: a member's email or the API token's name; null for a release. */
  by: string | null;
  versionString: string | null;
  /** What people said of the version: its reviews and average stars. */
  rating: { versionString: string; reviews: number; average: number | null } | null;
};

export type DateRange = { from: string; to: string };

const DAY_MS = 86_400_000;
export const dayOf = (d: Date | number) => new Date(d).toISOString().slice(0, 10);
export const addDays = (day: string, n: number) => dayOf(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS);
const nextDay = (at: Date) => addDays(dayOf(at), 1);

/** An app the caller may see, or not_found (existence is not disclosed). */
export async function visibleApp(ctx: OrgContext, appId: string) {
  const app = await db.syncedApp.findFirst({ where: { AND: [await connectionScopedWhere(ctx), { id: appId }] }, select: { id: true, name: true, organizationId: true } });
  if (!app) throw notFound("App");
  return app;
}

const unique = (xs: string[]) => [...new Set(xs)];
const fieldLabel = (f: string) => (f in FIELDS ? FIELDS[f as FieldName].label : f);
const MEDIA_WORDS: Record<string, string> = { UPLOADED: "uploaded", REPLACED: "replaced", DELETED: "deleted", REORDERED: "reordered", COPIED: "copied" };

type Change = { id: string; locale: string; field: string; versionString: string | null; pushedById: string | null; pushedByTokenId: string | null; pushedByEmail: string | null; pushedAt: Date };

/** One push: the changes of one app made by one actor within the same second. */
function pushesOf(changes: Change[]): Change[][] {
  const sorted = [...changes].sort((a, b) => a.pushedAt.getTime() - b.pushedAt.getTime() || a.id.localeCompare(b.id));
  const groups = new Map<string, Change[]>();
  for (const c of sorted) {
    const actor = c.pushedById ?? (c.pushedByTokenId ? `token:${c.pushedByTokenId}` : `email:${c.pushedByEmail ?? ""}`);
    const key = `${actor}|${Math.floor(c.pushedAt.getTime() / 1000)}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.values()];
}

function metadataMarker(push: Change[]): Omit<Marker, "rating"> {
  const first = push[0];
  const locales = unique(push.map((c) => c.locale));
  const fields = unique(push.map((c) => fieldLabel(c.field)));
  const perLocale = locales.map((l) => `${l}: ${unique(push.filter((c) => c.locale === l).map((c) => fieldLabel(c.field).toLowerCase())).join(", ")}`);
  return {
    id: `metadata.${first.id}`,
    kind: "metadata",
    at: first.pushedAt.toISOString(),
    day: nextDay(first.pushedAt),
    locales,
    title: `${fields.join(", ")} changed in ${locales.length === 1 ? locales[0] : `${locales.length} locales`}`,
    detail: perLocale.join("; "),
    by: first.pushedByEmail,
    versionString: push.find((c) => c.versionString)?.versionString ?? null,
  };
}

/**
 * The markers of an app whose time falls in [from, to] (UTC days): metadata pushes, changes to
 * screenshots and previews, and version releases, oldest first, each with its version's
 * reviews and average.
 */
export async function listMarkers(ctx: OrgContext, appId: string, range: DateRange): Promise<Marker[]> {
  const app = await visibleApp(ctx, appId);
  const organizationId = ctx.orgId;
  const within = { gte: new Date(`${range.from}T00:00:00Z`), lt: new Date(`${addDays(range.to, 1)}T00:00:00Z`) };
  const [changes, media, releases] = await Promise.all([
    db.metadataChange.findMany({
      where: { organizationId, appId: app.id, pushedAt: within },
      select: { id: true, locale: true, field: true, versionString: true, pushedById: true, pushedByTokenId: true, pushedByEmail: true, pushedAt: true },
    }),
    db.mediaChange.findMany({
      where: { organizationId, appId: app.id, at: within },
      select: { id: true, locale: true, kind: true, action: true, detail: true, byEmail: true, versionString: true, at: true },
    }),
    db.syncedVersion.findMany({
      where: { organizationId, appId: app.id, releasedAt: within },
      select: { id: true, versionString: true, platform: true, releasedAt: true, localizations: { select: { locale: true }, orderBy: { locale: "asc" } } },
    }),
  ]);

  const markers: Omit<Marker, "rating">[] = [
    ...pushesOf(changes).map(metadataMarker),
    ...media.map((m) => ({
      id: `media.${m.id}`,
      kind: "media" as const,
      at: m.at.toISOString(),
      day: nextDay(m.at),
      locales: [m.locale],
      title: `${m.kind === "PREVIEW" ? "App previews" : "Screenshots"} ${MEDIA_WORDS[m.action] ?? m.action.toLowerCase()} in ${m.locale}`,
      detail: m.detail,
      by: m.byEmail,
      versionString: m.versionString,
    })),
    ...releases.map((v) => ({
      id: `release.${v.id}`,
      kind: "release" as const,
      at: v.releasedAt!.toISOString(),
      day: nextDay(v.releasedAt!),
      locales: v.localizations.map((l) => l.locale),
      title: `Version ${v.versionString} released`,
      detail: `Version ${v.versionString}${v.platform ? ` (${v.platform.replaceAll("_", " ")})` : ""} was first seen live on the App Store.`,
      by: null,
      versionString: v.versionString,
    })),
  ].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));

  const versions = unique(markers.flatMap((m) => (m.versionString ? [m.versionString] : [])));
  const ratings = new Map((versions.length ? await versionRatings(organizationId, app.id, versions) : []).map((r) => [r.versionString, r]));
  return markers.map((m) => {
    if (!m.versionString) return { ...m, rating: null };
    const r = ratings.get(m.versionString);
    return { ...m, rating: { versionString: m.versionString, reviews: r?.reviews ?? 0, average: r?.average ?? null } };
  });
}

/** One marker of an app by its id, or not_found. */
export async function findMarker(ctx: OrgContext, appId: string, markerId: string): Promise<Marker> {
  const [kind, id] = [markerId.slice(0, markerId.indexOf(".")), markerId.slice(markerId.indexOf(".") + 1)];
  if (!id || markerId.indexOf(".") < 0) throw notFound("Marker");
  const where = { organizationId: ctx.orgId, appId, id };
  const at =
    kind === "metadata" ? (await db.metadataChange.findFirst({ where, select: { pushedAt: true } }))?.pushedAt
    : kind === "media" ? (await db.mediaChange.findFirst({ where, select: { at: true } }))?.at
    : kind === "release" ? (await db.syncedVersion.findFirst({ where, select: { releasedAt: true } }))?.releasedAt
    : null;
  if (!at) {
    await visibleApp(ctx, appId);
    throw notFound("Marker");
  }
  const day = dayOf(at);
  const marker = (await listMarkers(ctx, appId, { from: day, to: day })).find((m) => m.id === markerId);
  if (!marker) throw notFound("Marker");
  return marker;
}
