-- CreateEnum
CREATE TYPE "ChangeSetStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'PUSHED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "ReportCadence" AS ENUM ('WEEKLY', 'MONTHLY');

-- CreateEnum
CREATE TYPE "PendingReplyStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED');

-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'CLIENT_APPROVER';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AlertRuleKind" ADD VALUE 'REVIEW_EDITED';
ALTER TYPE "AlertRuleKind" ADD VALUE 'RATING_DROP';
ALTER TYPE "AlertRuleKind" ADD VALUE 'CONNECTION_PROBLEM';
ALTER TYPE "AlertRuleKind" ADD VALUE 'SYNC_FAILING';
ALTER TYPE "AlertRuleKind" ADD VALUE 'SALES_FAILING';
ALTER TYPE "AlertRuleKind" ADD VALUE 'KEY_AGE';
ALTER TYPE "AlertRuleKind" ADD VALUE 'CHANGE_SET_WAITING';

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "replyApproval" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "requireApproval" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "repliesNeedApproval" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Connection" ADD COLUMN     "requireApproval" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "SyncedReview" ADD COLUMN     "editedAfterReplyAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "MetadataDraft" ADD COLUMN     "changeSetId" TEXT;

-- CreateTable
CREATE TABLE "ChangeSet" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "status" "ChangeSetStatus" NOT NULL DEFAULT 'PENDING',
    "note" TEXT,
    "items" JSONB NOT NULL,
    "submittedById" TEXT,
    "submittedByEmail" TEXT,
    "decidedById" TEXT,
    "decidedByEmail" TEXT,
    "decisionComment" TEXT,
    "decidedAt" TIMESTAMP(3),
    "scheduledFor" TIMESTAMP(3),
    "pushedAt" TIMESTAMP(3),
    "pushReport" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChangeSet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClientReport" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "cadence" "ReportCadence" NOT NULL,
    "recipients" TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ClientReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClientReportSend" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "reportId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "error" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ClientReportSend_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PendingReply" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "reviewId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" "PendingReplyStatus" NOT NULL DEFAULT 'PENDING',
    "authorId" TEXT,
    "authorEmail" TEXT NOT NULL,
    "decidedByEmail" TEXT,
    "comment" TEXT,
    "decidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PendingReply_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ChangeSet_organizationId_status_createdAt_idx" ON "ChangeSet"("organizationId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "ChangeSet_organizationId_appId_idx" ON "ChangeSet"("organizationId", "appId");

-- CreateIndex
CREATE UNIQUE INDEX "ChangeSet_organizationId_id_key" ON "ChangeSet"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "ClientReport_connectionId_cadence_key" ON "ClientReport"("connectionId", "cadence");

-- CreateIndex
CREATE UNIQUE INDEX "ClientReport_organizationId_id_key" ON "ClientReport"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "ClientReportSend_reportId_period_key" ON "ClientReportSend"("reportId", "period");

-- CreateIndex
CREATE UNIQUE INDEX "PendingReply_reviewId_key" ON "PendingReply"("reviewId");

-- CreateIndex
CREATE INDEX "PendingReply_organizationId_status_createdAt_idx" ON "PendingReply"("organizationId", "status", "createdAt");

-- AddForeignKey
ALTER TABLE "MetadataDraft" ADD CONSTRAINT "MetadataDraft_changeSetId_fkey" FOREIGN KEY ("changeSetId") REFERENCES "ChangeSet"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeSet" ADD CONSTRAINT "ChangeSet_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeSet" ADD CONSTRAINT "ChangeSet_organizationId_connectionId_fkey" FOREIGN KEY ("organizationId", "connectionId") REFERENCES "Connection"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeSet" ADD CONSTRAINT "ChangeSet_organizationId_appId_fkey" FOREIGN KEY ("organizationId", "appId") REFERENCES "SyncedApp"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClientReport" ADD CONSTRAINT "ClientReport_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClientReport" ADD CONSTRAINT "ClientReport_organizationId_connectionId_fkey" FOREIGN KEY ("organizationId", "connectionId") REFERENCES "Connection"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClientReportSend" ADD CONSTRAINT "ClientReportSend_organizationId_reportId_fkey" FOREIGN KEY ("organizationId", "reportId") REFERENCES "ClientReport"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PendingReply" ADD CONSTRAINT "PendingReply_organizationId_connectionId_fkey" FOREIGN KEY ("organizationId", "connectionId") REFERENCES "Connection"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PendingReply" ADD CONSTRAINT "PendingReply_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "SyncedReview"("id") ON DELETE CASCADE ON UPDATE CASCADE;
