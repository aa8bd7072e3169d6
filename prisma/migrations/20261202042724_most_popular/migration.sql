-- CreateTable
CREATE TABLE "MostPopularEntry" (
    "id" SERIAL NOT NULL,
    "category" "ChartCategory" NOT NULL,
    "rank" INTEGER NOT NULL,
    "showTitle" TEXT NOT NULL,
    "seasonTitle" TEXT,
    "hoursFirst91Days" BIGINT NOT NULL,
    "viewsFirst91Days" BIGINT NOT NULL,
    "runtimeHours" DECIMAL(9,4),
    "showId" INTEGER,
    "seasonId" INTEGER,
    "file" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "importedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MostPopularEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MostPopularEntry_seasonId_idx" ON "MostPopularEntry"("seasonId");

-- CreateIndex
CREATE INDEX "MostPopularEntry_showId_idx" ON "MostPopularEntry"("showId");

-- CreateIndex
CREATE UNIQUE INDEX "MostPopularEntry_category_rank_key" ON "MostPopularEntry"("category", "rank");

-- AddForeignKey
ALTER TABLE "MostPopularEntry" ADD CONSTRAINT "MostPopularEntry_showId_fkey" FOREIGN KEY ("showId") REFERENCES "Show"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MostPopularEntry" ADD CONSTRAINT "MostPopularEntry_seasonId_fkey" FOREIGN KEY ("seasonId") REFERENCES "Season"("id") ON DELETE SET NULL ON UPDATE CASCADE;

