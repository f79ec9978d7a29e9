-- CreateTable
CREATE TABLE "SyncedApp" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "appleId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "bundleId" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "primaryLocale" TEXT NOT NULL,
    "syncedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SyncedApp_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncedReview" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "appleId" TEXT NOT NULL,
    "rating" INTEGER NOT NULL,
    "title" TEXT,
    "body" TEXT,
    "reviewerNickname" TEXT,
    "territory" TEXT,
    "createdDate" TIMESTAMP(3) NOT NULL,
    "responseAppleId" TEXT,
    "responseBody" TEXT,
    "responseState" TEXT,
    "responseModifiedDate" TIMESTAMP(3),
    "syncedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SyncedReview_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SyncedApp_organizationId_name_idx" ON "SyncedApp"("organizationId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "SyncedApp_connectionId_appleId_key" ON "SyncedApp"("connectionId", "appleId");

-- CreateIndex
CREATE UNIQUE INDEX "SyncedApp_organizationId_id_key" ON "SyncedApp"("organizationId", "id");

-- CreateIndex
CREATE INDEX "SyncedReview_organizationId_appId_createdDate_id_idx" ON "SyncedReview"("organizationId", "appId", "createdDate" DESC, "id");

-- CreateIndex
CREATE INDEX "SyncedReview_organizationId_createdDate_id_idx" ON "SyncedReview"("organizationId", "createdDate" DESC, "id");

-- CreateIndex
CREATE UNIQUE INDEX "SyncedReview_connectionId_appleId_key" ON "SyncedReview"("connectionId", "appleId");

-- AddForeignKey
ALTER TABLE "SyncedApp" ADD CONSTRAINT "SyncedApp_organizationId_connectionId_fkey" FOREIGN KEY ("organizationId", "connectionId") REFERENCES "Connection"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncedReview" ADD CONSTRAINT "SyncedReview_organizationId_connectionId_fkey" FOREIGN KEY ("organizationId", "connectionId") REFERENCES "Connection"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncedReview" ADD CONSTRAINT "SyncedReview_organizationId_appId_fkey" FOREIGN KEY ("organizationId", "appId") REFERENCES "SyncedApp"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
