-- AlterTable
ALTER TABLE "Show" ADD COLUMN     "contentRating" TEXT,
ADD COLUMN     "countries" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "runtimeMinutes" INTEGER;

-- CreateTable
CREATE TABLE "ShowExternalId" (
    "source" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "showId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ShowExternalId_pkey" PRIMARY KEY ("source","externalId")
);

-- CreateIndex
CREATE INDEX "ShowExternalId_showId_idx" ON "ShowExternalId"("showId");

-- AddForeignKey
ALTER TABLE "ShowExternalId" ADD CONSTRAINT "ShowExternalId_showId_fkey" FOREIGN KEY ("showId") REFERENCES "Show"("id") ON DELETE CASCADE ON UPDATE CASCADE;

