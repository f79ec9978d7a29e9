-- CreateTable
CREATE TABLE "MetadataDraft" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "localizationId" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "baseValue" TEXT,
    "pushError" TEXT,
    "updatedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MetadataDraft_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MetadataChange" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "localizationId" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "versionString" TEXT,
    "oldValue" TEXT,
    "newValue" TEXT NOT NULL,
    "pushedById" TEXT,
    "pushedByEmail" TEXT,
    "pushedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MetadataChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MetadataDraft_organizationId_appId_idx" ON "MetadataDraft"("organizationId", "appId");

-- CreateIndex
CREATE UNIQUE INDEX "MetadataDraft_localizationId_field_key" ON "MetadataDraft"("localizationId", "field");

-- CreateIndex
CREATE INDEX "MetadataChange_organizationId_appId_pushedAt_idx" ON "MetadataChange"("organizationId", "appId", "pushedAt" DESC);

-- AddForeignKey
ALTER TABLE "MetadataDraft" ADD CONSTRAINT "MetadataDraft_organizationId_appId_fkey" FOREIGN KEY ("organizationId", "appId") REFERENCES "SyncedApp"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MetadataChange" ADD CONSTRAINT "MetadataChange_organizationId_appId_fkey" FOREIGN KEY ("organizationId", "appId") REFERENCES "SyncedApp"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
