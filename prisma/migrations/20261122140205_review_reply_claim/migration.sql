-- AlterTable
ALTER TABLE "SyncedReview" ADD COLUMN     "replyingAt" TIMESTAMP(3),
ADD COLUMN     "replyingById" TEXT;
