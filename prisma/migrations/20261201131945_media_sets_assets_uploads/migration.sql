-- CreateEnum
CREATE TYPE "MediaKind" AS ENUM ('SCREENSHOT', 'PREVIEW');

-- CreateEnum
CREATE TYPE "MediaUploadStatus" AS ENUM ('QUEUED', 'RESERVED', 'UPLOADED', 'COMMITTED', 'COMPLETE', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "MediaChangeAction" AS ENUM ('UPLOADED', 'REPLACED', 'DELETED', 'REORDERED', 'COPIED');

-- AlterTable
ALTER TABLE "SyncedApp" ADD COLUMN     "mediaSyncedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "MediaSet" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "localizationId" TEXT NOT NULL,
    "appleId" TEXT NOT NULL,
    "kind" "MediaKind" NOT NULL,
    "displayType" TEXT NOT NULL,
    "total" INTEGER NOT NULL,

    CONSTRAINT "MediaSet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MediaAsset" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "setId" TEXT NOT NULL,
    "appleId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "fileName" TEXT NOT NULL,
    "fileSize" INTEGER NOT NULL,
    "checksum" TEXT,
    "width" INTEGER,
    "height" INTEGER,
    "deliveryState" TEXT NOT NULL,
    "deliveryErrors" JSONB,
    "imageTemplateUrl" TEXT,
    "videoUrl" TEXT,
    "mimeType" TEXT,
    "previewFrameTimeCode" TEXT,

    CONSTRAINT "MediaAsset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MediaUpload" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "localizationId" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "batchId" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "kind" "MediaKind" NOT NULL,
    "displayType" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "fileSize" INTEGER NOT NULL,
    "checksum" TEXT NOT NULL,
    "width" INTEGER,
    "height" INTEGER,
    "mimeType" TEXT,
    "previewFrameTimeCode" TEXT,
    "stagedPath" TEXT,
    "replacesAssetId" TEXT,
    "status" "MediaUploadStatus" NOT NULL DEFAULT 'QUEUED',
    "setAppleId" TEXT,
    "assetAppleId" TEXT,
    "uploadOperations" JSONB,
    "partsDone" INTEGER NOT NULL DEFAULT 0,
    "partsTotal" INTEGER NOT NULL DEFAULT 0,
    "bytesSent" INTEGER NOT NULL DEFAULT 0,
    "deliveryState" TEXT,
    "errorCode" TEXT,
    "error" TEXT,
    "createdById" TEXT,
    "createdByTokenId" TEXT,
    "createdByEmail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "MediaUpload_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MediaChange" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "versionString" TEXT,
    "locale" TEXT NOT NULL,
    "kind" "MediaKind" NOT NULL,
    "displayType" TEXT NOT NULL,
    "action" "MediaChangeAction" NOT NULL,
    "detail" TEXT NOT NULL,
    "byId" TEXT,
    "byTokenId" TEXT,
    "byEmail" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MediaChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MediaSet_organizationId_localizationId_idx" ON "MediaSet"("organizationId", "localizationId");

-- CreateIndex
CREATE INDEX "MediaSet_organizationId_appId_idx" ON "MediaSet"("organizationId", "appId");

-- CreateIndex
CREATE UNIQUE INDEX "MediaSet_connectionId_appleId_key" ON "MediaSet"("connectionId", "appleId");

-- CreateIndex
CREATE UNIQUE INDEX "MediaSet_organizationId_id_key" ON "MediaSet"("organizationId", "id");

-- CreateIndex
CREATE INDEX "MediaAsset_organizationId_setId_position_idx" ON "MediaAsset"("organizationId", "setId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "MediaAsset_connectionId_appleId_key" ON "MediaAsset"("connectionId", "appleId");

-- CreateIndex
CREATE UNIQUE INDEX "MediaAsset_organizationId_id_key" ON "MediaAsset"("organizationId", "id");

-- CreateIndex
CREATE INDEX "MediaUpload_organizationId_appId_createdAt_idx" ON "MediaUpload"("organizationId", "appId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "MediaUpload_organizationId_batchId_sequence_idx" ON "MediaUpload"("organizationId", "batchId", "sequence");

-- CreateIndex
CREATE UNIQUE INDEX "MediaUpload_organizationId_id_key" ON "MediaUpload"("organizationId", "id");

-- CreateIndex
CREATE INDEX "MediaChange_organizationId_appId_at_idx" ON "MediaChange"("organizationId", "appId", "at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "SyncedVersionLocalization_organizationId_id_key" ON "SyncedVersionLocalization"("organizationId", "id");

-- AddForeignKey
ALTER TABLE "MediaSet" ADD CONSTRAINT "MediaSet_organizationId_appId_fkey" FOREIGN KEY ("organizationId", "appId") REFERENCES "SyncedApp"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MediaSet" ADD CONSTRAINT "MediaSet_organizationId_localizationId_fkey" FOREIGN KEY ("organizationId", "localizationId") REFERENCES "SyncedVersionLocalization"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MediaAsset" ADD CONSTRAINT "MediaAsset_organizationId_setId_fkey" FOREIGN KEY ("organizationId", "setId") REFERENCES "MediaSet"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MediaUpload" ADD CONSTRAINT "MediaUpload_organizationId_appId_fkey" FOREIGN KEY ("organizationId", "appId") REFERENCES "SyncedApp"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MediaUpload" ADD CONSTRAINT "MediaUpload_organizationId_localizationId_fkey" FOREIGN KEY ("organizationId", "localizationId") REFERENCES "SyncedVersionLocalization"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MediaUpload" ADD CONSTRAINT "MediaUpload_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MediaUpload" ADD CONSTRAINT "MediaUpload_createdByTokenId_fkey" FOREIGN KEY ("createdByTokenId") REFERENCES "ApiToken"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MediaChange" ADD CONSTRAINT "MediaChange_organizationId_appId_fkey" FOREIGN KEY ("organizationId", "appId") REFERENCES "SyncedApp"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MediaChange" ADD CONSTRAINT "MediaChange_byId_fkey" FOREIGN KEY ("byId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MediaChange" ADD CONSTRAINT "MediaChange_byTokenId_fkey" FOREIGN KEY ("byTokenId") REFERENCES "ApiToken"("id") ON DELETE SET NULL ON UPDATE CASCADE;
