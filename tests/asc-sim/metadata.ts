import { APP_VERSION_STATES, appInfoStoreStateOf, appStoreStateOf, type SimInfoLoc, type SimState, type SimVersionLoc } from "./data";
import type { SimRole } from "./auth";

/** App Store metadata resources of the simulator, with Apple's editing rules. */

type ErrItem = { code: string; title: string; detail: string; source?: { pointer?: string; parameter?: string } };
type Err = { status: number; errors: ErrItem[] };
type Ok = { status: number; body: unknown };

/**
 * Apple's limits. Keywords are 100 bytes of UTF-8 (App Store Connect Help, "Platform
 * version information"); the others are documented in characters without saying how they
 * are counted, so they count UTF-16 units, the stricter reading (an emoji counts twice).
 */
export const LIMITS: Record<string, number> = { name: 30, subtitle: 30, keywords: 100, promotionalText: 170, description: 4000, whatsNew: 4000 };
const lengthOf = (field: string, v: string) => (field === "keywords" ? Buffer.byteLength(v, "utf8") : v.length);

/** Version states whose localizations take every field; promotional text changes in any state. Where Apple is silent, not editable. */
const EDITABLE_VERSION_STATES = new Set(["PREPARE_FOR_SUBMISSION", "DEVELOPER_REJECTED", "REJECTED", "METADATA_REJECTED", "INVALID_BINARY"]);
/** App info states whose localizations (name, subtitle, privacy URLs) can change: the one being prepared, or sent back. */
const EDITABLE_APP_INFO_STATES = new Set(["PREPARE_FOR_SUBMISSION", "DEVELOPER_REJECTED", "REJECTED"]);
const APP_STORE_STATES = ["ACCEPTED", "DEVELOPER_REMOVED_FROM_SALE", "DEVELOPER_REJECTED", "IN_REVIEW", "INVALID_BINARY", "METADATA_REJECTED", "PENDING_APPLE_RELEASE", "PENDING_CONTRACT", "PENDING_DEVELOPER_RELEASE", "PREPARE_FOR_SUBMISSION", "PREORDER_READY_FOR_SALE", "PROCESSING_FOR_APP_STORE", "READY_FOR_REVIEW", "READY_FOR_SALE", "REJECTED", "REMOVED_FROM_SALE", "WAITING_FOR_EXPORT_COMPLIANCE", "WAITING_FOR_REVIEW", "REPLACED_WITH_NEW_VERSION", "NOT_APPLICABLE"];
export const METADATA_ROLES: SimRole[] = ["ADMIN", "APP_MANAGER", "MARKETING"];

const fail = (status: number, code: string, title: string, detail: string, pointer?: string): Err => ({ status, errors: [{ code, title, detail, ...(pointer ? { source: { pointer } } : {}) }] });

/**
 * One error per refused attribute, each pointing at its field, as Apple answers a PATCH of
 * a localization that cannot change now: app info localizations with INVALID_STATE
 * (github.com/nickustinov/itsyconnect-macos/issues/64), version localizations with
 * STATE_ERROR ("Attribute '<field>' cannot be edited at this time").
 */
const invalidState = (kind: "appInfoLocalizations" | "appStoreVersionLocalizations", fields: string[]): Err => ({
  status: 409,
  errors: fields.map((f) =>
    kind === "appInfoLocalizations"
      ? { code: "ENTITY_ERROR.ATTRIBUTE.INVALID.INVALID_STATE", title: "The provided entity contains a field that can not be modified in the current state", detail: `The field '${f}' can not be modified in the current state.`, source: { pointer: `/data/attributes/${f}` } }
      : { code: "STATE_ERROR", title: "The request cannot be fulfilled because of the state of the resource.", detail: `Attribute '${f}' cannot be edited at this time`, source: { pointer: `/data/attributes/${f}` } },
  ),
});

