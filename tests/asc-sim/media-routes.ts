import type { SimRole } from "./auth";
import { pageOf } from "./paging";
import { appStoreStateOf, type SimState } from "./data";
import { assetDoc, KINDS, type MediaConfig, type MediaKind, setDoc, type SimMediaAsset, type SimMediaSet, sparse } from "./media";
import { commit, notFound, reserve, stateError, unprocessable } from "./media-upload";
import { METADATA_ROLES, versionEditable, versionLocDoc } from "./metadata";
import type { UploadOrigin } from "./upload-origin";

/** The screenshot and preview endpoints of App Store Connect (spec 4.4.1), for the simulator's router. */

type ErrItem = { code: string; title: string; detail: string; source?: { pointer?: string; parameter?: string } };
type Answer = { status: number; body: unknown } | { status: number; errors: ErrItem[] };
export type MediaCtx = {
  state: SimState; base: string; origin: UploadOrigin; role: SimRole; now: number; url: URL; method: string; parts: string[];
  body: () => Promise<unknown>; config: MediaConfig; takeFault: (name: "mediaProcessingFailNext") => boolean;
};

const FIELDS: Record<string, string[]> = {
  appScreenshotSets: ["screenshotDisplayType", "appStoreVersionLocalization", "appCustomProductPageLocalization", "appStoreVersionExperimentTreatmentLocalization", "appScreenshots"],
  appScreenshots: ["fileSize", "fileName", "sourceFileChecksum", "imageAsset", "assetToken", "assetType", "uploadOperations", "assetDeliveryState", "appScreenshotSet"],
  appPreviewSets: ["previewType", "appStoreVersionLocalization", "appCustomProductPageLocalization", "appStoreVersionExperimentTreatmentLocalization", "appPreviews"],
  appPreviews: ["fileSize", "fileName", "sourceFileChecksum", "previewFrameTimeCode", "mimeType", "videoUrl", "previewFrameImage", "previewImage", "uploadOperations", "assetDeliveryState", "videoDeliveryState", "appPreviewSet"],
  appStoreVersionLocalizations: ["description", "locale", "keywords", "marketingUrl", "promotionalText", "supportUrl", "whatsNew", "appStoreVersion", "appScreenshotSets", "appPreviewSets", "searchKeywords"],
  appCustomProductPageLocalizations: ["locale", "promotionalText", "appCustomProductPageVersion", "appScreenshotSets", "appPreviewSets", "searchKeywords"],
  appStoreVersionExperimentTreatmentLocalizations: ["locale", "appStoreVersionExperimentTreatment", "appScreenshotSets", "appPreviewSets"],
};
const PARENT_INCLUDES = ["appStoreVersionLocalization", "appCustomProductPageLocalization", "appStoreVersionExperimentTreatmentLocalization"];
const LOC_FIELDS = ["fields[appStoreVersionLocalizations]", "fields[appCustomProductPageLocalizations]", "fields[appStoreVersionExperimentTreatmentLocalizations]"];

const paramError = (status: number, code: string, parameter: string, detail: string): Answer => ({ status, errors: [{ code, title: code.endsWith("ILLEGAL") ? "A parameter is not allowed for this request" : "A parameter has an invalid value", detail, source: { parameter } }] });

/**
 * Apple's spec lists each operation's query parameters and their values; anything else is
 * refused (400 PARAMETER_ERROR.ILLEGAL for a parameter the operation does not take,
 * PARAMETER_ERROR.INVALID for a value out of its enum or over its maximum).
 */
function checkQuery(url: URL, allowed: Record<string, string[] | number | null>): Answer | null {
  for (const [name, raw] of url.searchParams) {
    if (name === "cursor") continue;
    if (!(name in allowed)) return paramError(400, "PARAMETER_ERROR.ILLEGAL", name, `The parameter '${name}' can not be used with this request`);
    const rule = allowed[name];
    if (typeof rule === "number") {
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 1 || n > rule) return paramError(400, "PARAMETER_ERROR.INVALID", name, `'${raw}' is not a valid value for the parameter '${name}'. The maximum is ${rule}.`);
    } else if (rule) {
      const bad = raw.split(",").find((v) => !rule.includes(v));
      if (bad !== undefined) return paramError(400, "PARAMETER_ERROR.INVALID", name, `'${bad}' is not a valid value for the parameter '${name}'.`);
    }
  }
  return null;
}
const list = (url: URL, name: string) => url.searchParams.get(name)?.split(",");

