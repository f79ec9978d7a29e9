/**
 * The fidelity catalogue: every App Store Connect behaviour the simulator models, where it
 * comes from, and the test that shows it. The simulator follows Apple's documentation and
 * observed behaviour, never what our client happens to assume. Where sources are silent or
 * disagree, the simulator takes the stricter reading (said in `reading`) and the client
 * copes with every reading.
 *
 * FIDELITY.md beside this file is generated from this table (`npm run asc:fidelity`);
 * tests/integration/fidelity-catalogue.test.ts checks that both agree and that every test
 * named here exists.
 */
export type FidelityEntry = {
  area: "Tokens" | "Errors and limits" | "Reports" | "Roles" | "Reviews" | "Metadata" | "Screenshots and previews" | "Analytics";
  behaviour: string;
  /** Apple documentation pages, paths in Apple's OpenAPI spec (4.4.1), or public reports of real responses. */
  sources: string[];
  /** Where sources are silent or disagree: the reading the simulator takes. */
  reading?: string;
  tests: { file: string; name: string }[];
};

const TOKENS = "https://developer.apple.com/documentation/appstoreconnectapi/generating-tokens-for-api-requests";
const STATUS_CODES = "https://developer.apple.com/documentation/appstoreconnectapi/about-the-http-status-code";
const SALES_REPORTS = "https://developer.apple.com/documentation/appstoreconnectapi/get-v1-salesreports";
const PLATFORM_INFO = "https://developer.apple.com/help/app-store-connect/reference/platform-version-information";
const ROLES = "https://developer.apple.com/help/app-store-connect/reference/role-permissions";

const UPLOADING = "https://developer.apple.com/documentation/appstoreconnectapi/uploading-assets-to-app-store-connect";
const FL = "https://github.com/fastlane/fastlane/blob/d5347690d47de21d0e6fe78bd5ce77e35a714350/";

const t = (file: string, name: string) => ({ file, name });
const MEDIA = (name: string) => t("tests/integration/asc-sim-media.test.ts", name);
const SYNC = (name: string) => t("tests/integration/media-sync.test.ts", name);
const ANALYTICS = (name: string) => t("tests/integration/asc-sim-analytics.test.ts", name);
const AR_DOC = "https://developer.apple.com/documentation/appstoreconnectapi/";
const AR_HELP = "https://developer.apple.com/help/app-store-connect-analytics/overview/analytics-reports-api";
const AR_REPORTS = "https://developer.apple.com/documentation/analytics-reports/";
const CONFORMANCE = t("tests/integration/asc-conformance.test.ts", "holds for the client's requests and the simulator's responses");

