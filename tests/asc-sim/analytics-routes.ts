import { createHash, randomUUID } from "node:crypto";
import { pageOf } from "./paging";
import type { SimRole } from "./auth";
import type { SimState } from "./data";
import type { AnalyticsOrigin } from "./analytics-origin";
import { type AccessType, type AnalyticsConfig, instancesOf, newRequest, parseReportId, REPORTS, reportId, type SimReportRequest, segmentsOf, stoppedAt, type InstanceRef } from "./analytics-reports";
import { dayMs } from "./analytics-traffic";

/** The Analytics Reports endpoints of App Store Connect (spec 4.4.1), for the simulator's router. */

type ErrItem = { code: string; title: string; detail: string; source?: { pointer?: string; parameter?: string } };
type Answer = { status: number; body: unknown } | { status: number; errors: ErrItem[] };
export type AnalyticsCtx = { state: SimState; seed: number; base: string; origin: AnalyticsOrigin; role: SimRole; /** Apple's analytics clock (shifted by clockShiftDays) */ now: number; /** The simulator's own clock, which download links expire by. */ hostNow: number; url: URL; method: string; parts: string[]; body: () => Promise<unknown>; config: AnalyticsConfig };

/** Apple: Admin manages requests; Admin, Sales and Reports, and Finance list and download reports. */
const MANAGE: SimRole[] = ["ADMIN"];
const READ: SimRole[] = ["ADMIN", "SALES", "FINANCE"];
/** Apple allows a ONE_TIME_SNAPSHOT about once every 31 days per app, deleted requests included. */
const SNAPSHOT_EVERY_MS = 31 * dayMs;

const forbidden = (): Answer => ({ status: 403, errors: [{ code: "FORBIDDEN_ERROR", title: "This request is forbidden for security reasons", detail: "The API key in use does not allow this request" }] });
const notFound = (type: string, id: string): Answer => ({ status: 404, errors: [{ code: "NOT_FOUND", title: "The specified resource does not exist", detail: `There is no resource of type '${type}' with id '${id}'` }] });
const invalid = (parameter: string, value: string): Answer => ({ status: 400, errors: [{ code: "PARAMETER_ERROR.INVALID", title: "A parameter has an invalid value", detail: `'${value}' is not a valid value for the parameter '${parameter}'.`, source: { parameter } }] });

const paged = (url: URL, all: unknown[]) => ({ status: 200, body: pageOf(url, all) });

function enumValues(url: URL, name: string, allowed: readonly string[]): string[] | Answer | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null) return undefined;
  const values = raw.split(",");
  const bad = values.find((v) => !allowed.includes(v));
  return bad === undefined ? values : invalid(name, bad);
}
const isAnswer = (x: unknown): x is Answer => typeof x === "object" && x !== null && "status" in x;

function requestDoc(c: AnalyticsCtx, r: SimReportRequest) {
  const self = `${c.base}/v1/analyticsReportRequests/${r.id}`;
  return {
    type: "analyticsReportRequests", id: r.id,
    attributes: { accessType: r.accessType, stoppedDueToInactivity: stoppedAt(r, c.now, c.config) !== undefined },
    relationships: { reports: { links: { self: `${self}/relationships/reports`, related: `${self}/reports` } } },
    links: { self },
  };
}
function reportDoc(c: AnalyticsCtx, id: string, index: number) {
  const self = `${c.base}/v1/analyticsReports/${id}`;
  return { type: "analyticsReports", id, attributes: { name: REPORTS[index].name, category: REPORTS[index].category }, relationships: { instances: { links: { self: `${self}/relationships/instances`, related: `${self}/instances` } } }, links: { self } };
}
function instanceDoc(c: AnalyticsCtx, i: InstanceRef) {
  const self = `${c.base}/v1/analyticsReportInstances/${i.id}`;
  return { type: "analyticsReportInstances", id: i.id, attributes: { granularity: i.granularity, processingDate: i.processingDate }, relationships: { segments: { links: { self: `${self}/relationships/segments`, related: `${self}/segments` } } }, links: { self } };
}

