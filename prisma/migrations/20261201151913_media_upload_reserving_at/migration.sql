-- AlterTable
ALTER TABLE "MediaUpload" ADD COLUMN     "reservingAt" TIMESTAMP(3);
