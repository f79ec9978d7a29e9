import type { ascClient } from "./client";
import type { Priority } from "./budget";
import type { components } from "./generated/schema";
import type { AscApp, AscAppInfoLocalization, AscAppStoreVersionLocalization, AscCustomerReview, AscCustomerReviewResponse } from "./types";

type Client = ReturnType<typeof ascClient>;
type Doc<A> = { id: string; type: string; attributes?: A; relationships?: Record<string, { data?: { id: string; type: string } | { id: string; type: string }[] }> };
type AppVersionState = components["schemas"]["AppVersionState"];

/**
 * The versions the sync reads, by `appVersionState` (the deprecated `appStoreState` is not
 * filtered on): every state of Apple's AppVersionState enum but REPLACED_WITH_NEW_VERSION,
 * the one state meaning a newer version has gone live in its place. A version on its way
 * through review and release (READY_FOR_REVIEW, WAITING_FOR_EXPORT_COMPLIANCE, ACCEPTED,
 * PENDING_*_RELEASE, PROCESSING_FOR_DISTRIBUTION, ...) is still the app's next version and
 * keeps its rows; leaving replaced ones out keeps the answer to one page however long the
 * app's history.
 */
export const VERSION_STATES = [
  "ACCEPTED", "DEVELOPER_REJECTED", "IN_REVIEW", "INVALID_BINARY", "METADATA_REJECTED", "PENDING_APPLE_RELEASE", "PENDING_DEVELOPER_RELEASE", "PREPARE_FOR_SUBMISSION",
  "PROCESSING_FOR_DISTRIBUTION", "READY_FOR_DISTRIBUTION", "READY_FOR_REVIEW", "REJECTED", "WAITING_FOR_EXPORT_COMPLIANCE", "WAITING_FOR_REVIEW",
] as const satisfies readonly Exclude<AppVersionState, "REPLACED_WITH_NEW_VERSION">[];

export type ReadAppInfo = Doc<{ state?: string; appStoreState?: string }>;
export type ReadVersion = Doc<{ versionString?: string; platform?: string; appStoreState?: string; appVersionState?: string }>;

/**
 * Reads of an App Store Connect account that spend the fewest requests the API allows:
 * lists at 200 a page, sparse fields, and each parent fetched together with its children
 * through `include` (an app's infos with their localizations, its versions with theirs,
 * a page of reviews with their responses).
 */
export function accountReader(client: Client, priority: Priority = "background") {
  /** Every page of a list fetched with its included children. */
  async function all<D, I>(path: string, query: Record<string, string | number | string[]>) {
    const out = { data: [] as D[], included: [] as I[] };
    let next: string | undefined;
    do {
      const res: { body: { data: D[]; included?: I[]; links?: { next?: string } } } = await client.request({ path: next ?? path, query: next ? undefined : query, priority });
      out.data.push(...res.body.data);
      out.included.push(...(res.body.included ?? []));
      next = res.body.links?.next;
    } while (next);
    return out;
  }

  return {
    apps(): AsyncGenerator<AscApp[]> {
      return client.pages<AscApp>("/v1/apps", { "fields[apps]": "name,bundleId,sku,primaryLocale" }, priority);
    },

    /**
     * Two requests: app infos (live and being prepared, told apart by `state`) with their
     * localizations, versions in VERSION_STATES with theirs. A further page, should Apple
     * send one, is followed: a version missing from what was read would lose its rows.
     */
    async metadata(appId: string) {
      const [infos, versions] = await Promise.all([
        all<ReadAppInfo, AscAppInfoLocalization>(`/v1/apps/${appId}/appInfos`, {
          limit: 200,
          include: "appInfoLocalizations",
          "limit[appInfoLocalizations]": 50,
          "fields[appInfoLocalizations]": "locale,name,subtitle,privacyPolicyUrl",
        }),
        all<ReadVersion, AscAppStoreVersionLocalization>(`/v1/apps/${appId}/appStoreVersions`, {
          limit: 200,
          include: "appStoreVersionLocalizations",
          "limit[appStoreVersionLocalizations]": 50,
          "filter[appVersionState]": [...VERSION_STATES],
          "fields[appStoreVersionLocalizations]": "locale,description,keywords,marketingUrl,promotionalText,supportUrl,whatsNew",
        }),
      ]);
      return { appInfos: infos.data, appInfoLocalizations: infos.included, versions: versions.data, versionLocalizations: versions.included };
    },

    /**
     * Reviews newest first, each page with its responses and the link to the next page;
     * stop early by breaking out of the loop, resume later from a saved `next` link.
     */
    async *reviews(appId: string, from?: string): AsyncGenerator<{ reviews: AscCustomerReview[]; responses: AscCustomerReviewResponse[]; next?: string }> {
      let next: string | undefined = from;
      let first = !from;
      while (first || next) {
        const res: { body: { data: AscCustomerReview[]; included?: AscCustomerReviewResponse[]; links?: { next?: string } } } = await client.request({
          path: next ?? `/v1/apps/${appId}/customerReviews`,
          query: next ? undefined : { limit: 200, sort: "-createdDate", include: "response", "fields[customerReviewResponses]": "responseBody,lastModifiedDate,state" },
          priority,
        });
        first = false;
        next = res.body.links?.next;
        yield { reviews: res.body.data, responses: res.body.included ?? [], next };
      }
    },
  };
}