export const FIDELITY: FidelityEntry[] = [
  // Tokens
  {
    area: "Tokens",
    behaviour: "A token is an ES256 JWT with kid (the Key ID) and typ JWT in its header, and aud appstoreconnect-v1; a bad signature, an unknown key or another audience is 401 NOT_AUTHORIZED.",
    sources: [TOKENS, "https://github.com/Ponytech/appstoreconnectapi/issues/41 (the 401 document)"],
    tests: [t("tests/integration/asc-client.test.ts", "accepts a well-formed token, and a scope that matches"), t("tests/integration/vault.test.ts", "signs tokens that an independent ES256 verifier accepts, with exactly Apple's claims")],
  },
  {
    area: "Tokens",
    behaviour: "A team key's token names its team in iss (the Issuer ID); a team key's token without iss is refused.",
    sources: [TOKENS + " (Create the JWT Payload for Team Keys)"],
    reading: "Apple does not say what happens to a team key's token without iss; the simulator refuses it.",
    tests: [t("tests/integration/connections.test.ts", "the simulator refuses the mixed forms: iss with sub, an individual key under an iss, a team key without iss, and iat ahead of Apple's clock")],
  },
  {
    area: "Tokens",
    behaviour: "An individual key's token carries sub \"user\" and no iss, and is checked against the key with that kid alone; iss with sub, or sub other than \"user\", is refused.",
    sources: [TOKENS + " (Create the JWT Payload for Individual Keys)"],
    reading: "A token with both iss and sub is not described; the simulator refuses it.",
    tests: [
      t("tests/integration/connections.test.ts", "the simulator refuses the mixed forms: iss with sub, an individual key under an iss, a team key without iss, and iat ahead of Apple's clock"),
      t("tests/integration/capabilities.test.ts", "an individual key syncs reviews and metadata, and says sales are not available for individual keys"),
    ],
  },
  {
    area: "Tokens",
    behaviour: "A token lives at most 20 minutes: exp minus iat over 1,200 s, or exp more than 20 minutes after Apple's clock, is 401.",
    sources: [TOKENS + " (Determine the Appropriate Token Lifetime)"],
    tests: [t("tests/integration/asc-client.test.ts", "accepts a well-formed token, and a scope that matches")],
  },
  {
    area: "Tokens",
    behaviour: "Times are judged by Apple's clock: a token issued later than Apple's now is 401, so a server clock ahead of Apple's is refused unless its tokens leave a margin.",
    sources: ["https://github.com/Ponytech/appstoreconnectapi/issues/41 (a drifting clock gets 401 until it is set right)", TOKENS],
    reading: "Apple documents no allowance for skew; the simulator allows none. The client back-dates iat and brings exp forward by 120 s.",
    tests: [
      t("tests/integration/capabilities.test.ts", "a server clock 90 s ahead of Apple's still syncs, and the check says the clock is off"),
      t("tests/integration/connections.test.ts", "the simulator refuses the mixed forms: iss with sub, an individual key under an iss, a team key without iss, and iat ahead of Apple's clock"),
    ],
  },
  {
    area: "Tokens",
    behaviour: "Every response carries Apple's clock in its Date header.",
    sources: ["RFC 9110 section 6.6.1 (origin servers send Date)", STATUS_CODES],
    tests: [t("tests/integration/capabilities.test.ts", "a server clock 90 s ahead of Apple's still syncs, and the check says the clock is off")],
  },
  {
    area: "Tokens",
    behaviour: "A scope claim limits the token to the requests it lists (method, path and the query values given).",
    sources: [TOKENS + " (Determine the Scope of the Token)"],
    tests: [t("tests/integration/asc-client.test.ts", "accepts a well-formed token, and a scope that matches")],
  },
  {
    area: "Tokens",
    behaviour: "A revoked key's tokens are refused from then on (401).",
    sources: ["https://developer.apple.com/documentation/appstoreconnectapi/revoking-api-keys"],
    reading: "Apple's status table says 403 for a revoked key, public captures show 401 NOT_AUTHORIZED for keys Apple does not accept; the simulator answers 401, and the client pauses the connection on 401 only.",
    tests: [t("tests/integration/sync-engine.test.ts", "a key revoked at Apple marks the connection failing, pauses its schedules, and leaves other connections syncing")],
  },
  // Errors and limits
  {
    area: "Errors and limits",
    behaviour: "Errors are JSON:API error documents: errors[] with id, status (a string), code, title, detail and source.pointer or source.parameter.",
    sources: ["spec: #/components/schemas/ErrorResponse", "https://developer.apple.com/documentation/appstoreconnectapi/pinpointing-the-location-of-errors"],
    tests: [CONFORMANCE, t("tests/integration/asc-conformance.test.ts", "catches a request or response that breaks the spec")],
  },
  {
    area: "Errors and limits",
    behaviour: "Lists take limit up to 200 and page through links.next; meta.paging has total and limit. A limit over 200 is 400 PARAMETER_ERROR.INVALID.",
    sources: ["spec: #/paths/~1v1~1apps/get/parameters (limit maximum 200)", "spec: #/components/schemas/PagingInformation"],
    reading: "The text of Apple's error for limit over 200 was never captured; the simulator uses PARAMETER_ERROR.INVALID naming the parameter.",
    tests: [t("tests/integration/asc-client.test.ts", "reads every page through links.next, 200 at a time"), t("tests/integration/asc-client.test.ts", "refuses limit over 200 like Apple, without retrying")],
  },
  {
    area: "Errors and limits",
    behaviour: "Every response has X-Rate-Limit: user-hour-lim:3500;user-hour-rem:N; over the budget (a rolling hour per key) Apple answers 429 RATE_LIMIT_EXCEEDED.",
    sources: ["https://developer.apple.com/documentation/appstoreconnectapi/identifying-rate-limits"],
    tests: [t("tests/integration/asc-budget.test.ts", "paces concurrent background work to zero 429s and serves an interactive request ahead of it")],
  },
  {
    area: "Errors and limits",
    behaviour: "The budget is per key, shared with every other tool that uses the key (CI, fastlane): requests made elsewhere lower user-hour-rem for everyone.",
    sources: ["https://developer.apple.com/documentation/appstoreconnectapi/identifying-rate-limits"],
    tests: [t("tests/integration/asc-budget.test.ts", "counts them from user-hour-rem, so a full read that needs more than is left waits instead of meeting 429s")],
  },
  {
    area: "Errors and limits",
    behaviour: "429 may come with Retry-After; 5xx, timeouts and bodies cut short are transient.",
    sources: [STATUS_CODES],
    reading: "Apple documents no Retry-After; the simulator sends it only when a test asks, and the client honours it when present.",
    tests: [t("tests/integration/asc-client.test.ts", "honours Retry-After through a burst of 429s"), t("tests/integration/asc-client.test.ts", "retries a timeout and a truncated body")],
  },
  {
    area: "Errors and limits",
    behaviour: "A 406 (an Accept header naming a type the endpoint does not serve) is plain text, not JSON.",
    sources: [STATUS_CODES + " (406: the response is in plain text, not JSON)"],
    reading: "No capture of the exact text for reports exists; the simulator's wording is its own.",
    tests: [t("tests/integration/asc-reports.test.ts", "sends Accept: application/a-gzip; Apple answers any other Accept with 406 in plain text")],
  },
  // Reports
  {
    area: "Reports",
    behaviour: "GET /v1/salesReports and /v1/financeReports answer 200 only as application/a-gzip (a gzip TSV); any other Accept, */* and none included, is 406.",
    sources: ["spec: #/paths/~1v1~1salesReports/get/responses/200 (application/a-gzip only)", SALES_REPORTS],
    reading: "Whether Apple takes */* is not documented; the simulator refuses everything that does not name application/a-gzip.",
    tests: [t("tests/integration/asc-reports.test.ts", "sends Accept: application/a-gzip; Apple answers any other Accept with 406 in plain text")],
  },
  {
    area: "Reports",
    behaviour: "A daily Sales Summary is SALES / SUMMARY / DAILY, version 1_0; another version is 400 PARAMETER_ERROR.INVALID on filter[version] (\"The version parameter you have specified is invalid. The latest version for this report is 1_0.\").",
    sources: [SALES_REPORTS + " (Allowed values based on sales report type)", "https://developer.apple.com/forums/thread/128961", "https://github.com/Ponytech/appstoreconnectapi/issues/62 (the 400 text)"],
    tests: [t("tests/integration/asc-reports.test.ts", "asks for the report version Apple documents for a daily Sales Summary, and the simulator refuses others")],
  },
  {
    area: "Reports",
    behaviour: "Reports are read by column name: Apple's Sales Summary columns, in Apple's order, tab-separated, with older versions' names (Royalty Price, Royalty Currency).",
    sources: ["https://developer.apple.com/help/app-store-connect/reference/summary-sales-report"],
    tests: [t("tests/integration/asc-reports.test.ts", "streams a published day's gzip TSV as rows keyed by Apple's column names"), t("tests/integration/sales-ingest.test.ts", "stores reports with reordered columns, an older version, refunds, free units and four currencies, and totals match hand sums")],
  },
  {
    area: "Reports",
    behaviour: "A report not out yet is 404 NOT_FOUND \"Report is not available yet. Daily reports for the Americas are available by 5 am Pacific Time; Japan, Australia, and New Zealand by 5 am Japan Standard Time; and 5 am Central European Time for all other territories.\"",
    sources: ["Apple's 404 detail, quoted word for word by public App Store Connect clients", "https://developer.apple.com/help/app-store-connect/reference/sales-and-trends-reports-availability"],
    tests: [t("tests/integration/asc-reports.test.ts", "answers a day not yet published, and a day without sales, with Apple's 404 and no retry")],
  },
  {
    area: "Reports",
    behaviour: "A day's report is published the next morning in Los Angeles: 5 am Pacific by Apple's 404 text, 8 am Pacific by its Help page.",
    sources: ["Apple's 404 detail (above)", "https://developer.apple.com/help/app-store-connect/reference/sales-and-trends-reports-availability (generally available by 8 a.m. Pacific Time)"],
    reading: "The sources disagree; the simulator publishes at the later, 08:00 America/Los_Angeles (DST included). The client asks after 05:10 Pacific and waits hourly while Apple says not yet.",
    tests: [
      t("tests/integration/asc-reports.test.ts", "answers a day not yet published, and a day without sales, with Apple's 404 and no retry"),
      t("tests/integration/sync-engine.test.ts", "stores a range of sales days, empty days as no sales, and days not published yet are awaited, not failed"),
      t("lib/sales/publication.test.ts", "follows daylight saving time changes in Los Angeles, not in UTC"),
    ],
  },
  {
    area: "Reports",
    behaviour: "A day without sales is 404 NOT_FOUND \"There were no sales for the date specified.\"; only the detail tells it from a report not out yet.",
    sources: ["https://developer.apple.com/forums/thread/702418", "public captures quoting the detail"],
    reading: "Apple may answer so for a day whose report is still incomplete; the client asks again for such days within the last three days.",
    tests: [t("tests/integration/asc-reports.test.ts", "answers a day not yet published, and a day without sales, with Apple's 404 and no retry"), t("tests/integration/sync-engine.test.ts", "asks again for a recent day Apple answered with no sales, and not for an older one")],
  },
  {
    area: "Reports",
    behaviour: "Daily reports are kept a year after they become available; later Apple answers 410.",
    sources: ["https://developer.apple.com/help/app-store-connect/reference/sales-and-trends-reports-availability"],
    reading: "The 410's text was not captured beyond \"Report is no longer available.\"",
    tests: [t("tests/integration/asc-reports.test.ts", "answers a day not yet published, and a day without sales, with Apple's 404 and no retry")],
  },
  {
    area: "Reports",
    behaviour: "Financial reports: FINANCIAL, a region code and a fiscal month (YYYY-MM), a gzip TSV published after the month closes.",
    sources: ["spec: #/paths/~1v1~1financeReports/get/parameters", "https://developer.apple.com/documentation/appstoreconnectapi/get-v1-financereports"],
    tests: [t("tests/integration/asc-reports.test.ts", "streams a monthly financial report once it is published")],
  },
  {
    area: "Reports",
    behaviour: "A body cut short, or bytes that are not gzip, reach the client as a broken report, and it downloads the day again.",
    sources: [STATUS_CODES + " (500: a temporary outage)"],
    tests: [t("tests/integration/asc-reports.test.ts", "reports a body cut short as TRUNCATED_REPORT"), t("tests/integration/sync-engine.test.ts", "a corrupt report fails visibly after its retries and leaves no rows for that day")],
  },
  // Roles
  {
    area: "Roles",
    behaviour: "Sales reports are for Admin, Finance and Sales keys; any other role (App Manager among them) gets 403 FORBIDDEN_ERROR \"The API key in use does not allow this request\" on them alone.",
    sources: [ROLES, "https://github.com/fastlane/fastlane/issues/16688 (the 403 document)"],
    tests: [
      t("tests/integration/asc-reports.test.ts", "refuses keys without a sales role, and every request and answer matches Apple's spec"),
      t("tests/integration/capabilities.test.ts", "an App Manager team key syncs reviews and metadata; only sales stop, with the role they need"),
    ],
  },
  {
    area: "Roles",
    behaviour: "Individual keys cannot use Sales and Finance reports (403).",
    sources: ["https://developer.apple.com/documentation/appstoreconnectapi/creating-api-keys-for-app-store-connect-api", "https://developer.apple.com/documentation/appstoreconnectapi/sales-and-finance"],
    reading: "The status for an individual key is not documented; the simulator answers 403 FORBIDDEN_ERROR. The client does not ask.",
    tests: [t("tests/integration/capabilities.test.ts", "an individual key syncs reviews and metadata, and says sales are not available for individual keys")],
  },
  {
    area: "Roles",
    behaviour: "Until the Account Holder accepts the latest agreements, every request of the team is 403 FORBIDDEN.REQUIRED_AGREEMENTS_MISSING_OR_EXPIRED (\"A required agreement is missing or has expired.\").",
    sources: ["https://github.com/SharezoneApp/sharezone-app/issues/1981", "https://github.com/rorkai/App-Store-Connect-CLI/pull/2124"],
    tests: [t("tests/integration/capabilities.test.ts", "names the agreements to accept when Apple answers REQUIRED_AGREEMENTS_MISSING_OR_EXPIRED, without pausing the key")],
  },
  {
    area: "Roles",
    behaviour: "Metadata is edited by Admin, App Manager and Marketing keys; review replies by Admin, App Manager and Customer Support keys; other roles get 403.",
    sources: [ROLES],
    tests: [t("tests/integration/metadata-push-errors.test.ts", "answers a refused key with a conflict that says nothing was pushed, and keeps the drafts"), t("tests/integration/asc-client.test.ts", "does not retry 403, 404 or 409, and surfaces Apple's code and field")],
  },
  // Reviews
  {
    area: "Reviews",
    behaviour: "POST /v1/customerReviewResponses creates a response or replaces the existing one (\"If a response already exists, this endpoint updates the response by overwriting it\"); a review has at most one.",
    sources: ["https://developer.apple.com/documentation/appstoreconnectapi/post-v1-customerreviewresponses", "https://developer.apple.com/documentation/appstoreconnectapi/customer-review-responses"],
    reading: "Whether the id survives is not documented; the simulator gives the replacement a new id, pending publish again, and the old id answers 404.",
    tests: [t("tests/integration/review-replies.test.ts", "App Store Connect's create overwrites an existing response: a second POST replaces the first with a new pending one"), t("tests/integration/review-replies.test.ts", "never overwrites a reply written in App Store Connect after our sync: it is shown, then kept or replaced on confirmation")],
  },
  {
    area: "Reviews",
    behaviour: "A response is PENDING_PUBLISH at first and PUBLISHED later; deletions are not instant either.",
    sources: ["spec: #/components/schemas/CustomerReviewResponseV1 (state)", "https://developer.apple.com/documentation/appstoreconnectapi/post-v1-customerreviewresponses"],
    tests: [t("tests/integration/reviews-inbox.test.ts", "turns a pending reply into a published one on the next incremental sync, and an edit into a new pending reply")],
  },
  {
    area: "Reviews",
    behaviour: "GET /v1/customerReviews/{id}/response is 404 NOT_FOUND when the review has no response; DELETE of a response that is gone is 404.",
    sources: ["spec: #/paths/~1v1~1customerReviews~1{id}~1response/get/responses", "spec: #/paths/~1v1~1customerReviewResponses~1{id}/delete/responses"],
    tests: [t("tests/integration/review-replies.test.ts", "App Store Connect's create overwrites an existing response: a second POST replaces the first with a new pending one")],
  },
  {
    area: "Reviews",
    behaviour: "A response is at most 5,970 characters; a longer one is 409 ENTITY_ERROR.ATTRIBUTE.INVALID.TOO_LONG on /data/attributes/responseBody.",
    sources: ["spec: #/components/schemas/CustomerReviewResponseV1CreateRequest (no maxLength)", "App Store Connect's reply form and public clients (5,970 characters)"],
    reading: "Apple names neither the limit nor the unit; the simulator counts UTF-16 code units (an emoji outside the BMP counts 2), the stricter count, and the client counts the same.",
    tests: [t("tests/integration/reviews-inbox.test.ts", "counts a reply's length as App Store Connect does (UTF-16 units, an emoji counts 2) on both sides of the boundary")],
  },
  {
    area: "Reviews",
    behaviour: "A reply to a review that is gone is 404 NOT_FOUND on /data/relationships/review.",
    sources: ["spec: #/components/schemas/CustomerReviewResponseV1CreateRequest (relationships.review)", STATUS_CODES],
    tests: [t("tests/integration/review-replies.test.ts", "shows Apple's reason when it refuses a reply to a review that is gone, and stores nothing new")],
  },
  {
    area: "Reviews",
    behaviour: "Reviews list newest first with sort=-createdDate, filter[rating], exists[publishedResponse] and include=response, 200 a page.",
    sources: ["spec: #/paths/~1v1~1apps~1{id}~1customerReviews/get/parameters"],
    tests: [t("tests/integration/asc-read.test.ts", "reads every app, localization, review and response in the theoretical minimum of requests")],
  },
  {
    area: "Reviews",
    behaviour: "GET /v1/appStoreVersions/{id}/relationships/customerReviews lists the version's reviews as linkages (type customerReviews and id), up to 200 a page with links.next; an unknown version is 404 NOT_FOUND.",
    sources: ["https://developer.apple.com/documentation/appstoreconnectapi/get-v1-appstoreversions-_id_-relationships-customerreviews", "spec: #/paths/~1v1~1appStoreVersions~1{id}~1relationships~1customerReviews/get"],
    reading: "Apple does not document the order of the linkages; the simulator lists newest first, and the client reads every page.",
    tests: [CONFORMANCE, t("tests/integration/analytics-effect.test.ts", "fills each review's version from Apple's list of the version's reviews")],
  },
  // Metadata
  {
    area: "Metadata",
    behaviour: "An app on sale with a version in preparation has two app infos: the live one (state READY_FOR_DISTRIBUTION) and the editable one, listed live first.",
    sources: ["spec: #/components/schemas/AppInfo (state; appStoreState deprecated)", "public reports of two appInfos per released app"],
    tests: [CONFORMANCE, t("tests/integration/metadata.test.ts", "edits the app info being prepared, not the live one, and says so")],
  },
  {
    area: "Metadata",
    behaviour: "Name, subtitle and privacy policy URL change only on an app info being prepared; otherwise 409 with one ENTITY_ERROR.ATTRIBUTE.INVALID.INVALID_STATE error per field (\"The field 'name' can not be modified in the current state.\").",
    sources: ["https://github.com/nickustinov/itsyconnect-macos/issues/64"],
    reading: "Apple publishes no list of editable app info states; the simulator allows PREPARE_FOR_SUBMISSION, DEVELOPER_REJECTED and REJECTED only.",
    tests: [t("tests/integration/metadata-push-errors.test.ts", "names each refused field when Apple refuses name and subtitle because the app information went to review, then shows them read-only")],
  },
  {
    area: "Metadata",
    behaviour: "A new localization on an app info or version that cannot change is refused.",
    sources: [PLATFORM_INFO],
    reading: "The body of Apple's refusal was never captured; the simulator answers 409 ENTITY_ERROR.RELATIONSHIP.INVALID on the parent relationship.",
    tests: [t("tests/integration/metadata-push-errors.test.ts", "refuses a new locale on an app whose next version and app information are in review, before sending anything")],
  },
  {
    area: "Metadata",
    behaviour: "Versions have appVersionState; appStoreState is deprecated but still sent (READY_FOR_DISTRIBUTION is READY_FOR_SALE, PROCESSING_FOR_DISTRIBUTION is PROCESSING_FOR_APP_STORE).",
    sources: ["spec: #/components/schemas/AppStoreVersion", "https://developer.apple.com/documentation/appstoreconnectapi/appversionstate"],
    tests: [t("tests/integration/asc-read.test.ts", "reads versions by appVersionState in every state but replaced, and app infos with their state")],
  },
  {
    area: "Metadata",
    behaviour: "A version passes through READY_FOR_REVIEW, WAITING_FOR_REVIEW, IN_REVIEW, ACCEPTED, PENDING_DEVELOPER_RELEASE and READY_FOR_DISTRIBUTION, and is REPLACED_WITH_NEW_VERSION once the next is out; the list filters by filter[appVersionState] (an unknown value is 400).",
    sources: ["spec: #/paths/~1v1~1apps~1{id}~1appStoreVersions/get/parameters", "spec: #/components/schemas/AppVersionState"],
    tests: [t("tests/integration/sync.test.ts", "keeps the version and its localizations through READY_FOR_REVIEW, ACCEPTED and PENDING_DEVELOPER_RELEASE, and drops the old one only once it is replaced")],
  },
  {
    area: "Metadata",
    behaviour: "Version fields other than promotional text change only in PREPARE_FOR_SUBMISSION, DEVELOPER_REJECTED, REJECTED, METADATA_REJECTED and INVALID_BINARY; otherwise 409 STATE_ERROR per field (\"Attribute 'description' cannot be edited at this time\"). Promotional text changes in any state.",
    sources: [PLATFORM_INFO + " (promotional text needs no new submission)", "public captures of STATE_ERROR"],
    reading: "Whether What's New can change while waiting for review is reported both ways; the simulator refuses it.",
    tests: [t("tests/integration/metadata.test.ts", "refuses read-only fields in the server, and keeps a draft with Apple's reason when Apple refuses it")],
  },
  {
    area: "Metadata",
    behaviour: "Keywords are at most 100 bytes (UTF-8), so 40 Japanese characters (120 bytes) are too long: 409 ENTITY_ERROR.ATTRIBUTE.INVALID.TOO_LONG.",
    sources: [PLATFORM_INFO + " (keywords: up to 100 bytes)", "https://developer.apple.com/forums/thread/705360"],
    reading: "One report has Apple's server taking more than 100 bytes of Arabic; the simulator enforces the documented bytes.",
    tests: [t("tests/integration/metadata.test.ts", "refuses 40 Japanese characters of keywords (120 bytes) before Apple does, and Apple refuses them too")],
  },
  {
    area: "Metadata",
    behaviour: "Name and subtitle at most 30 characters, promotional text 170, description and What's New 4,000; a longer value is 409 ENTITY_ERROR.ATTRIBUTE.INVALID.TOO_LONG, one error per field, pointer /data/attributes/<field>.",
    sources: [PLATFORM_INFO, "https://developer.apple.com/help/app-store-connect/reference/app-information", "https://github.com/fastlane/fastlane/pull/20581 (the 409 document)"],
    reading: "Apple does not say how it counts characters; the simulator counts UTF-16 code units (an emoji counts 2).",
    tests: [CONFORMANCE, t("lib/metadata/fields.test.ts", "limits keywords in UTF-8 bytes and the other fields in characters, counting an emoji as two (the stricter reading)")],
  },
  {
    area: "Metadata",
    behaviour: "Adding a locale that exists is 409 ENTITY_ERROR.ATTRIBUTE.INVALID.DUPLICATE (\"Entity with locale: en-US already exists. Try updating.\").",
    sources: ["https://github.com/rorkai/App-Store-Connect-CLI/pull/2583"],
    tests: [t("tests/integration/metadata.test.ts", "adds a locale at Apple with the required fields, and copies a field to many locales as drafts")],
  },
  {
    area: "Metadata",
    behaviour: "App infos and versions come with their localizations through include, limit[...] and sparse fields[...], in one request each.",
    sources: ["spec: #/paths/~1v1~1apps~1{id}~1appInfos/get/parameters", "spec: #/paths/~1v1~1apps~1{id}~1appStoreVersions/get/parameters"],
    tests: [t("tests/integration/asc-read.test.ts", "reads every app, localization, review and response in the theoretical minimum of requests")],
  },
  // Screenshots and previews
  {
    area: "Screenshots and previews",
    behaviour: "A version localization's screenshot (preview) sets list, in the order they were made, with include=appScreenshots (appPreviews), limit[appScreenshots] up to 50 per set, sparse fields[...], limit up to 200 and paging; GET /v1/appScreenshotSets/{id} and …/appScreenshots read one set. A parameter the operation does not take is 400 PARAMETER_ERROR.ILLEGAL, a value out of range or enum 400 PARAMETER_ERROR.INVALID.",
    sources: [
      "spec: #/paths/~1v1~1appStoreVersionLocalizations~1{id}~1appScreenshotSets/get/parameters",
      "spec: #/paths/~1v1~1appScreenshotSets~1{id}/get/parameters (no plain limit)",
      "spec: #/paths/~1v1~1appScreenshotSets~1{id}~1appScreenshots/get/parameters",
      FL + "spaceship/lib/spaceship/connect_api/models/app_store_version_localization.rb (lists sets with include=appScreenshots)",
    ],
    reading: "filter[screenshotDisplayType] and filter[previewType] are checked against Apple's enums but not applied: a public report has Apple ignoring them, so a client must match sets on attributes.screenshotDisplayType itself (fastlane does). Whether Apple refuses unknown parameters was not captured for these paths; the simulator refuses them.",
    tests: [
      MEDIA("lists a localization's sets with their screenshots in one request, with sparse fields and paging"),
      SYNC("a metadata sync stores every seeded set with its screenshots and previews in Apple's order, in 2 + 2 × L requests per app"),
    ],
  },
  {
    area: "Screenshots and previews",
    behaviour: "GET /v1/appStoreVersionLocalizations/{id} takes include=appScreenshotSets,appPreviewSets (limit[...] up to 50) and returns the sets' linkages and the sets; included sets carry no screenshots (no two-level include).",
    sources: ["spec: #/paths/~1v1~1appStoreVersionLocalizations~1{id}/get/parameters"],
    tests: [MEDIA("lists a localization's sets with their screenshots in one request, with sparse fields and paging")],
  },
  {
    area: "Screenshots and previews",
    behaviour: "POST /v1/appScreenshotSets (appPreviewSets) creates a set of a display type (preview type) from Apple's enum for a version localization; a second set of that type in the localization is 409 ENTITY_ERROR.ATTRIBUTE.INVALID.DUPLICATE, a type outside the enum 422. DELETE of a set deletes its screenshots. Sets, screenshots and their order change only while the version's fields do; otherwise 409 STATE_ERROR.",
    sources: [
      "spec: #/components/schemas/ScreenshotDisplayType",
      "spec: #/components/schemas/PreviewType",
      "spec: #/paths/~1v1~1appScreenshotSets/post/responses (409)",
      "https://developer.apple.com/documentation/appstoreconnectapi/app-screenshot-sets (Delete an app screenshot set and all of its screenshots)",
      FL + "deliver/lib/deliver/runner.rb (screenshots cannot change while waiting for review)",
      FL + "deliver/lib/deliver/app_screenshot_iterator.rb (one set per display type)",
    ],
    reading: "What Apple answers for a duplicate type is not documented; the simulator answers 409 DUPLICATE. The create schema requires no parent relationship; the simulator requires exactly one. Which version states allow changes follows the metadata rule above.",
    tests: [MEDIA("keeps one set per display type in a localization: a second is 409, and a version waiting for review takes none")],
  },
  {
    area: "Screenshots and previews",
    behaviour: "POST /v1/appScreenshots (appPreviews) with fileName, fileSize and the set is a reservation: 201 with assetDeliveryState AWAITING_UPLOAD and uploadOperations, the file's parts in order (method PUT, a url on the upload host, offset, length, requestHeaders), lengths summing to fileSize.",
    sources: [UPLOADING, "spec: #/components/schemas/AppScreenshotCreateRequest", "spec: #/components/schemas/UploadOperation", FL + "spaceship/lib/spaceship/connect_api/file_uploader.rb"],
    reading: "Apple chooses the part size and no source gives it; the simulator splits files into small parts (8 KiB unless configured) so that no client assumes one part.",
    tests: [MEDIA("reserves a screenshot in parts, takes each part on a separate upload origin, and completes after processing")],
  },
  {
    area: "Screenshots and previews",
    behaviour: "Parts go to an upload host apart from the API (another origin). It takes each part only with the headers its operation lists, with those values, and exactly its length; it takes no Authorization header (the API token never goes there); a committed or deleted upload takes no more parts.",
    sources: [
      FL + "spaceship/lib/spaceship/connect_api/file_uploader.rb (its own HTTP client, without the API token)",
      "https://github.com/rorkai/App-Store-Connect-CLI internal/asc/assets_upload.go (Content-Length = length, only the operation's headers)",
      "https://docs.rs/smbcloud-ascapi-aso (upload URLs are not API endpoints, no bearer token is sent)",
    ],
    reading: "Apple's own text on the upload step was not retrieved. The simulator refuses an Authorization header (403), a missing or different listed header or a wrong length (400), and a part after the commit (409); headers the HTTP client adds itself (Host, User-Agent, Accept…) are let through.",
    tests: [MEDIA("refuses an Authorization header, other headers and a wrong length on the upload origin, and stores nothing then"), MEDIA("fails a commit made before every part arrived, and takes no part after the commit")],
  },
  {
    area: "Screenshots and previews",
    behaviour: "PATCH /v1/appScreenshots/{id} with uploaded: true and sourceFileChecksum (MD5, hex) commits: 200 with UPLOAD_COMPLETE and uploadOperations null; after processing COMPLETE with imageAsset (templateUrl, width, height) or FAILED with errors [{code, description}]. A second commit is 409 STATE_ERROR.",
    sources: [
      UPLOADING,
      "spec: #/components/schemas/AppScreenshotUpdateRequest",
      "spec: #/components/schemas/AppMediaAssetState",
      FL + "spaceship/lib/spaceship/connect_api/models/app_screenshot.rb (MD5 hex checksum; polls until COMPLETE or FAILED)",
      "https://github.com/fastlane/fastlane/issues/16643 (a COMPLETE screenshot: uploadOperations null, warnings null)",
    ],
    reading: "The state the commit answers with and the processing time are not documented; the simulator answers UPLOAD_COMPLETE and completes 5 s later on Apple's clock (configurable; tests move the clock). Attributes without a value yet (uploadOperations after the commit, warnings, sourceFileChecksum before it, imageAsset, videoUrl) are null, as captured for uploadOperations and warnings, although the spec does not mark them nullable: a client must take null.",
    tests: [MEDIA("reserves a screenshot in parts, takes each part on a separate upload origin, and completes after processing"), MEDIA("fails a commit made before every part arrived, and takes no part after the commit")],
  },
  {
    area: "Screenshots and previews",
    behaviour: "A commit whose sourceFileChecksum is not the MD5 of the bytes received ends FAILED with ASSET_CHECKSUM_MISMATCH.",
    sources: ["https://github.com/aaronsky/asc-swift Sources/AppStoreConnect/AppStoreConnect.docc/Articles/UploadingFiles.md (a checksum helps ensure file integrity)", FL + "deliver/lib/deliver/upload_screenshots.rb (checksums compared after upload)"],
    reading: "No source says what Apple does with a wrong checksum (a 4xx, FAILED, or nothing). The simulator takes the stricter reading, FAILED; the code name is the simulator's own.",
    tests: [MEDIA("fails a commit whose checksum is not the MD5 of the bytes received")],
  },
  {
    area: "Screenshots and previews",
    behaviour: "A commit before every part arrived ends FAILED with ASSET_UPLOAD_INCOMPLETE.",
    sources: [UPLOADING + " (upload every part, then commit)"],
    reading: "Undocumented; the simulator fails the asset rather than waiting, and the code name is its own.",
    tests: [MEDIA("fails a commit made before every part arrived, and takes no part after the commit"), MEDIA("refuses an Authorization header, other headers and a wrong length on the upload origin, and stores nothing then")],
  },
  {
    area: "Screenshots and previews",
    behaviour: "Processing reads the file: PNG or JPEG (else IMG_BAD_FORMAT), and a width and height from its header that the set's display type takes (else FAILED with IMAGE_INCORRECT_DIMENSIONS, code and description alike); the check happens after the commit, never as an HTTP error.",
    sources: [
      FL + "deliver/lib/deliver/app_screenshot.rb (DEVICE_RESOLUTIONS, citing Apple's Screenshot specifications)",
      "https://github.com/MortenGregersen/Bagbutik Sources/Bagbutik-Models/Extensions/AppMediaStateError+MoreInfo.swift (IMAGE_INCORRECT_DIMENSIONS)",
      "https://github.com/fastlane/fastlane/pull/17060 (code and description both IMAGE_INCORRECT_DIMENSIONS)",
      "https://developer.apple.com/help/app-store-connect/reference/screenshot-specifications (not read)",
    ],
    reading: "fastlane's table and the asc CLI's disagree (e.g. 1284×2778 in APP_IPHONE_67); the simulator keeps fastlane's, which public reports of Apple refusing 1284×2778 for 6.9\" agree with. IMG_BAD_FORMAT comes from one third-party error map only.",
    tests: [MEDIA("fails a screenshot whose size its display type does not take with IMAGE_INCORRECT_DIMENSIONS, and takes a JPEG of the right size")],
  },
  {
    area: "Screenshots and previews",
    behaviour: "A PNG screenshot with an alpha channel ends FAILED with IMAGE_ALPHA_NOT_ALLOWED.",
    sources: ["public pipelines and test stubs naming IMAGE_ALPHA_NOT_ALLOWED (third-party only)", "https://github.com/fastlane/fastlane/issues/17047 (re-exporting without alpha fixed the upload)"],
    reading: "Weak evidence: no Apple page or captured response was read, only third-party code and reports; one note says iPhone sets take alpha. The simulator refuses any alpha (colour types 4 and 6, or a tRNS chunk), even if every pixel is opaque.",
    tests: [MEDIA("fails a PNG screenshot with an alpha channel with IMAGE_ALPHA_NOT_ALLOWED")],
  },
  {
    area: "Screenshots and previews",
    behaviour: "A set holds at most 10 screenshots (3 previews); reserving one more is 409 ENTITY_ERROR.RELATIONSHIP.INVALID on the set relationship. Pending reservations and FAILED screenshots count until deleted; DELETE /v1/appScreenshots/{id} is 204.",
    sources: [
      "spec: #/paths/~1v1~1appScreenshots/post/responses (409)",
      FL + "deliver/lib/deliver/upload_screenshots.rb (Each app_screenshot_set can have only 10 images; FAILED ones deleted before retrying)",
      FL + "deliver/lib/deliver/sync_app_previews.rb (3 previews per locale and type)",
    ],
    reading: "The status and code for an 11th screenshot are not documented; the simulator refuses it at reservation with 409.",
    tests: [MEDIA("refuses an 11th screenshot in a set at reservation with 409, counting reservations and failed ones"), MEDIA("uploads an app preview that passes through PROCESSING to COMPLETE, three at most in a set")],
  },
  {
    area: "Screenshots and previews",
    behaviour: "PATCH /v1/appScreenshotSets/{id}/relationships/appScreenshots with the full list changes the order (204), and GET of the relationship and of the set's screenshots follow it; a list that leaves one out, repeats one or names another is 409 ENTITY_ERROR.RELATIONSHIP.INVALID.",
    sources: [
      "spec: #/paths/~1v1~1appScreenshotSets~1{id}~1relationships~1appScreenshots/patch",
      "https://developer.apple.com/documentation/appstoreconnectapi/patch-v1-appscreenshotsets-_id_-relationships-appscreenshots (change the order of the screenshots)",
      FL + "spaceship/lib/spaceship/connect_api/tunes/tunes.rb (patch_app_screenshot_set_screenshots sends the full list)",
    ],
    reading: "Whether Apple deletes, moves or refuses on an incomplete list is not documented; the simulator refuses anything but the set's members, each once.",
    tests: [MEDIA("reorders a set with the full list of its screenshots, and refuses a list that leaves one out, repeats one or adds another")],
  },
  {
    area: "Screenshots and previews",
    behaviour: "An app preview follows the same protocol (mimeType, previewFrameTimeCode hh:mm:ss:cc); videoDeliveryState goes AWAITING_UPLOAD, UPLOAD_COMPLETE, PROCESSING, then COMPLETE with videoUrl, and previewFrameImage from PROCESSING to COMPLETE; the deprecated assetDeliveryState is still sent.",
    sources: [
      "spec: #/components/schemas/AppMediaVideoState",
      "spec: #/components/schemas/AppPreview (assetDeliveryState and previewImage deprecated)",
      FL + "spaceship/lib/spaceship/connect_api/models/app_preview.rb (completion judged by videoUrl)",
      FL + "deliver/lib/deliver/options.rb (preview_frame_time_code 00:00:05:00)",
    ],
    reading: "Processing times are the simulator's (5 s received, complete 60 s after the commit, configurable). The file is checked only for a movie's first box (ftyp); VIDEO_BAD_FORMAT is the simulator's name. Duration and resolution are not checked.",
    tests: [MEDIA("uploads an app preview that passes through PROCESSING to COMPLETE, three at most in a set")],
  },
  {
    area: "Screenshots and previews",
    behaviour: "Faults on request: a part PUT answers 500 once and stores nothing (the part can be sent again); processing fails (IMAGE_TOOL_FAILURE, VIDEO_TOOL_FAILURE).",
    sources: [FL + "spaceship/lib/spaceship/connect_api/file_uploader.rb (retries a part up to 5 times)", "a third-party error map naming IMAGE_TOOL_FAILURE"],
    reading: "Only when a test turns them on (uploadPartFailNext, mediaProcessingFailNext); VIDEO_TOOL_FAILURE is the simulator's name.",
    tests: [MEDIA("retries a part that failed with 500, and shows a processing failure as FAILED")],
  },
  {
    area: "Screenshots and previews",
    behaviour: "Requests to the upload host carry no API token and are counted apart from API requests; they do not spend the key's hourly budget.",
    sources: ["https://developer.apple.com/documentation/appstoreconnectapi/identifying-rate-limits"],
    reading: "Whether upload PUTs count toward user-hour-lim is undocumented; without a token Apple cannot charge them to a key, so the simulator does not.",
    tests: [MEDIA("reserves a screenshot in parts, takes each part on a separate upload origin, and completes after processing")],
  },
  {
    area: "Screenshots and previews",
    behaviour: "A finished screenshot's imageAsset.templateUrl (a preview's previewImage) is an image on Apple's image host once {w}, {h} and {f} are filled in: it answers anyone, without a token, and is no API request (no rate limit). The template unfilled, another file name, an asset not finished (it has no image yet) or deleted answers 404.",
    sources: [
      "spec: #/components/schemas/ImageAsset (templateUrl, width, height)",
      "https://github.com/MortenGregersen/Bagbutik Sources/Bagbutik-Core/Extensions/ImageAsset+URL.swift (fills {w}, {h}, and {f} with png)",
      "public pages and code loading https://is1-ssl.mzstatic.com/image/thumb/Purple…/<file>/<w>x<h>bb.<f> without credentials",
    ],
    reading: "Apple re-renders the file at the size and format asked for; the simulator has no renderer and serves the file itself as its rendition whatever the URL asks: the bytes committed for an uploaded screenshot (a JPEG stays a JPEG), and for seeded screenshots and for previews an opaque PNG of the asset's size. Apple's host is another origin (pages allow it with ASC_IMAGE_ORIGINS); the simulator serves images on its own origin under /image/thumb/. What Apple's host answers once an asset is deleted was not captured; the simulator answers 404.",
    tests: [
      MEDIA("serves a finished screenshot's file at its image URL to anyone, without a token, and no image before processing ends or after deletion"),
      SYNC("the image template URL answers, without a token, an opaque PNG of the screenshot's size"),
    ],
  },
  // Analytics
  {
    area: "Analytics",
    behaviour: "Only an Admin key creates (and deletes) an analytics report request; Admin, Sales and Reports, and Finance keys list requests, reports, instances and segments; any other role gets 403 FORBIDDEN_ERROR.",
    sources: [AR_DOC + "downloading-analytics-reports (Understand roles and reports)", AR_HELP + " (An Admin role is required to request a new Analytics Report type for the first time)"],
    reading: "Apple does not show the error a role without access gets; the simulator answers the FORBIDDEN_ERROR document it uses for every refused role.",
    tests: [ANALYTICS("lets only an Admin key create a report request; Sales and Finance keys read reports, other roles get 403")],
  },
  {
    area: "Analytics",
    behaviour: "POST /v1/analyticsReportRequests takes accessType ONGOING or ONE_TIME_SNAPSHOT and the app; a second running ONGOING request for the app is 409 STATE_ERROR \"You already have such an entity\"; a ONE_TIME_SNAPSHOT is taken about once every 31 days per app, deleted requests included. GET /v1/apps/{id}/analyticsReportRequests filters by accessType; a deleted request is 404.",
    sources: ["spec: #/paths/~1v1~1analyticsReportRequests/post", "spec: #/paths/~1v1~1apps~1{id}~1analyticsReportRequests/get/parameters", "https://developer.apple.com/forums/thread/759773 (the 409 document; an App Store Connect engineer on the 31-day snapshot limit)"],
    reading: "The 409 was captured for a snapshot; the simulator sends the same document for a second ONGOING request. A request stopped for inactivity does not block a new ONGOING one (Apple: make a new request to resume).",
    tests: [ANALYTICS("keeps one ONGOING request per app (a second is 409), a snapshot about once every 31 days, and forgets a deleted request")],
  },
  {
    area: "Analytics",
    behaviour: "A request's reports carry a name (\"App Store Discovery and Engagement Standard\", \"App Downloads Standard\", ...) and a category, filtered by filter[category] (APP_USAGE, APP_STORE_ENGAGEMENT, COMMERCE, FRAMEWORK_USAGE, PERFORMANCE) and filter[name]; another category is 400 PARAMETER_ERROR.INVALID.",
    sources: ["spec: #/paths/~1v1~1analyticsReportRequests~1{id}~1reports/get/parameters", "spec: #/components/schemas/AnalyticsReport", AR_DOC + "get-v1-analyticsreportrequests-_id_-reports"],
    reading: "The documentation article calls the commerce category \"App Store Commerce\"; the spec's value is COMMERCE and the simulator follows the spec. Only the Discovery and Engagement Standard, App Downloads Standard and Installation and Deletion Standard reports have instances in the simulator; the others are listed without instances.",
    tests: [ANALYTICS("lists a request's reports by category and name; a category outside Apple's enum is 400")],
  },
  {
    area: "Analytics",
    behaviour: "The first instances of an ONGOING request appear 24 to 48 hours after it was made; then a DAILY instance per processing date, a WEEKLY one every Friday (the previous Monday to Sunday, Date the Monday) and a MONTHLY one on the fifth (the previous month), filtered by filter[granularity] and filter[processingDate].",
    sources: [AR_HELP + " (first report approximately 24-48 hours later)", AR_REPORTS + "app-store-discovery-and-engagement (Availability)", "spec: #/paths/~1v1~1analyticsReports~1{id}~1instances/get/parameters"],
    reading: "Each request draws its delay within 24-48 h from the seed; a processing date's instances are published at 06:00 UTC, not before the first data.",
    tests: [ANALYTICS("publishes the first instances 24 to 48 hours after the request: daily, weekly on Fridays, monthly on the fifth")],
  },
  {
    area: "Analytics",
    behaviour: "An instance's segments give checksum, sizeInBytes and url; the file is a gzip tab-separated text with a header row of Apple's column names (Date, App Name, App Apple Identifier, Event or Download Type, App Version, Page Type, Source Type, Device, Platform Version, Territory, Counts, ...), read by name. A ONE_TIME_SNAPSHOT's history comes as one DAILY instance.",
    sources: [AR_DOC + "get-v1-analyticsreportinstances-_id_-segments", "spec: #/components/schemas/AnalyticsReportSegment", AR_HELP + " (compressed, tab-delimited text files)", AR_REPORTS + "app-store-discovery-and-engagement (Report Fields)", AR_REPORTS + "app-download (Report Fields)", AR_REPORTS + "app-installs (Report Fields)"],
    reading: "Apple does not name the checksum's algorithm; its example is 32 hex digits, read as MD5 of the gzip bytes. The simulator splits a snapshot into one segment per month; Apple does not say how it splits.",
    tests: [
      ANALYTICS("gives each segment the MD5 of its gzip bytes as checksum and their length as size, with Apple's column names"),
      ANALYTICS("carries a snapshot's history in one daily instance, one segment per month"),
    ],
  },
  {
    area: "Analytics",
    behaviour: "Segment URLs are pre-signed links on another host, valid for 5 minutes: they take no Authorization header (400 InvalidArgument, only one auth mechanism) and answer 403 \"Request has expired\" afterwards.",
    sources: [AR_DOC + "get-v1-analyticsreportinstances-_id_-segments (The download URLs are valid for 5 minutes)", "the example segment URL there: an S3 pre-signed URL (X-Amz-Security-Token)"],
    reading: "The blob store's exact answers were not captured from Apple; the simulator answers as a pre-signed object store does.",
    tests: [ANALYTICS("serves segment files on a separate origin that refuses an Authorization header and URLs older than five minutes")],
  },
  {
    area: "Analytics",
    behaviour: "A recent day arrives partial: each daily instance restates the days not yet final with the events processed so far, growing until the day is final; the latest instance carrying a day replaces earlier ones. Rows counting fewer than five events are left out.",
    sources: [AR_REPORTS + "data-completeness-corrections", AR_HELP + " (complete two days after the reporting date)", AR_REPORTS + "app-store-discovery-and-engagement (Completeness: within three days)", AR_REPORTS + "app-installs (data only when events exist from at least five users)", AR_DOC + "analytics (Apple only reports totals when a specific number of data points are available)"],
    reading: "Help says two days, the report's page three; the simulator takes three (final in the instance processed three days after the day). The threshold of five is applied to every row's Counts.",
    tests: [ANALYTICS("sends recent days partial, growing until final, leaves out rows under the privacy threshold, and matches the traffic totals once final")],
  },
  {
    area: "Analytics",
    behaviour: "A request whose data nobody reads for long becomes stoppedDueToInactivity and publishes no more instances; a new request is needed.",
    sources: [AR_DOC + "get-v1-analyticsreportrequests-_id_ (If you don't retrieve data for a long time, a report request changes to stoppedDueToInactivity)"],
    reading: "Apple gives no period; the simulator stops a request 14 days after its last instance list, segment list or file download. The dashboard reads daily.",
    tests: [ANALYTICS("stops a request nobody read for 14 days: stoppedDueToInactivity, no new instances, and a new ONGOING request is taken")],
  },
  {
    area: "Analytics",
    behaviour: "Simulated traffic: a keyword change to a locale through the metadata PATCH raises App Store search conversion in the territories that display that locale (storefront table) from the next UTC day, by a stated amount (GET /__sim/analytics/effects).",
    sources: ["gist.github.com/fumoboy007/a1872bc894b0a851d7de74f754253bf8 (Apple's storefront list: each storefront's languages)", "https://developer.apple.com/help/app-store-connect/reference/app-store-localizations"],
    reading: "A model for measuring effects end to end, not a claim about Apple: +20% relative by default, compounding per change to the same territory, from the day after the PATCH.",
    tests: [ANALYTICS("raises search conversion in a locale's territories from the day after a keyword PATCH, by the stated uplift")],
  },
];

/** The catalogue as Markdown (FIDELITY.md). */
export function renderFidelity(entries: FidelityEntry[] = FIDELITY): string {
  const cell = (s: string) => s.replaceAll("|", "\\|").replaceAll("\n", " ");
  const lines = [
    "# The simulator's fidelity catalogue",
    "",
    "Every App Store Connect behaviour the simulator models, its source, and the test that covers it.",
    "The simulator follows Apple's documentation and observed behaviour, never what our client assumes;",
    "where sources are silent or disagree it takes the stricter reading (the last column), and the client",
    "copes with every reading. Generated from `tests/asc-sim/fidelity.ts` by `npm run asc:fidelity`; do not edit.",
    "",
    `${entries.length} behaviours.`,
    "",
    "| # | Area | Behaviour | Source | Tests | Where sources are silent or disagree |",
    "| --- | --- | --- | --- | --- | --- |",
    ...entries.map((e, i) =>
      `| ${i + 1} | ${e.area} | ${cell(e.behaviour)} | ${e.sources.map(cell).join("<br>")} | ${e.tests.map((x) => `${x.file}: ${cell(x.name)}`).join("<br>")} | ${cell(e.reading ?? "")} |`,
    ),
    "",
  ];
  return lines.join("\n");
}
