// What the renewal model knows about a season: figures from its first 28 days only, measured against the
// same list's titles that debuted in the half year before it. The one feature module that training, the
// backtest and serving all call, so the model is served exactly what it was trained on. Pure: no database.
import { DAY_MS, DECISION_DAYS, type HistoryRow } from "./history.js";

const PEER_DAYS = 182;
/** A previous season counts as a first run of its own when it debuted at least this long before (labels.ts's renewal gap). */
const PRIOR_RUN_DAYS = 90;
/** A week a season was not in the Top 10 had fewer hours than the list's No. 10 that week: taken as 70% of it. */
const BELOW_LIST_SHARE = 0.7;

export const FEATURE_NAMES = [
  "relativeHours",
  "relativeViews",
  "weeksInTop10",
  "debutRank",
  "peakRank",
  "week2Change",
  "largestDrop",
  "hold",
  "nonEnglish",
  "returningSeason",
  "priorSeason",
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];
export type FeatureVector = Record<FeatureName, number>;

/** One week of the first 28 days, numbered from the debut week (1). */
export interface FirstMonthWeek {
  week: number;
  weekEnd: Date;
  rank: number | null;
  /** Null when the season was not in the Top 10 that week. */
  hours: number | null;
  /** The hours the model uses: the real figure, or the estimate below the list's No. 10. */
  modelHours: number;
  /** Change from the week before in percent (real figures only), as figures.ts rounds it. */
  changePercent: number | null;
}

export interface SeasonFeatures {
  seasonId: number;
  category: string;
  firstWeekEnd: Date;
  /** The last day of the first 28 days: the decision date. */
  decisionDate: Date;
  values: FeatureVector;
  /** The figures behind the values, for reasons in words. */
  figures: {
    seasonNumber: number;
    hoursFirst28Days: number;
    viewsFirst28Days: number | null;
    peerCount: number;
    peerMedianHours: number | null;
    peerMedianViews: number | null;
    weeks: FirstMonthWeek[];
    debutRank: number;
    peakRank: number;
    priorSeason: { number: number; hoursFirst28Days: number } | null;
  };
}

const time = (date: Date) => date.getTime();
const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const logRatio = (a: number, b: number | null) => (b && a > 0 ? Math.log(a / b) : 0);

/** A season's debut in the data: its first list and first week there. */
type RunRow = Pick<HistoryRow, "showId" | "seasonId" | "seasonNumber" | "category" | "weekStart" | "weekEnd">;

export function debutOf(rows: readonly RunRow[], seasonId: number): { category: string; weekStart: Date; weekEnd: Date } | null {
  let first: RunRow | null = null;
  for (const row of rows) if (row.seasonId === seasonId && (first === null || time(row.weekEnd) < time(first.weekEnd))) first = row;
  return first && { category: first.category, weekStart: first.weekStart, weekEnd: first.weekEnd };
}

/**
 * The season's first run: its rows in the list it debuted in, before any later season of the show charted (a
 * later season's release makes earlier ones chart again; those weeks are not this season's run). Empty when it
 * charted only once a later season was out. The features and the drafted articles both read runs through this.
 */
export function firstRunOf<Row extends RunRow>(rows: readonly Row[], seasonId: number): Row[] {
  const debut = debutOf(rows, seasonId);
  if (!debut) return [];
  const { showId, seasonNumber } = rows.find((row) => row.seasonId === seasonId)!;
  const { category } = debut;
  const laterStart = Math.min(...rows.filter((row) => row.showId === showId && row.seasonNumber > seasonNumber).map((row) => time(row.weekEnd)));
  return rows.filter((row) => row.seasonId === seasonId && row.category === category && time(row.weekEnd) < laterStart);
}

export const decisionDateOf = (weekStart: Date) => new Date(time(weekStart) + (DECISION_DAYS - 1) * DAY_MS);

/**
 * The season's features as they stood at its decision date, or null when `asOf` is before it (too early),
 * it never charted, or it charted only once a later season was out (no first run). Every row after the decision date (and after `asOf`) is dropped before anything is
 * computed, so later weeks (a re-entry when a new season comes out, a peer's later run) cannot reach them.
 */
