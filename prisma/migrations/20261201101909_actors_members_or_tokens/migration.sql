-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN     "createdByTokenId" TEXT;

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "actorTokenId" TEXT;

-- AlterTable
ALTER TABLE "Connection" ADD COLUMN     "createdByTokenId" TEXT;

-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "createdByTokenId" TEXT;

-- AlterTable
ALTER TABLE "SyncedReview" ADD COLUMN     "replyingByTokenId" TEXT;

-- AlterTable
ALTER TABLE "ReplyTemplate" ADD COLUMN     "updatedByTokenId" TEXT;

-- AlterTable
ALTER TABLE "SyncRun" ADD COLUMN     "createdByTokenId" TEXT;

-- AlterTable
ALTER TABLE "MetadataDraft" ADD COLUMN     "updatedByTokenId" TEXT;

-- AlterTable
ALTER TABLE "MetadataChange" ADD COLUMN     "pushedByTokenId" TEXT;


-- Rows made by an API token recorded the id of the token as if it were the id of a user.
-- Move each to the token column, so that the user column keeps only ids of users.
UPDATE "Invitation" x SET "createdByTokenId" = x."createdById", "createdById" = NULL
WHERE EXISTS (SELECT 1 FROM "ApiToken" t WHERE t."id" = x."createdById") AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = x."createdById");
UPDATE "AuditEvent" x SET "actorTokenId" = x."actorId", "actorId" = NULL
WHERE EXISTS (SELECT 1 FROM "ApiToken" t WHERE t."id" = x."actorId") AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = x."actorId");
UPDATE "Connection" x SET "createdByTokenId" = x."createdById", "createdById" = NULL
WHERE EXISTS (SELECT 1 FROM "ApiToken" t WHERE t."id" = x."createdById") AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = x."createdById");
UPDATE "ApiToken" x SET "createdByTokenId" = x."createdById", "createdById" = NULL
WHERE EXISTS (SELECT 1 FROM "ApiToken" t WHERE t."id" = x."createdById") AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = x."createdById");
UPDATE "SyncedReview" x SET "replyingByTokenId" = x."replyingById", "replyingById" = NULL
WHERE EXISTS (SELECT 1 FROM "ApiToken" t WHERE t."id" = x."replyingById") AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = x."replyingById");
UPDATE "ReplyTemplate" x SET "updatedByTokenId" = x."updatedById", "updatedById" = NULL
WHERE EXISTS (SELECT 1 FROM "ApiToken" t WHERE t."id" = x."updatedById") AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = x."updatedById");
UPDATE "SyncRun" x SET "createdByTokenId" = x."createdById", "createdById" = NULL
WHERE EXISTS (SELECT 1 FROM "ApiToken" t WHERE t."id" = x."createdById") AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = x."createdById");
UPDATE "MetadataDraft" x SET "updatedByTokenId" = x."updatedById", "updatedById" = NULL
WHERE EXISTS (SELECT 1 FROM "ApiToken" t WHERE t."id" = x."updatedById") AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = x."updatedById");
UPDATE "MetadataChange" x SET "pushedByTokenId" = x."pushedById", "pushedById" = NULL
WHERE EXISTS (SELECT 1 FROM "ApiToken" t WHERE t."id" = x."pushedById") AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = x."pushedById");

-- Names shown for what a token did before: its name, not a made-up address.
UPDATE "MetadataChange" x SET "pushedByEmail" = 'API token “' || t."name" || '”' FROM "ApiToken" t WHERE t."id" = x."pushedByTokenId";
UPDATE "AuditEvent" x SET "actorEmail" = 'API token “' || t."name" || '”' FROM "ApiToken" t WHERE t."id" = x."actorTokenId";

-- Whatever else is in a user column names no user ("admin-cli" of the admin CLI, or an id of
-- nothing): it names nobody, as the actions of the operator do from now on.
UPDATE "Invitation" x SET "createdById" = NULL WHERE x."createdById" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = x."createdById");
UPDATE "AuditEvent" x SET "actorId" = NULL WHERE x."actorId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = x."actorId");
UPDATE "Connection" x SET "createdById" = NULL WHERE x."createdById" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = x."createdById");
UPDATE "ApiToken" x SET "createdById" = NULL WHERE x."createdById" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = x."createdById");
UPDATE "SyncedReview" x SET "replyingById" = NULL WHERE x."replyingById" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = x."replyingById");
UPDATE "ReplyTemplate" x SET "updatedById" = NULL WHERE x."updatedById" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = x."updatedById");
UPDATE "SyncRun" x SET "createdById" = NULL WHERE x."createdById" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = x."createdById");
UPDATE "MetadataDraft" x SET "updatedById" = NULL WHERE x."updatedById" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = x."updatedById");
UPDATE "MetadataChange" x SET "pushedById" = NULL WHERE x."pushedById" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = x."pushedById");
UPDATE "Invitation" x SET "acceptedById" = NULL WHERE x."acceptedById" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = x."acceptedById");


-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_createdByTokenId_fkey" FOREIGN KEY ("createdByTokenId") REFERENCES "ApiToken"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_acceptedById_fkey" FOREIGN KEY ("acceptedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_actorTokenId_fkey" FOREIGN KEY ("actorTokenId") REFERENCES "ApiToken"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Connection" ADD CONSTRAINT "Connection_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Connection" ADD CONSTRAINT "Connection_createdByTokenId_fkey" FOREIGN KEY ("createdByTokenId") REFERENCES "ApiToken"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_createdByTokenId_fkey" FOREIGN KEY ("createdByTokenId") REFERENCES "ApiToken"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncedReview" ADD CONSTRAINT "SyncedReview_replyingById_fkey" FOREIGN KEY ("replyingById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncedReview" ADD CONSTRAINT "SyncedReview_replyingByTokenId_fkey" FOREIGN KEY ("replyingByTokenId") REFERENCES "ApiToken"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReplyTemplate" ADD CONSTRAINT "ReplyTemplate_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReplyTemplate" ADD CONSTRAINT "ReplyTemplate_updatedByTokenId_fkey" FOREIGN KEY ("updatedByTokenId") REFERENCES "ApiToken"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncRun" ADD CONSTRAINT "SyncRun_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncRun" ADD CONSTRAINT "SyncRun_createdByTokenId_fkey" FOREIGN KEY ("createdByTokenId") REFERENCES "ApiToken"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MetadataDraft" ADD CONSTRAINT "MetadataDraft_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MetadataDraft" ADD CONSTRAINT "MetadataDraft_updatedByTokenId_fkey" FOREIGN KEY ("updatedByTokenId") REFERENCES "ApiToken"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MetadataChange" ADD CONSTRAINT "MetadataChange_pushedById_fkey" FOREIGN KEY ("pushedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MetadataChange" ADD CONSTRAINT "MetadataChange_pushedByTokenId_fkey" FOREIGN KEY ("pushedByTokenId") REFERENCES "ApiToken"("id") ON DELETE SET NULL ON UPDATE CASCADE;
