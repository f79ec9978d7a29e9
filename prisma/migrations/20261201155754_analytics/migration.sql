-- CreateEnum
CREATE TYPE "AnalyticsStatus" AS ENUM ('NOT_REQUESTED', 'WAITING_FOR_DATA', 'ACTIVE', 'STOPPED', 'NEEDS_ADMIN', 'NO_ACCESS', 'FAILED');

-- CreateEnum
CREATE TYPE "AnalyticsReportKind" AS ENUM ('ENGAGEMENT', 'DOWNLOADS', 'INSTALLS');

-- AlterEnum
ALTER TYPE "SyncKind" ADD VALUE 'ANALYTICS';

-- AlterTable
ALTER TABLE "SyncedReview" ADD COLUMN     "versionString" TEXT;

-- AlterTable
ALTER TABLE "SyncedVersion" ADD COLUMN     "releasedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "AnalyticsAppState" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "status" "AnalyticsStatus" NOT NULL DEFAULT 'NOT_REQUESTED',
    "statusReason" TEXT,
    "ongoingRequestId" TEXT,
    "ongoingRequestedAt" TIMESTAMP(3),
    "snapshotRequestId" TEXT,
    "snapshotRequestedAt" TIMESTAMP(3),
    "latestProcessingDate" DATE,
    "syncedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AnalyticsAppState_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnalyticsInstance" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "appleId" TEXT NOT NULL,
    "requestAppleId" TEXT NOT NULL,
    "reportName" TEXT NOT NULL,
    "kind" "AnalyticsReportKind" NOT NULL,
    "granularity" TEXT NOT NULL,
    "processingDate" DATE NOT NULL,
    "segments" INTEGER NOT NULL,
    "rows" INTEGER NOT NULL,
    "firstDate" DATE,
    "lastDate" DATE,
    "ingestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AnalyticsInstance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnalyticsDay" (
    "organizationId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "kind" "AnalyticsReportKind" NOT NULL,
    "date" DATE NOT NULL,
    "processingDate" DATE NOT NULL,
    "final" BOOLEAN NOT NULL,

    CONSTRAINT "AnalyticsDay_pkey" PRIMARY KEY ("appId","kind","date")
);

-- CreateTable
CREATE TABLE "AnalyticsFact" (
    "organizationId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "territory" TEXT NOT NULL,
    "sourceType" TEXT NOT NULL,
    "pageType" TEXT NOT NULL,
    "device" TEXT NOT NULL,
    "impressions" INTEGER NOT NULL DEFAULT 0,
    "productPageViews" INTEGER NOT NULL DEFAULT 0,
    "firstTimeDownloads" INTEGER NOT NULL DEFAULT 0,
    "redownloads" INTEGER NOT NULL DEFAULT 0,
    "installations" INTEGER NOT NULL DEFAULT 0,
    "deletions" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AnalyticsFact_pkey" PRIMARY KEY ("appId","date","territory","sourceType","pageType","device")
);

-- CreateTable
CREATE TABLE "AnalyticsDaily" (
    "organizationId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "dim" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "impressions" INTEGER NOT NULL DEFAULT 0,
    "productPageViews" INTEGER NOT NULL DEFAULT 0,
    "firstTimeDownloads" INTEGER NOT NULL DEFAULT 0,
    "redownloads" INTEGER NOT NULL DEFAULT 0,
    "installations" INTEGER NOT NULL DEFAULT 0,
    "deletions" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AnalyticsDaily_pkey" PRIMARY KEY ("appId","dim","date","value")
);

-- CreateIndex
CREATE UNIQUE INDEX "AnalyticsAppState_appId_key" ON "AnalyticsAppState"("appId");

-- CreateIndex
CREATE INDEX "AnalyticsAppState_organizationId_connectionId_idx" ON "AnalyticsAppState"("organizationId", "connectionId");

-- CreateIndex
CREATE UNIQUE INDEX "AnalyticsAppState_organizationId_appId_key" ON "AnalyticsAppState"("organizationId", "appId");

-- CreateIndex
CREATE INDEX "AnalyticsInstance_organizationId_appId_processingDate_idx" ON "AnalyticsInstance"("organizationId", "appId", "processingDate");

-- CreateIndex
CREATE UNIQUE INDEX "AnalyticsInstance_connectionId_appleId_key" ON "AnalyticsInstance"("connectionId", "appleId");

-- CreateIndex
CREATE INDEX "AnalyticsDay_organizationId_date_idx" ON "AnalyticsDay"("organizationId", "date");

-- CreateIndex
CREATE INDEX "AnalyticsFact_appId_territory_date_idx" ON "AnalyticsFact"("appId", "territory", "date");

-- CreateIndex
CREATE INDEX "AnalyticsFact_organizationId_date_idx" ON "AnalyticsFact"("organizationId", "date");

-- CreateIndex
CREATE INDEX "AnalyticsDaily_organizationId_dim_date_idx" ON "AnalyticsDaily"("organizationId", "dim", "date");

-- CreateIndex
CREATE INDEX "SyncedReview_organizationId_appId_versionString_idx" ON "SyncedReview"("organizationId", "appId", "versionString");

-- AddForeignKey
ALTER TABLE "AnalyticsAppState" ADD CONSTRAINT "AnalyticsAppState_organizationId_appId_fkey" FOREIGN KEY ("organizationId", "appId") REFERENCES "SyncedApp"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnalyticsInstance" ADD CONSTRAINT "AnalyticsInstance_organizationId_appId_fkey" FOREIGN KEY ("organizationId", "appId") REFERENCES "SyncedApp"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnalyticsDay" ADD CONSTRAINT "AnalyticsDay_organizationId_appId_fkey" FOREIGN KEY ("organizationId", "appId") REFERENCES "SyncedApp"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnalyticsFact" ADD CONSTRAINT "AnalyticsFact_organizationId_appId_fkey" FOREIGN KEY ("organizationId", "appId") REFERENCES "SyncedApp"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnalyticsDaily" ADD CONSTRAINT "AnalyticsDaily_organizationId_appId_fkey" FOREIGN KEY ("organizationId", "appId") REFERENCES "SyncedApp"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