/** A list filter's values, or an error naming the parameter when one is not in Apple's enum. */
function enumFilter(url: URL, name: string, allowed: readonly string[]): { values?: string[]; error?: Err } {
  const raw = url.searchParams.get(name);
  if (raw === null) return {};
  const values = raw.split(",");
  const bad = values.find((v) => !allowed.includes(v));
  if (bad !== undefined) return { error: { status: 400, errors: [{ code: "PARAMETER_ERROR.INVALID", title: "A parameter has an invalid value", detail: `'${bad}' is not a valid value for the parameter '${name}'.`, source: { parameter: name } }] } };
  return { values };
}
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
export function listWithLocalizations(state: SimState, base: string, url: URL, appId: string, kind: "appInfos" | "appStoreVersions"): Ok | Err | null {
  if (!state.apps.some((a) => a.id === appId)) return null;
  const byStoreState = kind === "appStoreVersions" ? enumFilter(url, "filter[appStoreState]", APP_STORE_STATES) : {};
  const byVersionState = kind === "appStoreVersions" ? enumFilter(url, "filter[appVersionState]", APP_VERSION_STATES) : {};
  const filterError = byStoreState.error ?? byVersionState.error;
  if (filterError) return filterError;
  const locType = kind === "appInfos" ? "appInfoLocalizations" : "appStoreVersionLocalizations";
  const include = url.searchParams.get("include")?.split(",").includes(locType);
  const locLimit = Number(url.searchParams.get(`limit[${locType}]`) ?? 50);
  const fields = url.searchParams.get(`fields[${kind}]`)?.split(",");
  const locFields = url.searchParams.get(`fields[${locType}]`)?.split(",");
  const parents =
    kind === "appInfos"
      ? state.appInfos.filter((i) => i.appId === appId).map((i) => ({ id: i.id, attributes: { appStoreState: appInfoStoreStateOf(i.state), state: i.state } as Record<string, unknown>, locs: state.infoLocs.filter((l) => l.appInfoId === i.id).map((l) => infoLocDoc(base, l)) }))
      : state.versions
          .filter((v) => v.appId === appId)
          .filter((v) => !byStoreState.values || byStoreState.values.includes(appStoreStateOf(v.appVersionState)))
          .filter((v) => !byVersionState.values || byVersionState.values.includes(v.appVersionState))
          .map((v) => ({ id: v.id, attributes: { platform: v.platform, versionString: v.versionString, appStoreState: appStoreStateOf(v.appVersionState), appVersionState: v.appVersionState, createdDate: v.createdDate } as Record<string, unknown>, locs: state.versionLocs.filter((l) => l.versionId === v.id).map((l) => versionLocDoc(base, l)) }));
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

/** Over-long values, one error each. Apple words even the keywords limit in characters while it counts bytes. */
function checkLimits(attrs: Record<string, unknown>): Err | null {
  const errors: ErrItem[] = [];
  for (const [field, max] of Object.entries(LIMITS)) {
    const v = attrs[field];
    if (typeof v === "string" && lengthOf(field, v) > max) {
      errors.push({ code: "ENTITY_ERROR.ATTRIBUTE.INVALID.TOO_LONG", title: "An attribute value is too long.", detail: `'${field}' cannot be longer than '${max}' characters.`, source: { pointer: `/data/attributes/${field}` } });
    }
  }
  return errors.length ? { status: 409, errors } : null;
}

/** Whether an app info's localizations can change now. */
export const appInfoEditable = (state: SimState, appInfoId: string) => EDITABLE_APP_INFO_STATES.has(state.appInfos.find((i) => i.id === appInfoId)?.state ?? "");
/** Whether a version's localizations take every field now (promotional text is always taken). */
export const versionEditable = (state: SimState, versionId: string) => EDITABLE_VERSION_STATES.has(state.versions.find((v) => v.id === versionId)?.appVersionState ?? "");

type Body = { data?: { type?: string; id?: string; attributes?: Record<string, unknown>; relationships?: Record<string, { data?: { id?: string } }> } };

/** PATCH a localization: Apple's limits, and version fields only in editable states (promotional text always). */
export function patchLocalization(state: SimState, base: string, role: SimRole, kind: "appInfoLocalizations" | "appStoreVersionLocalizations", id: string, body: Body): Ok | Err | null {
  const list = kind === "appInfoLocalizations" ? state.infoLocs : state.versionLocs;
  const loc = (list as { id: string }[]).find((l) => l.id === id) as (SimInfoLoc & SimVersionLoc) | undefined;
  if (!loc) return null;
  if (!METADATA_ROLES.includes(role)) return forbidden();
  if (body?.data?.type !== kind || body.data.id !== id) return fail(409, "ENTITY_ERROR.INCLUDED.INVALID_ID", "The provided entity id does not match the path.", "The id in the body must match the id in the path.", "/data/id");
  const attrs = body.data.attributes ?? {};
  // The state is checked first: a field that cannot change now is refused whatever its value.
  const locked =
    kind === "appInfoLocalizations"
      ? appInfoEditable(state, loc.appInfoId) ? [] : Object.keys(attrs)
      : versionEditable(state, loc.versionId) ? [] : Object.keys(attrs).filter((k) => k !== "promotionalText");
  if (locked.length) return invalidState(kind, locked);
  const tooLong = checkLimits(attrs);
  if (tooLong) return tooLong;
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
  // A locale is added to the app info or version being prepared, never to one that is live or in review.
  const closed = (type: string, rel: string) => fail(409, "ENTITY_ERROR.RELATIONSHIP.INVALID", "The provided entity includes a relationship with an invalid value", `The ${type} '${parentId}' is not in a state that allows new localizations.`, `/data/relationships/${rel}`);
  if (kind === "appInfoLocalizations") {
    if (!state.appInfos.some((i) => i.id === parentId)) return fail(404, "NOT_FOUND", "The specified resource does not exist", `There is no resource of type 'appInfos' with id '${parentId}'`, "/data/relationships/appInfo");
    if (!appInfoEditable(state, parentId)) return closed("appInfo", "appInfo");
    if (state.infoLocs.some((l) => l.appInfoId === parentId && l.locale === attrs.locale)) return fail(409, "ENTITY_ERROR.ATTRIBUTE.INVALID.DUPLICATE", "The provided entity includes an attribute with a value that has already been used", `Entity with locale: ${attrs.locale} already exists. Try updating.`, "/data/attributes/locale");
    const l: SimInfoLoc = { id, appInfoId: parentId, locale: attrs.locale, name: String(attrs.name ?? ""), subtitle: String(attrs.subtitle ?? ""), privacyPolicyUrl: String(attrs.privacyPolicyUrl ?? "") };
    state.infoLocs.push(l);
    return { status: 201, body: { data: infoLocDoc(base, l), links: { self: `${base}/v1/appInfoLocalizations/${id}` } } };
  }
  if (!state.versions.some((v) => v.id === parentId)) return fail(404, "NOT_FOUND", "The specified resource does not exist", `There is no resource of type 'appStoreVersions' with id '${parentId}'`, "/data/relationships/appStoreVersion");
  if (!versionEditable(state, parentId)) return closed("appStoreVersion", "appStoreVersion");
  if (state.versionLocs.some((l) => l.versionId === parentId && l.locale === attrs.locale)) return fail(409, "ENTITY_ERROR.ATTRIBUTE.INVALID.DUPLICATE", "The provided entity includes an attribute with a value that has already been used", `Entity with locale: ${attrs.locale} already exists. Try updating.`, "/data/attributes/locale");
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
      appInfos: state.appInfos.filter((i) => i.appId === a.id).map((i) => ({ ...i, appStoreState: appInfoStoreStateOf(i.state), localizations: state.infoLocs.filter((l) => l.appInfoId === i.id) })),
      versions: state.versions.filter((v) => v.appId === a.id).map((v) => ({ ...v, appStoreState: appStoreStateOf(v.appVersionState), localizations: state.versionLocs.filter((l) => l.versionId === v.id) })),
    }));
}

/** Control API: changes a localization's text fields directly, as someone editing in App Store Connect would. */
export function changeLocalization(state: SimState, id: string, attributes: Record<string, unknown>) {
  const loc: Record<string, string> | undefined = state.infoLocs.find((l) => l.id === id) ?? state.versionLocs.find((l) => l.id === id);
  if (!loc) return false;
  for (const [k, v] of Object.entries(attributes)) if (k in loc && !["id", "locale", "appInfoId", "versionId"].includes(k) && typeof v === "string") loc[k] = v;
  return true;
}
