-- CreateEnum
CREATE TYPE "ConnectionKeyKind" AS ENUM ('TEAM', 'INDIVIDUAL');

-- AlterTable
ALTER TABLE "Connection" ADD COLUMN     "capabilities" JSONB,
ADD COLUMN     "capabilitiesCheckedAt" TIMESTAMP(3),
ADD COLUMN     "keyKind" "ConnectionKeyKind" NOT NULL DEFAULT 'TEAM',
ADD COLUMN     "syncBlocks" JSONB NOT NULL DEFAULT '{}',
ALTER COLUMN "issuerId" DROP NOT NULL,
ALTER COLUMN "salesHourUtc" SET DEFAULT 14;

-- AlterTable
ALTER TABLE "SyncedAppInfo" ADD COLUMN     "state" TEXT;

-- AlterTable
ALTER TABLE "SyncedVersion" ADD COLUMN     "appVersionState" TEXT;

-- The old default hour (09:00 UTC) came before Apple publishes the previous day's report in
-- the Americas (5 am Pacific Time), so connections still on it move to the new default.
UPDATE "Connection" SET "salesHourUtc" = 14 WHERE "salesHourUtc" = 9;
