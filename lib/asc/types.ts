import type { components } from "./generated/schema";

/** Apple's resource types, generated from its OpenAPI spec (lib/asc/generated/schema.ts). */
type S = components["schemas"];

export type AscApp = S["App"];
export type AscAppsResponse = S["AppsResponse"];
export type AscCustomerReview = S["CustomerReview"];
export type AscCustomerReviewsResponse = S["CustomerReviewsResponse"];
export type AscVersionReviewLinkages = S["AppStoreVersionCustomerReviewsLinkagesResponse"];
export type AscCustomerReviewResponse = S["CustomerReviewResponseV1"];
export type AscCustomerReviewResponseCreateRequest = S["CustomerReviewResponseV1CreateRequest"];
export type AscErrorResponse = S["ErrorResponse"];
export type AscAppStoreVersionLocalization = S["AppStoreVersionLocalization"];
export type AscAppInfoLocalization = S["AppInfoLocalization"];
