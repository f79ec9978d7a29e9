import type { SimInfoLoc, SimState, SimVersionLoc } from "./data";
import type { SimRole } from "./auth";

/** App Store metadata resources of the simulator, with Apple's editing rules. */

type Err = { status: number; errors: { code: string; title: string; detail: string; source?: { pointer?: string; parameter?: string } }[] };
type Ok = { status: number; body: unknown };

export const LIMITS: Record<string, number> = { name: 30, subtitle: 30, keywords: 100, promotionalText: 170, description: 4000, whatsNew: 4000 };
const EDITABLE_VERSION_STATES = new Set(["PREPARE_FOR_SUBMISSION", "DEVELOPER_REJECTED", "REJECTED", "METADATA_REJECTED", "INVALID_BINARY"]);
const METADATA_ROLES: SimRole[] = ["ADMIN", "APP_MANAGER", "MARKETING"];

const fail = (status: number, code: string, title: string, detail: string, pointer?: string): Err => ({ status, errors: [{ code, title, detail, ...(pointer ? { source: { pointer } } : {}) }] });
const forbidden = () => fail(403, "FORBIDDEN_ERROR", "This request is forbidden for security reasons", "The API key in use does not allow this request");

/** Unset attributes are left out, as Apple does, rather than sent as empty strings. */
const present = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== ""));

function sparse<T extends { attributes?: Record<string, unknown> }>(doc: T, fields?: string[]): T {
  return fields && doc.attributes ? { ...doc, attributes: Object.fromEntries(Object.entries(doc.attributes).filter(([k]) => fields.includes(k))) } : doc;
}

export function infoLocDoc(base: string, l: SimInfoLoc) {
  const { id, locale, name, subtitle, privacyPolicyUrl } = l;
  return { type: "appInfoLocalizations" as const, id, attributes: present({ locale, name, subtitle, privacyPolicyUrl }), links: { self: `${base}/v1/appInfoLocalizations/${id}` } };
}

export function versionLocDoc(base: string, l: SimVersionLoc) {
  const { id, locale, description, keywords, marketingUrl, promotionalText, supportUrl, whatsNew } = l;
  return { type: "appStoreVersionLocalizations" as const, id, attributes: present({ locale, description, keywords, marketingUrl, promotionalText, supportUrl, whatsNew }), links: { self: `${base}/v1/appStoreVersionLocalizations/${id}` } };
}

/** GET /v1/apps/{id}/appInfos and /appStoreVersions, with include of their localizations in the same response. */
export function listWithLocalizations(state: SimState, base: string, url: URL, appId: string, kind: "appInfos" | "appStoreVersions"): Ok | null {
  if (!state.apps.some((a) => a.id === appId)) return null;
  const locType = kind === "appInfos" ? "appInfoLocalizations" : "appStoreVersionLocalizations";
  const include = url.searchParams.get("include")?.split(",").includes(locType);
  const locLimit = Number(url.searchParams.get(`limit[${locType}]`) ?? 50);
  const fields = url.searchParams.get(`fields[${kind}]`)?.split(",");
  const locFields = url.searchParams.get(`fields[${locType}]`)?.split(",");
  const parents =
    kind === "appInfos"
      ? state.appInfos.filter((i) => i.appId === appId).map((i) => ({ id: i.id, attributes: { appStoreState: i.appStoreState } as Record<string, unknown>, locs: state.infoLocs.filter((l) => l.appInfoId === i.id).map((l) => infoLocDoc(base, l)) }))
      : state.versions
          .filter((v) => v.appId === appId)
          .filter((v) => !url.searchParams.get("filter[appStoreState]") || url.searchParams.get("filter[appStoreState]")!.split(",").includes(v.appStoreState))
          .map((v) => ({ id: v.id, attributes: { platform: v.platform, versionString: v.versionString, appStoreState: v.appStoreState, appVersionState: v.appVersionState, createdDate: v.createdDate } as Record<string, unknown>, locs: state.versionLocs.filter((l) => l.versionId === v.id).map((l) => versionLocDoc(base, l)) }));
  const included: unknown[] = [];
  const data = parents.map((p) => {
    const shown = p.locs.slice(0, locLimit);
    if (include) included.push(...shown.map((d) => sparse(d, locFields)));
    return sparse(
      {
        type: kind,
        id: p.id,
        attributes: p.attributes,
        relationships: { [locType]: { links: { self: `${base}/v1/${kind}/${p.id}/relationships/${locType}`, related: `${base}/v1/${kind}/${p.id}/${locType}` }, ...(include ? { data: shown.map((d) => ({ type: locType, id: d.id })), meta: { paging: { total: p.locs.length, limit: locLimit } } } : {}) } },
        links: { self: `${base}/v1/${kind}/${p.id}` },
      },
      fields,
    );
  });
  return { status: 200, body: { data, ...(include ? { included } : {}), links: { self: url.href }, meta: { paging: { total: data.length, limit: Number(url.searchParams.get("limit") ?? 50) } } } };
}

