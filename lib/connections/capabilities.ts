import { z } from "zod";
import { ascClient } from "@/lib/asc/client";
import { ascAppError, AscError, isAscFailure } from "@/lib/asc/errors";
import { missingReport, salesReportTable } from "@/lib/asc/reports";
import { now as clockNow } from "@/lib/clock";
import { env } from "@/lib/env";
import { latestPublishedDay } from "@/lib/sales/publication";
import { INDIVIDUAL_KEY_SALES } from "@/lib/sync/sales";
import { forbiddenReason, ROLES_NEEDED, type BlockKind } from "@/lib/sync/blocks";

/**
 * What a key can do at App Store Connect, probed with one cheap request per kind of work:
 * list apps, read an app's metadata, read its reviews, list its analytics report requests,
 * and (with a vendor number) download one sales report. Each is "works", "not_allowed" (Apple's 403 for this key's role, with
 * the role needed), "fails" (with the reason) or "not_checked" (and why). The clock check
 * compares Apple's Date header with ours.
 */
const ZCapability = z.object({
  state: z.enum(["works", "not_allowed", "fails", "not_checked"]),
  reason: z.string().describe("In plain words"),
  roles: z.string().nullable().optional().describe("The App Store Connect roles that may do this, when the key's role may not"),
  code: z.string().nullable().optional().describe("Apple's error code, when Apple refused"),
});
export const ZCapabilityReport = z.object({
  checkedAt: z.string().describe("ISO 8601"),
  keyKind: z.enum(["TEAM", "INDIVIDUAL"]),
  apps: ZCapability,
  metadata: ZCapability,
  reviews: ZCapability,
  sales: ZCapability,
  /** Absent from checks made before analytics existed. */
  analytics: ZCapability.optional().describe("Reading App Store analytics reports (asking Apple for them the first time needs an Admin key)"),
  clock: z.object({
    state: z.enum(["ok", "off", "not_checked"]),
    skewSeconds: z.number().int().nullable().describe("This server's clock minus App Store Connect's (its Date header)"),
    reason: z.string(),
  }),
  /** Apple's status for the apps request (the key itself), when it answered. */
  httpStatus: z.number().int().optional(),
});
export type CapabilityReport = z.infer<typeof ZCapabilityReport>;
export type Capability = z.infer<typeof ZCapability>;
export type CapabilityState = Capability["state"];

export type CheckedConnection = {
  id: string;
  organizationId: string;
  keyKind: "TEAM" | "INDIVIDUAL";
  issuerId: string | null;
  keyId: string;
  fingerprint: string;
  vendorNumber: string | null;
};

/** Apple's clock may differ from ours by this much before the report warns (tokens allow two minutes). */
const CLOCK_TOLERANCE_SECONDS = 60;

const works = (reason: string): Capability => ({ state: "works", reason });
const notChecked = (reason: string): Capability => ({ state: "not_checked", reason });

function failed(kind: BlockKind | "APPS", e: unknown): Capability {
  if (e instanceof AscError && e.status === 403) {
    if (kind === "APPS") return { state: "not_allowed", reason: "This key's role may not list apps (403).", code: e.code, roles: null };
    const r = forbiddenReason(kind, e);
    return { state: "not_allowed", reason: r.reason, roles: r.roles, code: r.code };
  }
  if (isAscFailure(e)) return { state: "fails", reason: ascAppError(e).publicMessage, code: e.code };
  return { state: "fails", reason: "The check stopped on an unexpected error; see the server log.", code: "INTERNAL" };
}

