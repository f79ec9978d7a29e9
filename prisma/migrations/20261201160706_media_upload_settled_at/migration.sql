-- AlterTable
ALTER TABLE "MediaUpload" ADD COLUMN     "settledAt" TIMESTAMP(3);

-- Uploads finished before this column existed were settled then.
UPDATE "MediaUpload" SET "settledAt" = "finishedAt" WHERE "status" = 'COMPLETE';