export function featuresOf(history: readonly HistoryRow[], seasonId: number, asOf: Date): SeasonFeatures | null {
  const debut = debutOf(history.filter((row) => time(row.weekEnd) <= time(asOf)), seasonId);
  if (!debut) return null;
  const decisionDate = decisionDateOf(debut.weekStart);
  if (time(asOf) < time(decisionDate)) return null;
  const visible = history.filter((row) => time(row.weekEnd) <= time(decisionDate));
  const list = visible.filter((row) => row.category === debut.category);

  const firstRun = firstRunOf(visible, seasonId);
  // Charted only once a later season was out: library viewing, no first run to judge.
  if (firstRun.length === 0) return null;
  const { showId, seasonNumber } = firstRun[0]!;

  const weeks: FirstMonthWeek[] = [];
  for (let end = time(debut.weekEnd), week = 1; end <= time(decisionDate); end += 7 * DAY_MS, week += 1) {
    const row = firstRun.find((candidate) => time(candidate.weekEnd) === end);
    const floor = Math.min(...list.filter((candidate) => time(candidate.weekEnd) === end && candidate.hours !== null).map((c) => c.hours!));
    const previous = weeks.at(-1);
    const hours = row?.hours ?? null;
    const modelHours = hours ?? (Number.isFinite(floor) ? floor * BELOW_LIST_SHARE : (previous?.modelHours ?? 1) * 0.5);
    const changePercent =
      hours !== null && previous?.hours != null && previous.hours > 0 ? Math.round(((hours - previous.hours) / previous.hours) * 10_000) / 100 : null;
    weeks.push({ week, weekEnd: new Date(end), rank: row?.rank ?? null, hours, modelHours, changePercent });
  }
  const charted = firstRun.filter((row) => row.hours !== null);
  const hours28 = charted.reduce((total, row) => total + row.hours!, 0);
  const views28 = firstRun.every((row) => row.views !== null) ? firstRun.reduce((total, row) => total + row.views!, 0) : null;

  // Peers: the other titles that debuted in the same list in the half year up to this one's debut.
  const firsts = new Map<number, HistoryRow>();
  for (const row of list) if (!firsts.has(row.seasonId)) firsts.set(row.seasonId, row);
  const peerHours: number[] = [];
  const peerViews: number[] = [];
  for (const [peerId, first] of firsts) {
    if (peerId === seasonId || time(first.weekEnd) < time(debut.weekEnd) - PEER_DAYS * DAY_MS || time(first.weekEnd) > time(debut.weekEnd)) continue;
    const peerRows = list.filter((row) => row.seasonId === peerId && time(row.weekEnd) <= time(decisionDateOf(first.weekStart)));
    peerHours.push(peerRows.reduce((total, row) => total + (row.hours ?? 0), 0));
    if (peerRows.every((row) => row.views !== null)) peerViews.push(peerRows.reduce((total, row) => total + row.views!, 0));
  }
  const peerMedianHours = median(peerHours);
  const peerMedianViews = median(peerViews);

  // The previous season's own first run, where it is in the data.
  // Only a first run of its own counts: a previous season first charting beside this one is library viewing
  // (Bridgerton season 1 charts only beside season 2).
  const previousRows = visible.filter((row) => row.showId === showId && row.seasonNumber === seasonNumber - 1);
  const previousFirst = previousRows.length > 0 ? debutOf(previousRows, previousRows[0]!.seasonId) : null;
  const previousDebut = previousFirst && time(previousFirst.weekEnd) <= time(debut.weekEnd) - PRIOR_RUN_DAYS * DAY_MS ? previousFirst : null;
  const priorSeason = previousDebut && {
    number: seasonNumber - 1,
    hoursFirst28Days: previousRows
      .filter((row) => row.category === previousDebut.category && time(row.weekEnd) <= time(decisionDateOf(previousDebut.weekStart)))
      .reduce((total, row) => total + (row.hours ?? 0), 0),
  };

  const series = weeks.map((week) => week.modelHours);
  const changes = series.slice(1).map((value, index) => Math.log(value / series[index]!));
  const debutRank = firstRun[0]!.rank;
  const peakRank = Math.min(...firstRun.map((row) => row.rank));
  const relativeHours = logRatio(hours28, peerMedianHours);
  return {
    seasonId,
    category: debut.category,
    firstWeekEnd: debut.weekEnd,
    decisionDate,
    values: {
      relativeHours,
      relativeViews: views28 !== null && peerMedianViews !== null && peerViews.length >= 5 ? logRatio(views28, peerMedianViews) : relativeHours,
      weeksInTop10: charted.length,
      debutRank: (11 - debutRank) / 10,
      peakRank: (11 - peakRank) / 10,
      week2Change: changes[0] ?? 0,
      largestDrop: Math.min(0, ...changes),
      hold: Math.log(series.at(-1)! / Math.max(...series)),
      nonEnglish: debut.category === "TV_NON_ENGLISH" ? 1 : 0,
      returningSeason: seasonNumber > 1 ? 1 : 0,
      priorSeason: priorSeason && priorSeason.hoursFirst28Days > 0 ? logRatio(hours28, priorSeason.hoursFirst28Days) : 0,
    },
    figures: {
      seasonNumber,
      hoursFirst28Days: hours28,
      viewsFirst28Days: views28,
      peerCount: peerHours.length,
      peerMedianHours,
      peerMedianViews,
      weeks,
      debutRank,
      peakRank,
      priorSeason,
    },
  };
}
