-- CreateTable
CREATE TABLE "SeasonChartStats" (
    "seasonId" INTEGER NOT NULL,
    "showId" INTEGER NOT NULL,
    "category" "ChartCategory" NOT NULL,
    "firstWeekStart" DATE NOT NULL,
    "firstWeekEnd" DATE NOT NULL,
    "firstRunLastWeekEnd" DATE,
    "weeksInTop10" INTEGER NOT NULL,
    "debutRank" INTEGER,
    "peakRank" INTEGER,
    "hoursFirst28Days" DOUBLE PRECISION,
    "viewsFirst28Days" DOUBLE PRECISION,
    "totalHours" DOUBLE PRECISION,
    "totalViews" DOUBLE PRECISION,
    "largestDropPercent" DOUBLE PRECISION,
    "largestDropWeekEnd" DATE,
    "reentryWeeks" INTEGER NOT NULL,
    "chartWeeks" INTEGER NOT NULL,
    "chartHours" DOUBLE PRECISION,
    "chartViews" DOUBLE PRECISION,
    "bestRank" INTEGER NOT NULL,
    "dataThrough" DATE NOT NULL,
    "refreshedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SeasonChartStats_pkey" PRIMARY KEY ("seasonId")
);

-- CreateIndex
CREATE INDEX "SeasonChartStats_category_firstWeekEnd_idx" ON "SeasonChartStats"("category", "firstWeekEnd");

-- CreateIndex
CREATE INDEX "SeasonChartStats_showId_idx" ON "SeasonChartStats"("showId");

-- CreateIndex
CREATE INDEX "SeasonChartStats_viewsFirst28Days_idx" ON "SeasonChartStats"("viewsFirst28Days");

-- CreateIndex
CREATE INDEX "SeasonChartStats_hoursFirst28Days_idx" ON "SeasonChartStats"("hoursFirst28Days");

-- AddForeignKey
ALTER TABLE "SeasonChartStats" ADD CONSTRAINT "SeasonChartStats_seasonId_fkey" FOREIGN KEY ("seasonId") REFERENCES "Season"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SeasonChartStats" ADD CONSTRAINT "SeasonChartStats_showId_fkey" FOREIGN KEY ("showId") REFERENCES "Show"("id") ON DELETE CASCADE ON UPDATE CASCADE;

