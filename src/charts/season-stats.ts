// The precomputed per-season chart statistics (SeasonChartStats): the one place that writes them. Leaderboards,
// season figures and company and person totals read the table instead of scanning chart rows per request.
import type { Prisma, PrismaClient } from "../db/prisma.js";
import { chartRunOf } from "./figures.js";
import { firstRunOf } from "./first-run.js";
import { DAY_MS, loadHistory, type HistoryRow } from "./outlook/history.js";

type Writer = Prisma.TransactionClient | PrismaClient;

const asWeek = (row: HistoryRow) => ({
  weekStart: row.weekStart,
  weekEnd: row.weekEnd,
  rank: row.rank,
  hoursViewed: row.hours,
  runtimeHours: row.runtimeHours,
  publishedViews: row.views,
});

const sumOrNull = (values: (number | null)[]) => (values.every((value) => value !== null) ? values.reduce<number>((total, value) => total + value!, 0) : null);

/** Netflix's Most Popular window: a title's first 91 days, i.e. its first 13 weeks. */
const MOST_POPULAR_WINDOW_DAYS = 91;

/**
 * The first run's weeks ending within 91 days of its first Monday and their views summed (null when a week's
 * views are unknown or there is no first run): our estimate against Netflix's Most Popular list, a lower bound.
 */
export function first91DaysOf(firstRun: readonly HistoryRow[]): { views: number | null; weeks: number } {
  if (firstRun.length === 0) return { views: null, weeks: 0 };
  const windowEnd = firstRun[0]!.weekStart.getTime() + (MOST_POPULAR_WINDOW_DAYS - 1) * DAY_MS;
  const weeks = firstRun.filter((row) => row.weekEnd.getTime() <= windowEnd);
  return { views: sumOrNull(weeks.map((row) => row.views)), weeks: weeks.length };
}

/** One season's statistics from its show's global TV rows (pure). */
export function seasonStatsOf(rows: readonly HistoryRow[], seasonId: number, newestWeekOf: ReadonlyMap<string, Date>): Prisma.SeasonChartStatsCreateManyInput | null {
  const run = firstRunOf(rows, seasonId);
  if (!run) return null;
  const { debut, firstRun, excluded } = run;
  const figures = chartRunOf(firstRun.map(asWeek));
  const all = [...firstRun, ...excluded];
  const first91Days = first91DaysOf(firstRun);
  return {
    seasonId,
    showId: debut.showId,
    category: debut.category as Prisma.SeasonChartStatsCreateManyInput["category"],
    firstWeekStart: debut.weekStart,
    firstWeekEnd: debut.weekEnd,
    firstRunLastWeekEnd: figures?.lastWeek ?? null,
    weeksInTop10: firstRun.length,
    debutRank: firstRun[0]?.rank ?? null,
    peakRank: figures?.peakRank ?? null,
    hoursFirst28Days: figures?.hoursFirst28Days ?? null,
    viewsFirst28Days: figures?.viewsFirst28Days ?? null,
    viewsFirst91Days: first91Days.views,
    weeksFirst91Days: first91Days.weeks,
    totalHours: figures?.totalHours ?? null,
    totalViews: figures?.totalViews ?? null,
    largestDropPercent: figures?.largestDrop?.percent ?? null,
    largestDropWeekEnd: figures?.largestDrop?.weekEnd ?? null,
    reentryWeeks: excluded.length,
    chartWeeks: all.length,
    chartHours: sumOrNull(all.map((row) => row.hours)),
    chartViews: sumOrNull(all.map((row) => row.views)),
    bestRank: Math.min(...all.map((row) => row.rank)),
    dataThrough: newestWeekOf.get(debut.category) ?? debut.weekEnd,
  };
}

/**
 * Recomputes the statistics of every season of `showIds` (and drops those of seasons that no longer chart or
 * moved away), inside the caller's transaction: a Top 10 import, the seed, a merge, unmerge or split. Four
 * statements whatever the number of shows.
 */
export async function refreshSeasonChartStats(tx: Writer, showIds: Iterable<number>): Promise<void> {
  const ids = [...new Set(showIds)];
  if (ids.length === 0) return;
  const rows = await loadHistory(tx, { showIds: ids });
  const newest = await tx.chartEntry.groupBy({ by: ["category"], where: { region: "GLOBAL" }, _max: { weekEnd: true } });
  const newestWeekOf = new Map(newest.map((group) => [group.category as string, group._max.weekEnd!]));
  const seasonIds = [...new Set(rows.map((row) => row.seasonId))];
  const stats = seasonIds.flatMap((seasonId) => seasonStatsOf(rows, seasonId, newestWeekOf) ?? []);
  await tx.seasonChartStats.deleteMany({ where: { OR: [{ showId: { in: ids } }, { seasonId: { in: seasonIds } }] } });
  if (stats.length > 0) await tx.seasonChartStats.createMany({ data: stats });
}
