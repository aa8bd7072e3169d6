-- CreateEnum
CREATE TYPE "ProvenanceOrigin" AS ENUM ('EDITOR', 'SEED', 'IMPORT');

-- AlterTable
ALTER TABLE "Show" ADD COLUMN     "updatedById" INTEGER,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "updatedById" INTEGER,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "ProductionCompany" ADD COLUMN     "updatedById" INTEGER,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "ShowSlugAlias" (
    "slug" TEXT NOT NULL,
    "showId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ShowSlugAlias_pkey" PRIMARY KEY ("slug")
);

-- CreateTable
CREATE TABLE "PersonSlugAlias" (
    "slug" TEXT NOT NULL,
    "personId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PersonSlugAlias_pkey" PRIMARY KEY ("slug")
);

-- CreateTable
CREATE TABLE "FieldProvenance" (
    "id" SERIAL NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" INTEGER NOT NULL,
    "field" TEXT NOT NULL,
    "origin" "ProvenanceOrigin" NOT NULL,
    "userId" INTEGER,
    "file" TEXT,
    "line" INTEGER,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FieldProvenance_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ShowSlugAlias_showId_idx" ON "ShowSlugAlias"("showId");

-- CreateIndex
CREATE INDEX "PersonSlugAlias_personId_idx" ON "PersonSlugAlias"("personId");

-- CreateIndex
CREATE INDEX "FieldProvenance_userId_idx" ON "FieldProvenance"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "FieldProvenance_entityType_entityId_field_key" ON "FieldProvenance"("entityType", "entityId", "field");

-- AddForeignKey
ALTER TABLE "Show" ADD CONSTRAINT "Show_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProductionCompany" ADD CONSTRAINT "ProductionCompany_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShowSlugAlias" ADD CONSTRAINT "ShowSlugAlias_showId_fkey" FOREIGN KEY ("showId") REFERENCES "Show"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PersonSlugAlias" ADD CONSTRAINT "PersonSlugAlias_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FieldProvenance" ADD CONSTRAINT "FieldProvenance_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