const live = (c: AnalyticsCtx, id: string) => c.state.analytics.requests.find((r) => r.id === id && !r.deleted);
/** Reading instances, segments or files is what keeps a request from stopping. */
const touch = (c: AnalyticsCtx, r: SimReportRequest) => {
  if (stoppedAt(r, c.now, c.config) === undefined) r.lastUsedAt = c.now;
};

function findInstance(c: AnalyticsCtx, id: string): { r: SimReportRequest; inst: InstanceRef } | null {
  const rid = id.split(".")[0];
  const parsed = parseReportId(rid);
  const r = parsed && live(c, parsed.requestId);
  if (!parsed || !r) return null;
  const inst = instancesOf(r, parsed.index, c.now, c.config).find((i) => i.id === id);
  return inst ? { r, inst } : null;
}

function segmentDocs(c: AnalyticsCtx, r: SimReportRequest, inst: InstanceRef) {
  const app = c.state.apps.find((a) => a.id === r.appId)!;
  return segmentsOf(inst, r, app, c.seed, c.state.analytics.changes, c.config).map((s) => {
    const url = c.origin.register(s.id, { bytes: () => s.gzip, expiresAt: c.hostNow + c.config.segmentUrlTtlMs, onDownload: () => touch(c, r) });
    return { type: "analyticsReportSegments", id: s.id, attributes: { checksum: createHash("md5").update(s.gzip).digest("hex"), sizeInBytes: s.gzip.length, url }, links: { self: `${c.base}/v1/analyticsReportSegments/${s.id}` } };
  });
}

async function create(c: AnalyticsCtx): Promise<Answer> {
  const b = (await c.body()) as { data?: { type?: string; attributes?: { accessType?: string }; relationships?: { app?: { data?: { type?: string; id?: string } } } } };
  if (!MANAGE.includes(c.role)) return forbidden();
  const accessType = b?.data?.attributes?.accessType;
  const appId = b?.data?.relationships?.app?.data?.id;
  if (b?.data?.type !== "analyticsReportRequests" || (accessType !== "ONGOING" && accessType !== "ONE_TIME_SNAPSHOT") || !appId) {
    return { status: 422, errors: [{ code: "ENTITY_UNPROCESSABLE", title: "The request entity is not valid.", detail: "accessType (ONGOING or ONE_TIME_SNAPSHOT) and the app relationship are required.", source: { pointer: "/data/attributes/accessType" } }] };
  }
  if (!c.state.apps.some((a) => a.id === appId)) return notFound("apps", appId);
  const mine = c.state.analytics.requests.filter((r) => r.appId === appId && r.accessType === accessType);
  // One ONGOING request per app while it runs (a stopped one is replaced by a new request); snapshots about once every 31 days.
  const taken = accessType === "ONGOING" ? mine.some((r) => !r.deleted && stoppedAt(r, c.now, c.config) === undefined) : mine.some((r) => c.now - r.createdAt < SNAPSHOT_EVERY_MS);
  if (taken) return { status: 409, errors: [{ code: "STATE_ERROR", title: "The request cannot be fulfilled because of the state of another resource.", detail: "You already have such an entity" }] };
  const r = newRequest(randomUUID(), appId, accessType as AccessType, c.now, c.seed, c.config);
  c.state.analytics.requests.push(r);
  const doc = requestDoc(c, r);
  return { status: 201, body: { data: doc, links: { self: doc.links.self } } };
}