/** The query parameters of the GETs that return sets (k: the kind's names). */
function setQuery(kind: MediaKind, extra: Record<string, string[] | number | null>) {
  const k = KINDS[kind];
  return {
    [`fields[${k.setType}]`]: FIELDS[k.setType], [`fields[${k.assetType}]`]: FIELDS[k.assetType],
    ...Object.fromEntries(LOC_FIELDS.map((f) => [f, FIELDS[f.slice(7, -1)]])),
    include: [...PARENT_INCLUDES, k.assetType], [`limit[${k.assetType}]`]: 50, ...extra,
  };
}

export function routeMedia(c: MediaCtx): Promise<Answer> | Answer | undefined {
  const { parts: p, method: m } = c;
  if (p[0] !== "v1") return undefined;
  const kindOfSet = (t: string) => (t === "appScreenshotSets" ? "screenshots" : t === "appPreviewSets" ? "previews" : null);
  const kindOfAsset = (t: string) => (t === "appScreenshots" ? "screenshots" : t === "appPreviews" ? "previews" : null);
  const media = c.state.media;
  if (p[1] === "appStoreVersionLocalizations" && p.length >= 3) {
    const loc = c.state.versionLocs.find((l) => l.id === p[2]);
    const setKind = kindOfSet(p[p.length - 1]);
    if (m === "GET" && p.length === 3) return loc ? localization(c, loc.id) : notFound("appStoreVersionLocalizations", p[2]);
    if (m === "GET" && setKind && (p.length === 4 || (p.length === 5 && p[3] === "relationships"))) {
      if (!loc) return notFound("appStoreVersionLocalizations", p[2]);
      const sets = media.sets.filter((s) => s.locId === loc.id && s.kind === setKind);
      if (p.length === 5) return checkQuery(c.url, { limit: 200 }) ?? linkages(c, sets.map((s) => ({ type: KINDS[setKind].setType, id: s.id })));
      const k = KINDS[setKind];
      const bad = checkQuery(c.url, setQuery(setKind, { [`filter[${k.typeAttr}]`]: [...k.types], "filter[appCustomProductPageLocalization]": null, "filter[appStoreVersionExperimentTreatmentLocalization]": null, limit: 200 }));
      // filter[screenshotDisplayType] / filter[previewType] are checked but not applied: a public report has Apple ignoring them (see the catalogue).
      return bad ?? setsPage(c, setKind, sets);
    }
    return undefined;
  }
  const setKind = kindOfSet(p[1]);
  if (setKind) {
    const k = KINDS[setKind];
    if (m === "POST" && p.length === 2) return c.body().then((b) => createSet(c, setKind, b as never));
    const set = media.sets.find((s) => s.id === p[2] && s.kind === setKind);
    if (p.length < 3) return undefined;
    if (!set) return notFound(k.setType, p[2]);
    if (m === "GET" && p.length === 3) return checkQuery(c.url, setQuery(setKind, {})) ?? setsPage(c, setKind, [set], true);
    if (m === "DELETE" && p.length === 3) {
      if (!METADATA_ROLES.includes(c.role)) return forbidden();
      if (!editable(c, set.locId)) return stateError(`The ${k.setType} '${set.id}' cannot be deleted in the current state of its version.`);
      for (const id of set.assetIds) media.assets.get(id)!.deleted = true;
      for (const id of set.assetIds) media.assets.delete(id);
      media.sets.splice(media.sets.indexOf(set), 1);
      return { status: 204, body: undefined };
    }
    if (m === "GET" && p.length === 4 && p[3] === k.assetType) {
      return checkQuery(c.url, { [`fields[${k.assetType}]`]: FIELDS[k.assetType], [`fields[${k.setType}]`]: FIELDS[k.setType], limit: 200, include: [k.setRel] }) ?? assetsPage(c, set);
    }
    if (p.length === 5 && p[3] === "relationships" && p[4] === k.assetType) {
      if (m === "GET") return checkQuery(c.url, { limit: 200 }) ?? linkages(c, set.assetIds.map((id) => ({ type: k.assetType, id })));
      if (m === "PATCH") return c.body().then((b) => reorder(c, set, b as never));
    }
    return undefined;
  }
  const assetKind = kindOfAsset(p[1]);
  if (assetKind) {
    const k = KINDS[assetKind];
    if (m === "POST" && p.length === 2) {
      return c.body().then((b) => {
        if (!METADATA_ROLES.includes(c.role)) return forbidden();
        const r = reserve(media, assetKind, b as never, c.config, (locId) => editable(c, locId));
        if ("errors" in r) return r;
        c.origin.register(r.asset);
        return single(c, assetDoc(c.base, c.origin.url, r.asset, c.now, c.config), 201);
      });
    }
    if (p.length !== 3) return undefined;
    const asset = media.assets.get(p[2]);
    if (!asset || asset.kind !== assetKind) return notFound(k.assetType, p[2]);
    const set = media.sets.find((s) => s.id === asset.setId)!;
    if (m === "GET") {
      const bad = checkQuery(c.url, { [`fields[${k.assetType}]`]: FIELDS[k.assetType], [`fields[${k.setType}]`]: FIELDS[k.setType], include: [k.setRel] });
      if (bad) return bad;
      const withSet = list(c.url, "include")?.includes(k.setRel) ?? false;
      const doc = sparse(assetDoc(c.base, c.origin.url, asset, c.now, c.config, { withSet }), list(c.url, `fields[${k.assetType}]`));
      return { status: 200, body: { data: doc, ...(withSet ? { included: [sparse(setDoc(c.base, set), list(c.url, `fields[${k.setType}]`))] } : {}), links: { self: c.url.href } } };
    }
    if (m === "PATCH") {
      return c.body().then((b) => {
        if (!METADATA_ROLES.includes(c.role)) return forbidden();
        if (!editable(c, set.locId)) return stateError(`The ${k.assetType} '${asset.id}' cannot be changed in the current state of its version.`);
        const refused = commit(media, asset, b as never, c.now, set.displayType, () => c.takeFault("mediaProcessingFailNext"));
        return refused ?? single(c, assetDoc(c.base, c.origin.url, asset, c.now, c.config));
      });
    }
    if (m === "DELETE") {
      if (!METADATA_ROLES.includes(c.role)) return forbidden();
      if (!editable(c, set.locId)) return stateError(`The ${k.assetType} '${asset.id}' cannot be deleted in the current state of its version.`);
      asset.deleted = true;
      media.assets.delete(asset.id);
      set.assetIds = set.assetIds.filter((id) => id !== asset.id);
      return { status: 204, body: undefined };
    }
  }
  return undefined;
}

