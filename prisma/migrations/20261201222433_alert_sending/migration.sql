-- AlterEnum
ALTER TYPE "AlertDeliveryStatus" ADD VALUE 'UNCONFIRMED';

-- AlterTable
ALTER TABLE "AlertDelivery" ADD COLUMN     "sendingAt" TIMESTAMP(3);
