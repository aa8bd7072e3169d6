// Figures renewal reporting uses, computed from stored chart rows (never stored themselves).
// Pure functions: no database, no GraphQL.
import { decisionDateOf } from "./first-run.js";

export interface WeekOfChart {
  weekStart: Date;
  weekEnd: Date;
  rank: number;
  hoursViewed: number | null;
  runtimeHours: number | null;
  /** Netflix's published views; null where the file has none. */
  publishedViews?: number | null;
}

export type ViewsSource = "NETFLIX" | "COMPUTED";

/**
 * A week's views: Netflix's own figure where it publishes one (rounded by Netflix, and given even
 * where its runtime column says 0); otherwise hours ÷ runtime, with the row's runtime or, before
 * Netflix published runtimes, the season's (filled from any row that states it). Null when neither.
 */
export function viewsOf(
  week: Pick<WeekOfChart, "hoursViewed" | "runtimeHours" | "publishedViews">,
  seasonRuntimeHours: number | null = null,
): { views: number; source: ViewsSource } | null {
  if (week.publishedViews != null) return { views: week.publishedViews, source: "NETFLIX" };
  const runtime = week.runtimeHours || seasonRuntimeHours;
  if (week.hoursViewed === null || !runtime) return null;
  return { views: Math.round(week.hoursViewed / runtime), source: "COMPUTED" };
}

const DAY_MS = 86_400_000;

/** Change in percent, to two decimals (so whole-percent display rounds once); null without both figures. */
export function percentChange(previous: number | null, current: number | null): number | null {
  if (previous === null || current === null || previous === 0) return null;
  return Math.round(((current - previous) / previous) * 10_000) / 100;
}

export interface WeekOverWeek {
  weekEnd: Date;
  hoursViewed: number | null;
  hoursChange: number | null;
  hoursChangePercent: number | null;
}

export interface ChartRunFigures {
  firstWeek: Date;
  lastWeek: Date;
  weeksInTop10: number;
  peakRank: number;
  totalHours: number | null;
  /** Null unless every week's views are known (see `viewsOf`). */
  totalViews: number | null;
  /** Hours in the weeks that end within 28 days of the first week's start. */
  hoursFirst28Days: number | null;
  /** Views in those weeks; null unless each of them is known. */
  viewsFirst28Days: number | null;
  weeks: WeekOverWeek[];
  largestDrop: { weekEnd: Date; percent: number } | null;
  /** A fall of more than half from one week to the next within the first 28 days. */
  firstMonthDropOver50Percent: boolean;
}

/** One list's consecutive weeks, oldest first (the caller passes a single list and region). */
export function chartRunOf(entries: readonly WeekOfChart[], seasonRuntimeHours: number | null = null): ChartRunFigures | null {
  if (entries.length === 0) return null;
  const weeks = [...entries].sort((a, b) => a.weekEnd.getTime() - b.weekEnd.getTime());
  const first = weeks[0]!;
  const monthEnd = decisionDateOf(first.weekStart).getTime();
  const hours = weeks.map((week) => week.hoursViewed);
  const known = hours.every((value) => value !== null);
  const views = weeks.map((week) => viewsOf(week, seasonRuntimeHours)?.views ?? null);
  const sum = (values: (number | null)[]) => values.reduce<number>((total, value) => total + (value ?? 0), 0);
  const inFirstMonth = (week: { weekEnd: Date }) => week.weekEnd.getTime() <= monthEnd;
  const monthViews = views.filter((_, index) => inFirstMonth(weeks[index]!));

  const series: WeekOverWeek[] = weeks.map((week, index) => {
    const previous = weeks[index - 1];
    const consecutive = previous && week.weekEnd.getTime() - previous.weekEnd.getTime() === 7 * DAY_MS;
    const before = consecutive ? previous.hoursViewed : null;
    return {
      weekEnd: week.weekEnd,
      hoursViewed: week.hoursViewed,
      hoursChange: before !== null && week.hoursViewed !== null ? week.hoursViewed - before : null,
      hoursChangePercent: percentChange(before, week.hoursViewed),
    };
  });
  const drops = series.filter((week) => week.hoursChangePercent !== null && week.hoursChangePercent < 0);
  const largest = drops.reduce<WeekOverWeek | null>(
    (worst, week) => (worst === null || week.hoursChangePercent! < worst.hoursChangePercent! ? week : worst),
    null,
  );
  return {
    firstWeek: first.weekEnd,
    lastWeek: weeks[weeks.length - 1]!.weekEnd,
    weeksInTop10: weeks.length,
    peakRank: Math.min(...weeks.map((week) => week.rank)),
    totalHours: known ? sum(hours) : null,
    totalViews: views.every((value) => value !== null) ? views.reduce<number>((total, value) => total + value!, 0) : null,
    hoursFirst28Days: known ? sum(weeks.filter(inFirstMonth).map((week) => week.hoursViewed)) : null,
    viewsFirst28Days: monthViews.every((value) => value !== null) ? sum(monthViews) : null,
    weeks: series,
    largestDrop: largest ? { weekEnd: largest.weekEnd, percent: largest.hoursChangePercent! } : null,
    firstMonthDropOver50Percent: series.some(
      (week) => inFirstMonth(week) && week.hoursChangePercent !== null && week.hoursChangePercent < -50,
    ),
  };
}