const forbidden = (): Answer => ({ status: 403, errors: [{ code: "FORBIDDEN_ERROR", title: "This request is forbidden for security reasons", detail: "The API key in use does not allow this request" }] });
/** Screenshots and previews change only while their version's fields do (fastlane: not while waiting for review). */
const editable = (c: MediaCtx, locId: string) => versionEditable(c.state, c.state.versionLocs.find((l) => l.id === locId)?.versionId ?? "");
const single = (c: MediaCtx, doc: { links: { self: string } }, status = 200): Answer => ({ status, body: { data: doc, links: { self: doc.links.self } } });

/** Apple-style paging over any list: an opaque cursor in links.next, meta.paging with total and limit. */
function linkages(c: MediaCtx, all: { type: string; id: string }[]): Answer {
  return { status: 200, body: pageOf(c.url, all) };
}

/** Sets with, on include, their assets (limit[...] of each, 50 at most) and their localization. */
function setsPage(c: MediaCtx, kind: MediaKind, sets: SimMediaSet[], one = false): Answer {
  const k = KINDS[kind];
  const include = list(c.url, "include") ?? [];
  const withAssets = include.includes(k.assetType);
  const withLoc = include.includes("appStoreVersionLocalization");
  const perSet = Number(c.url.searchParams.get(`limit[${k.assetType}]`) ?? 50);
  const setFields = list(c.url, `fields[${k.setType}]`);
  const page = one ? { data: sets } : pageOf(c.url, sets);
  const included: unknown[] = [];
  const data = page.data.map((s) => {
    const shown = s.assetIds.slice(0, perSet);
    if (withAssets) included.push(...shown.map((id) => sparse(assetDoc(c.base, c.origin.url, c.state.media.assets.get(id)!, c.now, c.config), list(c.url, `fields[${k.assetType}]`))));
    return sparse(setDoc(c.base, s, { withLocalization: withLoc, ...(withAssets ? { assets: { ids: shown, total: s.assetIds.length, limit: perSet } } : {}) }), setFields);
  });
  if (withLoc) {
    for (const locId of new Set(page.data.map((s) => s.locId))) {
      const loc = c.state.versionLocs.find((l) => l.id === locId);
      if (loc) included.push(sparse(versionLocDoc(c.base, loc), list(c.url, "fields[appStoreVersionLocalizations]")));
    }
  }
  const extra = include.length ? { included } : {};
  return { status: 200, body: one ? { data: data[0], ...extra, links: { self: c.url.href } } : { ...page, data, ...extra } };
}

