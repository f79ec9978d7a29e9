import type { ascClient } from "./client";
import type { Priority } from "./budget";
import type { AscApp, AscAppInfoLocalization, AscAppStoreVersionLocalization, AscCustomerReview, AscCustomerReviewResponse } from "./types";

type Client = ReturnType<typeof ascClient>;
type Doc<A> = { id: string; type: string; attributes?: A; relationships?: Record<string, { data?: { id: string; type: string } | { id: string; type: string }[] }> };

/** Version states whose metadata the dashboard shows: what is live, and what is being prepared. */
export const VERSION_STATES = [
  "READY_FOR_SALE", "PREPARE_FOR_SUBMISSION", "DEVELOPER_REJECTED", "REJECTED", "METADATA_REJECTED", "INVALID_BINARY",
  "WAITING_FOR_REVIEW", "IN_REVIEW", "PENDING_DEVELOPER_RELEASE", "PENDING_APPLE_RELEASE",
];

/**
 * Reads of an App Store Connect account that spend the fewest requests the API allows:
 * lists at 200 a page, sparse fields, and each parent fetched together with its children
 * through `include` (an app's infos with their localizations, its versions with theirs,
 * a page of reviews with their responses).
 */
export function accountReader(client: Client, priority: Priority = "background") {
  return {
    apps(): AsyncGenerator<AscApp[]> {
      return client.pages<AscApp>("/v1/apps", { "fields[apps]": "name,bundleId,sku,primaryLocale" }, priority);
    },

    /** Two requests: app infos with their localizations, versions in VERSION_STATES with theirs. */
    async metadata(appId: string) {
      const [infos, versions] = await Promise.all([
        client.request<{ data: Doc<{ appStoreState?: string }>[]; included?: AscAppInfoLocalization[] }>({
          path: `/v1/apps/${appId}/appInfos`,
          query: { include: "appInfoLocalizations", "limit[appInfoLocalizations]": 50, "fields[appInfoLocalizations]": "locale,name,subtitle,privacyPolicyUrl" },
          priority,
        }),
        client.request<{ data: Doc<{ versionString?: string; appStoreState?: string }>[]; included?: AscAppStoreVersionLocalization[] }>({
          path: `/v1/apps/${appId}/appStoreVersions`,
          query: {
            include: "appStoreVersionLocalizations",
            "limit[appStoreVersionLocalizations]": 50,
            "filter[appStoreState]": VERSION_STATES,
            "fields[appStoreVersionLocalizations]": "locale,description,keywords,marketingUrl,promotionalText,supportUrl,whatsNew",
          },
          priority,
        }),
      ]);
      return { appInfos: infos.body.data, appInfoLocalizations: infos.body.included ?? [], versions: versions.body.data, versionLocalizations: versions.body.included ?? [] };
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