export function routeAnalytics(c: AnalyticsCtx): Answer | Promise<Answer> | undefined {
  const { parts: p, method: m, url } = c;
  if (m === "POST" && p.length === 2 && p[1] === "analyticsReportRequests") return create(c);
  if (m === "GET" && p.length === 4 && p[1] === "apps" && p[3] === "analyticsReportRequests") {
    if (!c.state.apps.some((a) => a.id === p[2])) return undefined;
    if (!READ.includes(c.role)) return forbidden();
    const types = enumValues(url, "filter[accessType]", ["ONGOING", "ONE_TIME_SNAPSHOT"]);
    if (isAnswer(types)) return types;
    const list = c.state.analytics.requests.filter((r) => r.appId === p[2] && !r.deleted && (!types || types.includes(r.accessType)));
    return paged(url, list.map((r) => requestDoc(c, r)));
  }
  if (p[1] === "analyticsReportRequests" && p.length >= 3) {
    const r = live(c, p[2]);
    if (m === "DELETE" && p.length === 3) {
      if (!MANAGE.includes(c.role)) return forbidden();
      if (!r) return notFound("analyticsReportRequests", p[2]);
      r.deleted = true;
      return { status: 204, body: undefined };
    }
    if (m !== "GET") return undefined;
    if (!READ.includes(c.role)) return forbidden();
    if (!r) return notFound("analyticsReportRequests", p[2]);
    if (p.length === 3) return { status: 200, body: { data: requestDoc(c, r), links: { self: url.href } } };
    if (p.length === 4 && p[3] === "reports") {
      const cats = enumValues(url, "filter[category]", ["APP_USAGE", "APP_STORE_ENGAGEMENT", "COMMERCE", "FRAMEWORK_USAGE", "PERFORMANCE"]);
      if (isAnswer(cats)) return cats;
      const names = url.searchParams.get("filter[name]")?.split(",");
      const docs = REPORTS.map((rep, i) => ({ rep, i })).filter(({ rep }) => (!cats || cats.includes(rep.category)) && (!names || names.includes(rep.name)));
      return paged(url, docs.map(({ i }) => reportDoc(c, reportId(r.id, i), i)));
    }
    return undefined;
  }
  if (m === "GET" && p[1] === "analyticsReports" && p.length >= 3) {
    if (!READ.includes(c.role)) return forbidden();
    const parsed = parseReportId(p[2]);
    const r = parsed && live(c, parsed.requestId);
    if (!parsed || !r) return notFound("analyticsReports", p[2]);
    if (p.length === 3) return { status: 200, body: { data: reportDoc(c, p[2], parsed.index), links: { self: url.href } } };
    if (p.length !== 4 || p[3] !== "instances") return undefined;
    const grans = enumValues(url, "filter[granularity]", ["DAILY", "WEEKLY", "MONTHLY"]);
    if (isAnswer(grans)) return grans;
    const dates = url.searchParams.get("filter[processingDate]")?.split(",");
    touch(c, r);
    const list = instancesOf(r, parsed.index, c.now, c.config).filter((i) => (!grans || grans.includes(i.granularity)) && (!dates || dates.includes(i.processingDate)));
    return paged(url, list.map((i) => instanceDoc(c, i)));
  }
  if (m === "GET" && p[1] === "analyticsReportInstances" && p.length >= 3) {
    if (!READ.includes(c.role)) return forbidden();
    const found = findInstance(c, p[2]);
    if (!found) return notFound("analyticsReportInstances", p[2]);
    if (p.length === 3) return { status: 200, body: { data: instanceDoc(c, found.inst), links: { self: url.href } } };
    if (p.length !== 4 || p[3] !== "segments") return undefined;
    touch(c, found.r);
    return paged(url, segmentDocs(c, found.r, found.inst));
  }
  if (m === "GET" && p[1] === "analyticsReportSegments" && p.length === 3) {
    if (!READ.includes(c.role)) return forbidden();
    const found = findInstance(c, p[2].split(".").slice(0, 3).join("."));
    const doc = found && segmentDocs(c, found.r, found.inst).find((s) => s.id === p[2]);
    if (!found || !doc) return notFound("analyticsReportSegments", p[2]);
    touch(c, found.r);
    return { status: 200, body: { data: doc, links: { self: url.href } } };
  }
  return undefined;
}

/** Records a keyword change made through PATCH /v1/appStoreVersionLocalizations/{id}: the traffic model raises search conversion from the next day. */
export function noteKeywordChange(state: SimState, locId: string, before: string | undefined, now: number) {
  const loc = state.versionLocs.find((l) => l.id === locId);
  const appId = loc && state.versions.find((v) => v.id === loc.versionId)?.appId;
  if (!loc || !appId || loc.keywords === before) return;
  state.analytics.changes.push({ appId, locale: loc.locale, localizationId: loc.id, at: new Date(now).toISOString(), keywords: loc.keywords });
}
