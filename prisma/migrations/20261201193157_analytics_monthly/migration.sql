-- CreateTable
CREATE TABLE "AnalyticsMonthly" (
    "organizationId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "dim" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "impressions" BIGINT NOT NULL DEFAULT 0,
    "productPageViews" BIGINT NOT NULL DEFAULT 0,
    "firstTimeDownloads" BIGINT NOT NULL DEFAULT 0,
    "redownloads" BIGINT NOT NULL DEFAULT 0,
    "installations" BIGINT NOT NULL DEFAULT 0,
    "deletions" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "AnalyticsMonthly_pkey" PRIMARY KEY ("appId","dim","date","value")
);

-- CreateTable
CREATE TABLE "AnalyticsMonthFact" (
    "organizationId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "territory" TEXT NOT NULL,
    "sourceType" TEXT NOT NULL,
    "pageType" TEXT NOT NULL,
    "device" TEXT NOT NULL,
    "impressions" BIGINT NOT NULL DEFAULT 0,
    "productPageViews" BIGINT NOT NULL DEFAULT 0,
    "firstTimeDownloads" BIGINT NOT NULL DEFAULT 0,
    "redownloads" BIGINT NOT NULL DEFAULT 0,
    "installations" BIGINT NOT NULL DEFAULT 0,
    "deletions" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "AnalyticsMonthFact_pkey" PRIMARY KEY ("appId","date","territory","sourceType","pageType","device")
);

-- AddForeignKey
ALTER TABLE "AnalyticsMonthly" ADD CONSTRAINT "AnalyticsMonthly_organizationId_appId_fkey" FOREIGN KEY ("organizationId", "appId") REFERENCES "SyncedApp"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnalyticsMonthFact" ADD CONSTRAINT "AnalyticsMonthFact_organizationId_appId_fkey" FOREIGN KEY ("organizationId", "appId") REFERENCES "SyncedApp"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The months of figures stored before these tables existed.
INSERT INTO "AnalyticsMonthly" ("organizationId", "appId", "dim", "value", "date", "impressions", "productPageViews", "firstTimeDownloads", "redownloads", "installations", "deletions")
SELECT "organizationId", "appId", "dim", "value", date_trunc('month', "date")::date, sum("impressions"), sum("productPageViews"), sum("firstTimeDownloads"), sum("redownloads"), sum("installations"), sum("deletions")
FROM "AnalyticsDaily" GROUP BY 1, 2, 3, 4, 5;

INSERT INTO "AnalyticsMonthFact" ("organizationId", "appId", "date", "territory", "sourceType", "pageType", "device", "impressions", "productPageViews", "firstTimeDownloads", "redownloads", "installations", "deletions")
SELECT "organizationId", "appId", date_trunc('month', "date")::date, "territory", "sourceType", "pageType", "device", sum("impressions"), sum("productPageViews"), sum("firstTimeDownloads"), sum("redownloads"), sum("installations"), sum("deletions")
FROM "AnalyticsFact" GROUP BY 1, 2, 3, 4, 5, 6, 7;
