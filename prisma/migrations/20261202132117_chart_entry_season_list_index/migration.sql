-- CreateIndex
CREATE INDEX "ChartEntry_seasonId_region_category_weekEnd_idx" ON "ChartEntry"("seasonId", "region", "category", "weekEnd");