export async function checkCapabilities(conn: CheckedConnection, opts: { baseUrl?: string } = {}): Promise<CapabilityReport> {
  const client = ascClient(conn, { baseUrl: opts.baseUrl ?? env.ASC_API_BASE_URL, priority: "interactive", retry: { maxAttempts: 2, maxTotalMs: 15_000, timeoutMs: 10_000 } });
  const report: CapabilityReport = {
    checkedAt: new Date(clockNow()).toISOString(),
    keyKind: conn.keyKind,
    apps: notChecked(""),
    metadata: notChecked("Not checked: the apps check did not pass."),
    reviews: notChecked("Not checked: the apps check did not pass."),
    sales: notChecked("Not checked: the apps check did not pass."),
    analytics: notChecked("Not checked: the apps check did not pass."),
    clock: { state: "not_checked", skewSeconds: null, reason: "App Store Connect did not answer." },
  };

  let appId: string | undefined;
  try {
    const res = await client.stream({ path: "/v1/apps", query: { limit: 1, "fields[apps]": "name" } });
    report.httpStatus = res.status;
    const date = Date.parse(res.headers.get("date") ?? "");
    const body = (await res.json()) as { data?: { id: string }[] };
    appId = body.data?.[0]?.id;
    report.apps = works(appId ? "Lists the account's apps." : "Works; the account has no apps yet.");
    if (Number.isFinite(date)) {
      // Apple's Date has whole seconds: a difference under a second or two is rounding.
      const skew = Math.round((clockNow() - date) / 1000);
      report.clock = Math.abs(skew) > CLOCK_TOLERANCE_SECONDS
        ? { state: "off", skewSeconds: skew, reason: `This server's clock is ${Math.abs(skew)} s ${skew > 0 ? "ahead of" : "behind"} App Store Connect's. Tokens allow two minutes either way; set the server's time with NTP.` }
        : { state: "ok", skewSeconds: skew, reason: "This server's clock agrees with App Store Connect's." };
    }
  } catch (e) {
    report.apps = failed("APPS", e);
    if (e instanceof AscError) report.httpStatus = e.status;
    return report;
  }

  if (!appId) {
    report.metadata = notChecked("Not checked: the account has no apps.");
    report.reviews = notChecked("Not checked: the account has no apps.");
    report.analytics = notChecked("Not checked: the account has no apps.");
  } else {
    const [metadata, reviews, analytics] = await Promise.allSettled([
      client.request({ path: `/v1/apps/${appId}/appInfos`, query: { limit: 1 } }),
      client.request({ path: `/v1/apps/${appId}/customerReviews`, query: { limit: 1 } }),
      client.request({ path: `/v1/apps/${appId}/analyticsReportRequests`, query: { limit: 1 } }),
    ]);
    report.metadata = metadata.status === "fulfilled" ? works(`Reads app metadata (editing needs the ${ROLES_NEEDED.METADATA} role).`) : failed("METADATA", metadata.reason);
    report.reviews = reviews.status === "fulfilled" ? works(`Reads customer reviews (replying needs the ${ROLES_NEEDED.REVIEWS} role).`) : failed("REVIEWS", reviews.reason);
    report.analytics = analytics.status === "fulfilled"
      ? works("Reads analytics reports (Apple starts them for an app only after an Admin key has asked once).")
      : failed("ANALYTICS", analytics.reason);
  }

  if (conn.keyKind === "INDIVIDUAL") report.sales = { state: "not_allowed", reason: INDIVIDUAL_KEY_SALES, roles: ROLES_NEEDED.SALES };
  else if (!conn.vendorNumber) report.sales = notChecked("Not checked: set the connection's vendor number to fetch sales.");
  else {
    const day = latestPublishedDay(clockNow());
    try {
      // The first batch proves the download works; the rest is not read.
      for await (const batch of salesReportTable(client, { vendorNumber: conn.vendorNumber, reportDate: day })) {
        void batch;
        break;
      }
      report.sales = works(`Downloads sales reports (the report of ${day} is there).`);
    } catch (e) {
      const missing = e instanceof AscError ? missingReport(e) : null;
      if (missing) report.sales = works(`Downloads sales reports (${day}: ${missing === "NO_SALES" ? "no sales that day" : "not published yet"}).`);
      else report.sales = failed("SALES", e);
    }
  }
  return report;
}

/** The kinds the report shows this key may not do, and those it may. */
export function blocksFrom(report: CapabilityReport): { blocked: { kind: BlockKind; code: string }[]; allowed: BlockKind[] } {
  const pairs: [BlockKind, Capability][] = [["METADATA", report.metadata], ["REVIEWS", report.reviews], ["SALES", report.sales]];
  if (report.analytics) pairs.push(["ANALYTICS", report.analytics]);
  return {
    blocked: pairs.filter(([k, c]) => c.state === "not_allowed" && !(k === "SALES" && report.keyKind === "INDIVIDUAL")).map(([kind, c]) => ({ kind, code: c.code ?? "FORBIDDEN_ERROR" })),
    allowed: pairs.filter(([, c]) => c.state === "works").map(([k]) => k),
  };
}

const WORDS: Record<CapabilityState, string> = { works: "works", not_allowed: "not allowed for this key's role", fails: "fails", not_checked: "not checked" };

/** The report as lines of text, for `npm run admin -- doctor`. */
export function describeReport(name: string, r: CapabilityReport): string[] {
  const line = (label: string, c: Capability) => `  ${label.padEnd(9)} ${WORDS[c.state]}: ${c.reason}`;
  return [
    `${name} (${r.keyKind === "TEAM" ? "team key" : "individual key"}), checked ${r.checkedAt}`,
    line("apps", r.apps),
    line("metadata", r.metadata),
    line("reviews", r.reviews),
    line("sales", r.sales),
    ...(r.analytics ? [line("analytics", r.analytics)] : []),
    `  clock     ${r.clock.state === "off" ? "off" : r.clock.state === "ok" ? "ok" : "not checked"}: ${r.clock.reason}`,
  ];
}
