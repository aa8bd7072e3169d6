// The two rules the model is measured against, on the same seasons. Pure: no database.
import { chartRunOf } from "../figures.js";
import { DAY_MS, type HistoryRow } from "./history.js";
import { assessOutlook } from "./points-rule.js";

const HALF_YEAR_MS = 182 * DAY_MS;

function runRows(history: readonly HistoryRow[], seasonId: number): HistoryRow[] {
  const own = history.filter((row) => row.seasonId === seasonId);
  return own.filter((row) => row.category === own[0]?.category);
}

const asWeeks = (rows: readonly HistoryRow[]) =>
  rows.map((row) => ({ weekStart: row.weekStart, weekEnd: row.weekEnd, rank: row.rank, hoursViewed: row.hours, runtimeHours: row.runtimeHours, publishedViews: row.views }));

/** The source article's rule: hours falling more than 50% from one week to the next in the first month → canceled. */
export function articleRuleSaysRenewed(history: readonly HistoryRow[], seasonId: number): boolean {
  const run = chartRunOf(asWeeks(runRows(history, seasonId)));
  return !run!.firstMonthDropOver50Percent;
}

/**
 * Greenlight's former points rule, exactly as it served: the season's whole run in its list, the peers
 * that entered the list within six months either side, as of the newest week in the data.
 */
export function pointsRuleScore(history: readonly HistoryRow[], seasonId: number, newestWeek: Date): number {
  const rows = runRows(history, seasonId);
  const run = chartRunOf(asWeeks(rows))!;
  const figure = (seasonRows: readonly HistoryRow[]) => {
    const start = seasonRows[0]!.weekStart.getTime();
    const month = seasonRows.filter((row) => row.weekEnd.getTime() <= start + 27 * DAY_MS);
    return month.every((row) => row.views !== null)
      ? { value: month.reduce((t, row) => t + row.views!, 0), metric: "views" }
      : { value: month.reduce((t, row) => t + (row.hours ?? 0), 0), metric: "hours" };
  };
  const own = figure(rows);
  const firsts = new Map<number, HistoryRow[]>();
  for (const row of history) {
    if (row.category !== rows[0]!.category || row.seasonId === seasonId) continue;
    firsts.set(row.seasonId, [...(firsts.get(row.seasonId) ?? []), row]);
  }
  const peers = [...firsts.values()]
    .filter((peer) => Math.abs(peer[0]!.weekEnd.getTime() - run.firstWeek.getTime()) <= HALF_YEAR_MS)
    .map(figure)
    .filter((peer) => peer.metric === own.metric)
    .map((peer) => peer.value);
  return assessOutlook(run, own.value, peers, newestWeek).score;
}
