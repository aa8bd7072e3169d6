-- AlterTable
ALTER TABLE "SeasonChartStats" ADD COLUMN     "viewsFirst91Days" DOUBLE PRECISION,
ADD COLUMN     "weeksFirst91Days" INTEGER NOT NULL DEFAULT 0;


-- Backfill from the chart rows, as src/charts/season-stats.ts computes it for every later refresh: the weeks of
-- the first run (the debut list, first to last week of the run) ending within 91 days of the first Monday. Views
-- are the published ones, else hours divided by the row runtime (else the season runtime). One unknown week makes
-- the sum unknown (no semicolons in these comments: the migration runner splits statements on them).
UPDATE "SeasonChartStats" AS s
SET "viewsFirst91Days" = w."v91", "weeksFirst91Days" = w."weeks"
FROM (
  SELECT st."seasonId",
         COUNT(*)::int AS "weeks",
         CASE WHEN bool_and(v."v" IS NOT NULL) THEN SUM(v."v") END AS "v91"
  FROM "SeasonChartStats" AS st
  JOIN "ChartEntry" AS e
    ON e."seasonId" = st."seasonId" AND e.region = 'GLOBAL' AND e.category = st.category
   AND e."weekEnd" >= st."firstWeekEnd" AND e."weekEnd" <= st."firstRunLastWeekEnd" AND e."weekEnd" <= st."firstWeekStart" + 90
  JOIN "Season" AS se ON se.id = e."seasonId"
  CROSS JOIN LATERAL (
    SELECT COALESCE(e."views"::float8, ROUND(e."hoursViewed" / NULLIF(COALESCE(NULLIF(e."runtimeHours", 0), NULLIF(se."runtimeHours", 0)), 0))::float8) AS "v"
  ) AS v
  GROUP BY st."seasonId"
) AS w
WHERE w."seasonId" = s."seasonId";