function checkLimits(attrs: Record<string, unknown>): Err | null {
  for (const [field, max] of Object.entries(LIMITS)) {
    const v = attrs[field];
    if (typeof v === "string" && [...v].length > max) {
      return fail(409, "ENTITY_ERROR.ATTRIBUTE.INVALID.TOO_LONG", "An attribute value is too long.", `'${field}' can not be longer than ${max} characters.`, `/data/attributes/${field}`);
    }
  }
  return null;
}

type Body = { data?: { type?: string; id?: string; attributes?: Record<string, unknown>; relationships?: Record<string, { data?: { id?: string } }> } };

/** PATCH a localization: Apple's limits, and version fields only in editable states (promotional text always). */
export function patchLocalization(state: SimState, base: string, role: SimRole, kind: "appInfoLocalizations" | "appStoreVersionLocalizations", id: string, body: Body): Ok | Err | null {
  const list = kind === "appInfoLocalizations" ? state.infoLocs : state.versionLocs;
  const loc = (list as { id: string }[]).find((l) => l.id === id) as (SimInfoLoc & SimVersionLoc) | undefined;
  if (!loc) return null;
  if (!METADATA_ROLES.includes(role)) return forbidden();
  if (body?.data?.type !== kind || body.data.id !== id) return fail(409, "ENTITY_ERROR.INCLUDED.INVALID_ID", "The provided entity id does not match the path.", "The id in the body must match the id in the path.", "/data/id");
  const attrs = body.data.attributes ?? {};
  const tooLong = checkLimits(attrs);
  if (tooLong) return tooLong;
  if (kind === "appStoreVersionLocalizations") {
    const version = state.versions.find((v) => v.id === loc.versionId)!;
    const locked = Object.keys(attrs).find((k) => k !== "promotionalText");
    if (locked && !EDITABLE_VERSION_STATES.has(version.appStoreState)) {
      return fail(409, "ENTITY_ERROR.ATTRIBUTE.INVALID", "An attribute value is not acceptable for the current resource state.", `The attribute '${locked}' can not be edited at this time.`, `/data/attributes/${locked}`);
    }
  }
  Object.assign(loc, attrs);
  const doc = kind === "appInfoLocalizations" ? infoLocDoc(base, loc) : versionLocDoc(base, loc);
  return { status: 200, body: { data: doc, links: { self: doc.links.self } } };
}