function assetsPage(c: MediaCtx, set: SimMediaSet): Answer {
  const k = KINDS[set.kind];
  const withSet = list(c.url, "include")?.includes(k.setRel) ?? false;
  const page = pageOf(c.url, set.assetIds.map((id) => c.state.media.assets.get(id)!));
  const data = page.data.map((a: SimMediaAsset) => sparse(assetDoc(c.base, c.origin.url, a, c.now, c.config, { withSet }), list(c.url, `fields[${k.assetType}]`)));
  return { status: 200, body: { ...page, data, ...(withSet ? { included: [sparse(setDoc(c.base, set), list(c.url, `fields[${k.setType}]`))] } : {}) } };
}

/** GET /v1/appStoreVersionLocalizations/{id}, with include=appScreenshotSets,appPreviewSets (their linkages and the sets themselves). */
function localization(c: MediaCtx, locId: string): Answer {
  const bad = checkQuery(c.url, {
    "fields[appStoreVersionLocalizations]": FIELDS.appStoreVersionLocalizations, "fields[appScreenshotSets]": FIELDS.appScreenshotSets, "fields[appPreviewSets]": FIELDS.appPreviewSets,
    "fields[appStoreVersions]": null, include: ["appStoreVersion", "appScreenshotSets", "appPreviewSets", "searchKeywords"], "limit[appScreenshotSets]": 50, "limit[appPreviewSets]": 50, "limit[searchKeywords]": 50,
  });
  if (bad) return bad;
  const loc = c.state.versionLocs.find((l) => l.id === locId)!;
  const include = list(c.url, "include") ?? [];
  const doc = versionLocDoc(c.base, loc) as ReturnType<typeof versionLocDoc> & { relationships?: Record<string, unknown> };
  const relationships: Record<string, unknown> = {};
  const included: unknown[] = [];
  for (const kind of ["screenshots", "previews"] as const) {
    const k = KINDS[kind];
    if (!include.includes(k.setType)) continue;
    const sets = c.state.media.sets.filter((s) => s.locId === locId && s.kind === kind);
    const limit = Number(c.url.searchParams.get(`limit[${k.setType}]`) ?? 50);
    relationships[k.setType] = { data: sets.slice(0, limit).map((s) => ({ type: k.setType, id: s.id })), meta: { paging: { total: sets.length, limit } } };
    included.push(...sets.slice(0, limit).map((s) => sparse(setDoc(c.base, s), list(c.url, `fields[${k.setType}]`))));
  }
  if (include.includes("appStoreVersion")) {
    const v = c.state.versions.find((x) => x.id === loc.versionId)!;
    relationships.appStoreVersion = { data: { type: "appStoreVersions", id: v.id } };
    included.push({ type: "appStoreVersions", id: v.id, attributes: { platform: v.platform, versionString: v.versionString, appStoreState: appStoreStateOf(v.appVersionState), appVersionState: v.appVersionState, createdDate: v.createdDate }, links: { self: `${c.base}/v1/appStoreVersions/${v.id}` } });
  }
  // No search keywords are modelled: the relationship is there, empty.
  if (include.includes("searchKeywords")) relationships.searchKeywords = { data: [] };
  const body = sparse({ ...doc, relationships }, list(c.url, "fields[appStoreVersionLocalizations]"));
  return { status: 200, body: { data: body, ...(include.length ? { included } : {}), links: { self: c.url.href } } };
}

