export const ANALYTICS_REPORTS = { ENGAGEMENT: {name:"App Store Discovery and Engagement Standard", category:"APP_STORE_ENGAGEMENT", events:{"Impression":"impressions","Page view":"productPageViews"}}, DOWNLOADS: {name:"App Downloads Standard", category:"COMMERCE", events:{"First-time download":"firstTimeDownloads","Redownload":"redownloads"}}, INSTALLS: {name:"App Store Installation and Deletion Standard", category:"APP_USAGE", events:{"Install":"installations","Delete":"deletions"}} } as const;
export const METRICS = ["impressions","productPageViews","firstTimeDownloads","redownloads","installations","deletions"] as const;
export type Metric = typeof METRICS[number];
export const DIMENSIONS = ["territory","sourceType","pageType","device"] as const;
export type Dimension = typeof DIMENSIONS[number];
/** A day is final when stored from an instance processed at least this many days after it (Apple: "complete two days after"; the simulator restates 3 days; take the stricter). */
export const ANALYTICS_FINAL_AFTER_DAYS = 3;
