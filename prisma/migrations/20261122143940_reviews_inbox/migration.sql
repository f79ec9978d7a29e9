-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- DropIndex
DROP INDEX "SyncedReview_organizationId_appId_createdDate_id_idx";

-- DropIndex
DROP INDEX "SyncedReview_organizationId_createdDate_id_idx";

-- AlterTable
ALTER TABLE "SyncedReview" ADD COLUMN     "assignedAt" TIMESTAMP(3),
ADD COLUMN     "assignedToId" TEXT;

-- CreateTable
CREATE TABLE "ReplyTemplate" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReplyTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReplyTemplate_organizationId_name_key" ON "ReplyTemplate"("organizationId", "name");

-- CreateIndex
CREATE INDEX "SyncedReview_organizationId_appId_createdDate_id_idx" ON "SyncedReview"("organizationId", "appId", "createdDate" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "SyncedReview_organizationId_createdDate_id_idx" ON "SyncedReview"("organizationId", "createdDate" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "SyncedReview_organizationId_connectionId_createdDate_id_idx" ON "SyncedReview"("organizationId", "connectionId", "createdDate" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "SyncedReview_organizationId_rating_createdDate_id_idx" ON "SyncedReview"("organizationId", "rating", "createdDate" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "SyncedReview_organizationId_appId_rating_createdDate_id_idx" ON "SyncedReview"("organizationId", "appId", "rating", "createdDate" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "SyncedReview_organizationId_territory_createdDate_id_idx" ON "SyncedReview"("organizationId", "territory", "createdDate" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "SyncedReview_organizationId_assignedToId_createdDate_id_idx" ON "SyncedReview"("organizationId", "assignedToId", "createdDate" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "SyncedReview_title_idx" ON "SyncedReview" USING GIN ("title" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "SyncedReview_body_idx" ON "SyncedReview" USING GIN ("body" gin_trgm_ops);

-- AddForeignKey
ALTER TABLE "SyncedReview" ADD CONSTRAINT "SyncedReview_assignedToId_fkey" FOREIGN KEY ("assignedToId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReplyTemplate" ADD CONSTRAINT "ReplyTemplate_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