type SetBody = { data?: { type?: string; attributes?: Record<string, unknown>; relationships?: Record<string, { data?: { type?: string; id?: string } }> } };

/** POST /v1/appScreenshotSets or /v1/appPreviewSets: one set per display type (preview type) per localization. */
function createSet(c: MediaCtx, kind: MediaKind, body: SetBody): Answer {
  const k = KINDS[kind];
  if (!METADATA_ROLES.includes(c.role)) return forbidden();
  const d = body?.data;
  if (d?.type !== k.setType) return unprocessable(`The resource type must be '${k.setType}'.`, "/data/type");
  const type = d.attributes?.[k.typeAttr];
  if (typeof type !== "string") return unprocessable(`${k.typeAttr} is required.`, `/data/attributes/${k.typeAttr}`);
  if (!k.types.includes(type)) return { status: 422, errors: [{ code: "ENTITY_ERROR.ATTRIBUTE.INVALID", title: "An attribute value is invalid.", detail: `'${type}' is not a valid ${k.typeAttr}.`, source: { pointer: `/data/attributes/${k.typeAttr}` } }] };
  const rels = d.relationships ?? {};
  const parents = PARENT_INCLUDES.filter((r) => rels[r]?.data);
  // The schema requires no parent; the stricter reading is exactly one, and only version localizations are modelled.
  if (parents.length !== 1) return unprocessable("Exactly one of appStoreVersionLocalization, appCustomProductPageLocalization and appStoreVersionExperimentTreatmentLocalization is required.", "/data/relationships");
  const parentId = rels[parents[0]].data!.id ?? "";
  const loc = parents[0] === "appStoreVersionLocalization" ? c.state.versionLocs.find((l) => l.id === parentId) : undefined;
  if (!loc) return notFound(`${parents[0]}s`, parentId, `/data/relationships/${parents[0]}`);
  if (!editable(c, loc.id)) return stateError(`The appStoreVersionLocalization '${loc.id}' cannot take new ${k.setType} in the current state of its version.`, "/data/relationships/appStoreVersionLocalization");
  if (c.state.media.sets.some((s) => s.locId === loc.id && s.kind === kind && s.displayType === type)) {
    return { status: 409, errors: [{ code: "ENTITY_ERROR.ATTRIBUTE.INVALID.DUPLICATE", title: "The provided entity includes an attribute with a value that has already been used", detail: `An ${k.setType.slice(0, -1)} with ${k.typeAttr} ${type} already exists for this localization.`, source: { pointer: `/data/attributes/${k.typeAttr}` } }] };
  }
  const set: SimMediaSet = { id: `${loc.id}-set${c.state.media.nextId++}`, kind, locId: loc.id, displayType: type, assetIds: [] };
  c.state.media.sets.push(set);
  return single(c, setDoc(c.base, set, { withLocalization: true }), 201);
}

/** PATCH …/relationships/appScreenshots (appPreviews): a new order, given as the full list of the set's members (anything else is refused, the stricter reading). */
function reorder(c: MediaCtx, set: SimMediaSet, body: { data?: unknown }): Answer {
  const k = KINDS[set.kind];
  if (!METADATA_ROLES.includes(c.role)) return forbidden();
  if (!Array.isArray(body?.data)) return unprocessable("data is a list of linkages.", "/data");
  if (!editable(c, set.locId)) return stateError(`The ${k.setType} '${set.id}' cannot be reordered in the current state of its version.`);
  const ids = (body.data as { type?: string; id?: string }[]).map((x) => (x?.type === k.assetType && typeof x.id === "string" ? x.id : ""));
  const same = ids.length === set.assetIds.length && new Set(ids).size === ids.length && ids.every((id) => set.assetIds.includes(id));
  if (!same) {
    return { status: 409, errors: [{ code: "ENTITY_ERROR.RELATIONSHIP.INVALID", title: "The provided entity includes a relationship with an invalid value", detail: `The list must name every ${k.assetType.slice(0, -1)} of the set exactly once, and nothing else.`, source: { pointer: "/data" } }] };
  }
  set.assetIds = ids;
  return { status: 204, body: undefined };
}
