-- CreateTable
CREATE TABLE "ShowMatchRoute" (
    "id" SERIAL NOT NULL,
    "matchKey" TEXT NOT NULL,
    "seasonTitle" TEXT NOT NULL DEFAULT '',
    "showId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ShowMatchRoute_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ShowMerge" (
    "id" SERIAL NOT NULL,
    "sourceId" INTEGER NOT NULL,
    "targetId" INTEGER NOT NULL,
    "record" JSONB NOT NULL,
    "mergedById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reversedAt" TIMESTAMP(3),
    "reversedById" INTEGER,

    CONSTRAINT "ShowMerge_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ShowMatchRoute_showId_idx" ON "ShowMatchRoute"("showId");

-- CreateIndex
CREATE UNIQUE INDEX "ShowMatchRoute_matchKey_seasonTitle_key" ON "ShowMatchRoute"("matchKey", "seasonTitle");

-- CreateIndex
CREATE INDEX "ShowMerge_targetId_idx" ON "ShowMerge"("targetId");

-- CreateIndex
CREATE INDEX "ShowMerge_sourceId_idx" ON "ShowMerge"("sourceId");

-- AddForeignKey
ALTER TABLE "ShowMatchRoute" ADD CONSTRAINT "ShowMatchRoute_showId_fkey" FOREIGN KEY ("showId") REFERENCES "Show"("id") ON DELETE CASCADE ON UPDATE CASCADE;

