-- CreateEnum
CREATE TYPE "SalesDayStatus" AS ENUM ('FETCHED', 'NO_SALES', 'NOT_AVAILABLE', 'FAILED');

-- CreateEnum
CREATE TYPE "SyncKind" AS ENUM ('FULL', 'APPS', 'METADATA', 'REVIEWS', 'REVIEWS_DEEP', 'SALES');

-- CreateEnum
CREATE TYPE "SyncRunStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED');

-- AlterTable
ALTER TABLE "Connection" ADD COLUMN     "metadataEveryMinutes" INTEGER NOT NULL DEFAULT 60,
ADD COLUMN     "reviewsEveryMinutes" INTEGER NOT NULL DEFAULT 15,
ADD COLUMN     "salesHourUtc" INTEGER NOT NULL DEFAULT 9,
ADD COLUMN     "syncPausedAt" TIMESTAMP(3),
ADD COLUMN     "vendorNumber" TEXT;

-- AlterTable
ALTER TABLE "SyncedApp" ADD COLUMN     "metadataSyncedAt" TIMESTAMP(3),
ADD COLUMN     "reviewsCursor" TEXT,
ADD COLUMN     "reviewsHighWaterDate" TIMESTAMP(3),
ADD COLUMN     "reviewsPassDeep" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "reviewsPassTopDate" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "SyncedAppInfo" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "appleId" TEXT NOT NULL,
    "appStoreState" TEXT,

    CONSTRAINT "SyncedAppInfo_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncedAppInfoLocalization" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "appInfoId" TEXT NOT NULL,
    "appleId" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "name" TEXT,
    "subtitle" TEXT,
    "privacyPolicyUrl" TEXT,

    CONSTRAINT "SyncedAppInfoLocalization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncedVersion" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "appleId" TEXT NOT NULL,
    "versionString" TEXT NOT NULL,
    "platform" TEXT,
    "appStoreState" TEXT NOT NULL,

    CONSTRAINT "SyncedVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncedVersionLocalization" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "appleId" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "description" TEXT,
    "keywords" TEXT,
    "marketingUrl" TEXT,
    "promotionalText" TEXT,
    "supportUrl" TEXT,
    "whatsNew" TEXT,

    CONSTRAINT "SyncedVersionLocalization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SalesDay" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "status" "SalesDayStatus" NOT NULL,
    "reason" TEXT,
    "rows" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SalesDay_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SalesRow" (
    "id" BIGSERIAL NOT NULL,
    "organizationId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "appleIdentifier" TEXT NOT NULL,
    "parentIdentifier" TEXT,
    "sku" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "version" TEXT,
    "productType" TEXT NOT NULL,
    "units" INTEGER NOT NULL,
    "proceeds" DECIMAL(14,4) NOT NULL,
    "proceedsCurrency" TEXT NOT NULL,
    "customerPrice" DECIMAL(14,4) NOT NULL,
    "customerCurrency" TEXT NOT NULL,
    "territory" TEXT NOT NULL,
    "device" TEXT,

    CONSTRAINT "SalesRow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncRun" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "kind" "SyncKind" NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" "SyncRunStatus" NOT NULL DEFAULT 'QUEUED',
    "itemsTotal" INTEGER NOT NULL DEFAULT 0,
    "itemsDone" INTEGER NOT NULL DEFAULT 0,
    "itemsFailed" INTEGER NOT NULL DEFAULT 0,
    "fetched" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "errorCode" TEXT,
    "retries" INTEGER NOT NULL DEFAULT 0,
    "lastRetryError" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "SyncRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncRunItem" (
    "runId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "error" TEXT,
    "doneAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SyncRunItem_pkey" PRIMARY KEY ("runId","key")
);

-- CreateIndex
CREATE INDEX "SyncedAppInfo_organizationId_appId_idx" ON "SyncedAppInfo"("organizationId", "appId");

-- CreateIndex
CREATE UNIQUE INDEX "SyncedAppInfo_connectionId_appleId_key" ON "SyncedAppInfo"("connectionId", "appleId");

-- CreateIndex
CREATE UNIQUE INDEX "SyncedAppInfo_organizationId_id_key" ON "SyncedAppInfo"("organizationId", "id");

-- CreateIndex
CREATE INDEX "SyncedAppInfoLocalization_organizationId_appInfoId_locale_idx" ON "SyncedAppInfoLocalization"("organizationId", "appInfoId", "locale");

-- CreateIndex
CREATE UNIQUE INDEX "SyncedAppInfoLocalization_connectionId_appleId_key" ON "SyncedAppInfoLocalization"("connectionId", "appleId");

-- CreateIndex
CREATE INDEX "SyncedVersion_organizationId_appId_idx" ON "SyncedVersion"("organizationId", "appId");

-- CreateIndex
CREATE UNIQUE INDEX "SyncedVersion_connectionId_appleId_key" ON "SyncedVersion"("connectionId", "appleId");

-- CreateIndex
CREATE UNIQUE INDEX "SyncedVersion_organizationId_id_key" ON "SyncedVersion"("organizationId", "id");

-- CreateIndex
CREATE INDEX "SyncedVersionLocalization_organizationId_versionId_locale_idx" ON "SyncedVersionLocalization"("organizationId", "versionId", "locale");

-- CreateIndex
CREATE UNIQUE INDEX "SyncedVersionLocalization_connectionId_appleId_key" ON "SyncedVersionLocalization"("connectionId", "appleId");

-- CreateIndex
CREATE INDEX "SalesDay_organizationId_day_idx" ON "SalesDay"("organizationId", "day");

-- CreateIndex
CREATE UNIQUE INDEX "SalesDay_connectionId_day_key" ON "SalesDay"("connectionId", "day");

-- CreateIndex
CREATE INDEX "SalesRow_connectionId_day_idx" ON "SalesRow"("connectionId", "day");

-- CreateIndex
CREATE INDEX "SalesRow_organizationId_day_idx" ON "SalesRow"("organizationId", "day");

-- CreateIndex
CREATE INDEX "SyncRun_connectionId_createdAt_idx" ON "SyncRun"("connectionId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "SyncRun_connectionId_kind_status_idx" ON "SyncRun"("connectionId", "kind", "status");

-- CreateIndex
CREATE UNIQUE INDEX "SyncRun_organizationId_id_key" ON "SyncRun"("organizationId", "id");

-- AddForeignKey
ALTER TABLE "SyncedAppInfo" ADD CONSTRAINT "SyncedAppInfo_organizationId_appId_fkey" FOREIGN KEY ("organizationId", "appId") REFERENCES "SyncedApp"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncedAppInfoLocalization" ADD CONSTRAINT "SyncedAppInfoLocalization_organizationId_appInfoId_fkey" FOREIGN KEY ("organizationId", "appInfoId") REFERENCES "SyncedAppInfo"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncedVersion" ADD CONSTRAINT "SyncedVersion_organizationId_appId_fkey" FOREIGN KEY ("organizationId", "appId") REFERENCES "SyncedApp"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncedVersionLocalization" ADD CONSTRAINT "SyncedVersionLocalization_organizationId_versionId_fkey" FOREIGN KEY ("organizationId", "versionId") REFERENCES "SyncedVersion"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SalesDay" ADD CONSTRAINT "SalesDay_organizationId_connectionId_fkey" FOREIGN KEY ("organizationId", "connectionId") REFERENCES "Connection"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncRun" ADD CONSTRAINT "SyncRun_organizationId_connectionId_fkey" FOREIGN KEY ("organizationId", "connectionId") REFERENCES "Connection"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncRunItem" ADD CONSTRAINT "SyncRunItem_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SyncRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;