/** POST a new localization (add a locale). */
export function createLocalization(state: SimState, base: string, role: SimRole, kind: "appInfoLocalizations" | "appStoreVersionLocalizations", body: Body): Ok | Err {
  if (!METADATA_ROLES.includes(role)) return forbidden();
  const attrs = body?.data?.attributes ?? {};
  const parentRel = kind === "appInfoLocalizations" ? "appInfo" : "appStoreVersion";
  const parentId = body?.data?.relationships?.[parentRel]?.data?.id;
  if (body?.data?.type !== kind || typeof attrs.locale !== "string" || !parentId) {
    return fail(422, "ENTITY_UNPROCESSABLE", "The request entity is not valid.", `locale and the ${parentRel} relationship are required.`, "/data/attributes/locale");
  }
  const tooLong = checkLimits(attrs);
  if (tooLong) return tooLong;
  const id = `${parentId}-n${state.nextId++}`;
  if (kind === "appInfoLocalizations") {
    if (!state.appInfos.some((i) => i.id === parentId)) return fail(404, "NOT_FOUND", "The specified resource does not exist", `There is no resource of type 'appInfos' with id '${parentId}'`, "/data/relationships/appInfo");
    if (state.infoLocs.some((l) => l.appInfoId === parentId && l.locale === attrs.locale)) return fail(409, "ENTITY_ERROR.ATTRIBUTE.INVALID.DUPLICATE", "The locale already exists.", `A localization for '${attrs.locale}' already exists.`, "/data/attributes/locale");
    const l: SimInfoLoc = { id, appInfoId: parentId, locale: attrs.locale, name: String(attrs.name ?? ""), subtitle: String(attrs.subtitle ?? ""), privacyPolicyUrl: String(attrs.privacyPolicyUrl ?? "") };
    state.infoLocs.push(l);
    return { status: 201, body: { data: infoLocDoc(base, l), links: { self: `${base}/v1/appInfoLocalizations/${id}` } } };
  }
  if (!state.versions.some((v) => v.id === parentId)) return fail(404, "NOT_FOUND", "The specified resource does not exist", `There is no resource of type 'appStoreVersions' with id '${parentId}'`, "/data/relationships/appStoreVersion");
  if (state.versionLocs.some((l) => l.versionId === parentId && l.locale === attrs.locale)) return fail(409, "ENTITY_ERROR.ATTRIBUTE.INVALID.DUPLICATE", "The locale already exists.", `A localization for '${attrs.locale}' already exists.`, "/data/attributes/locale");
  const s = (k: string) => String(attrs[k] ?? "");
  const l: SimVersionLoc = { id, versionId: parentId, locale: attrs.locale, description: s("description"), keywords: s("keywords"), marketingUrl: s("marketingUrl"), promotionalText: s("promotionalText"), supportUrl: s("supportUrl"), whatsNew: s("whatsNew") };
  state.versionLocs.push(l);
  return { status: 201, body: { data: versionLocDoc(base, l), links: { self: `${base}/v1/appStoreVersionLocalizations/${id}` } } };
}

/** Control API: an account's apps with their app infos, versions and localizations, as held now (tests read what a push left). */
export function heldLocalizations(state: SimState, appId?: string) {
  return state.apps
    .filter((a) => !appId || a.id === appId)
    .map((a) => ({
      id: a.id,
      name: a.name,
      appInfos: state.appInfos.filter((i) => i.appId === a.id).map((i) => ({ ...i, localizations: state.infoLocs.filter((l) => l.appInfoId === i.id) })),
      versions: state.versions.filter((v) => v.appId === a.id).map((v) => ({ ...v, localizations: state.versionLocs.filter((l) => l.versionId === v.id) })),
    }));
}

/** Control API: changes a localization's text fields directly, as someone editing in App Store Connect would. */
export function changeLocalization(state: SimState, id: string, attributes: Record<string, unknown>) {
  const loc: Record<string, string> | undefined = state.infoLocs.find((l) => l.id === id) ?? state.versionLocs.find((l) => l.id === id);
  if (!loc) return false;
  for (const [k, v] of Object.entries(attributes)) if (k in loc && !["id", "locale", "appInfoId", "versionId"].includes(k) && typeof v === "string") loc[k] = v;
  return true;
}
