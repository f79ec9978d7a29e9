-- CreateEnum
CREATE TYPE "AlertChannelKind" AS ENUM ('EMAIL', 'SLACK', 'TEAMS', 'WEBHOOK');

-- CreateEnum
CREATE TYPE "AlertRuleKind" AS ENUM ('NEW_REVIEW');

-- CreateEnum
CREATE TYPE "AlertCadence" AS ENUM ('IMMEDIATE', 'HOURLY', 'DAILY');

-- CreateEnum
CREATE TYPE "AlertDeliveryStatus" AS ENUM ('PENDING', 'SENT', 'FAILED');

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "timeZone" TEXT NOT NULL DEFAULT 'UTC';

-- CreateTable
CREATE TABLE "AlertChannel" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "kind" "AlertChannelKind" NOT NULL,
    "name" TEXT NOT NULL,
    "emails" TEXT[],
    "target" TEXT,
    "formatVersion" INTEGER,
    "kekId" TEXT,
    "wrappedKey" BYTEA,
    "ciphertext" BYTEA,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlertChannel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertRule" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "AlertRuleKind" NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "connectionIds" TEXT[],
    "appIds" TEXT[],
    "filters" JSONB NOT NULL,
    "cadence" "AlertCadence" NOT NULL DEFAULT 'IMMEDIATE',
    "quietFrom" INTEGER,
    "quietTo" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlertRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertRuleChannel" (
    "organizationId" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,

    CONSTRAINT "AlertRuleChannel_pkey" PRIMARY KEY ("ruleId","channelId")
);

-- CreateTable
CREATE TABLE "AlertEvent" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "subjectKey" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlertEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertDelivery" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "ruleId" TEXT,
    "dedupeKey" TEXT NOT NULL,
    "eventIds" TEXT[],
    "status" "AlertDeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "dueAt" TIMESTAMP(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastStatusCode" INTEGER,
    "lastError" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlertDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertAttempt" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "statusCode" INTEGER,
    "error" TEXT,
    "ms" INTEGER NOT NULL,

    CONSTRAINT "AlertAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AlertChannel_organizationId_name_key" ON "AlertChannel"("organizationId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "AlertChannel_organizationId_id_key" ON "AlertChannel"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "AlertRule_organizationId_name_key" ON "AlertRule"("organizationId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "AlertRule_organizationId_id_key" ON "AlertRule"("organizationId", "id");

-- CreateIndex
CREATE INDEX "AlertEvent_organizationId_occurredAt_idx" ON "AlertEvent"("organizationId", "occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "AlertEvent_ruleId_subjectKey_key" ON "AlertEvent"("ruleId", "subjectKey");

-- CreateIndex
CREATE INDEX "AlertDelivery_organizationId_createdAt_idx" ON "AlertDelivery"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "AlertDelivery_status_dueAt_idx" ON "AlertDelivery"("status", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "AlertDelivery_channelId_dedupeKey_key" ON "AlertDelivery"("channelId", "dedupeKey");

-- CreateIndex
CREATE UNIQUE INDEX "AlertDelivery_organizationId_id_key" ON "AlertDelivery"("organizationId", "id");

-- CreateIndex
CREATE INDEX "AlertAttempt_deliveryId_at_idx" ON "AlertAttempt"("deliveryId", "at");

-- AddForeignKey
ALTER TABLE "AlertChannel" ADD CONSTRAINT "AlertChannel_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertRule" ADD CONSTRAINT "AlertRule_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertRuleChannel" ADD CONSTRAINT "AlertRuleChannel_organizationId_ruleId_fkey" FOREIGN KEY ("organizationId", "ruleId") REFERENCES "AlertRule"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertRuleChannel" ADD CONSTRAINT "AlertRuleChannel_organizationId_channelId_fkey" FOREIGN KEY ("organizationId", "channelId") REFERENCES "AlertChannel"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertEvent" ADD CONSTRAINT "AlertEvent_organizationId_ruleId_fkey" FOREIGN KEY ("organizationId", "ruleId") REFERENCES "AlertRule"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertDelivery" ADD CONSTRAINT "AlertDelivery_organizationId_channelId_fkey" FOREIGN KEY ("organizationId", "channelId") REFERENCES "AlertChannel"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertAttempt" ADD CONSTRAINT "AlertAttempt_organizationId_deliveryId_fkey" FOREIGN KEY ("organizationId", "deliveryId") REFERENCES "AlertDelivery"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
