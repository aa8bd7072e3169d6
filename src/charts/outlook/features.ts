// What the renewal model knows about a season: figures from its first 28 days only, measured against the
// same list's titles that debuted in the half year before it. The one feature module that training, the
// backtest and serving all call, so the model is served exactly what it was trained on. Pure: no database.
import { DAY_MS, type HistoryRow, type ShowMetadata } from "./history.js";
import { debutOf, decisionDateOf, firstRunOf } from "../first-run.js";

export { decisionDateOf };

const PEER_DAYS = 182;
/** A previous season counts as a first run of its own when it debuted at least this long before (labels.ts's renewal gap). */
const PRIOR_RUN_DAYS = 90;
/** A week a season was not in the Top 10 had fewer hours than the list's No. 10 that week: taken as 70% of it. */
const BELOW_LIST_SHARE = 0.7;

/** What the database knows of the show itself (metadataFeaturesOf below): 1 or 0, NaN when it does not know. */
export const METADATA_FEATURES = [
  "reality",
  "documentary",
  "unscripted",
  "animation",
  "anime",
  "kids",
  "crime",
  "comedy",
  "drama",
  "sciFi",
  "action",
  "mystery",
  "soap",
  "englishOriginal",
  "korean",
  "spanish",
  "japanese",
  "usProduction",
  "coProduction",
  "kidsRating",
] as const;
type MetadataFeature = (typeof METADATA_FEATURES)[number];

export const FEATURE_NAMES = [
  "relativeHours",
  "relativeViews",
  "weeksInTop10",
  "debutRank",
  "peakRank",
  "week2Change",
  "largestDrop",
  "hold",
  "lastWeekHours",
  "nonEnglish",
  "returningSeason",
  "priorSeason",
  ...METADATA_FEATURES,
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];
/** NaN marks a value the database does not have (a show without TMDB's genres): the model counts it as the training average. */
export type FeatureVector = Record<FeatureName, number>;

/**
 * Show metadata the server has from the database when it predicts, fixed before the season airs: TMDB's genres
 * (its names: "Reality", "Documentary", "Animation", "Kids", "Family", "Sci-Fi & Fantasy", "Soap" ...), the
 * original language, the production countries and the content rating. Left out because they leak the outcome: season counts, status and
 * premiere dates (Wikipedia's list of originals holds only shows still running in November 2023, so anything
 * only it gives says "not canceled by then"), TMDB's popularity (measured in November 2023, after the
 * season). Runtime and episode counts are known only from June 2023 (they would tell the test years from the
 * training years) and "original vs licensed" is true for every imported show (no file sets it); see README
 * "Renewal outlook".
 */
export const FEATURE_GENRES = {
  reality: ["Reality"],
  documentary: ["Documentary"],
  unscripted: ["Reality", "Documentary"],
  animation: ["Animation"],
  kids: ["Kids", "Family"],
  crime: ["Crime"],
  comedy: ["Comedy"],
  drama: ["Drama"],
  sciFi: ["Sci-Fi & Fantasy"],
  action: ["Action & Adventure"],
  mystery: ["Mystery"],
  soap: ["Soap"],
  // Animation in Japanese (the language check is below).
  anime: ["Animation"],
} as const;
/** Content ratings for children (US TV and MPA): the Kaggle file's `rating`. */
const KIDS_RATINGS = ["TV-Y", "TV-Y7", "TV-Y7-FV", "TV-G", "G", "PG"];

/** 1 or 0 for each metadata feature, NaN where the database does not know (no genres, language, countries or rating). */
export function metadataFeaturesOf(show: ShowMetadata): Record<MetadataFeature, number> {
  const known = show.genres.length > 0;
  const genre = (names: readonly string[]) => (!known ? NaN : names.some((name) => show.genres.includes(name)) ? 1 : 0);
  const language = (code: string) => (show.originalLanguage === null ? NaN : show.originalLanguage === code ? 1 : 0);
  const genres = Object.fromEntries(Object.entries(FEATURE_GENRES).map(([name, names]) => [name, genre(names)])) as Record<keyof typeof FEATURE_GENRES, number>;
  return {
    ...genres,
    anime: !known || show.originalLanguage === null ? NaN : genres.anime === 1 && show.originalLanguage === "ja" ? 1 : 0,
    englishOriginal: language("en"),
    korean: language("ko"),
    spanish: language("es"),
    japanese: language("ja"),
    usProduction: show.countries.length === 0 ? NaN : show.countries.includes("US") ? 1 : 0,
    coProduction: show.countries.length === 0 ? NaN : show.countries.length > 1 ? 1 : 0,
    kidsRating: show.contentRating === null ? NaN : KIDS_RATINGS.includes(show.contentRating) ? 1 : 0,
  };
}

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
    show: ShowMetadata;
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

  // Re-entry weeks a later season's release caused are not this season's first run (first-run.ts).
  const firstRun = firstRunOf(visible, seasonId)?.firstRun ?? [];
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
      // Week 4's hours on a log scale: how many still watched when the decision is made.
      lastWeekHours: Math.log(series.at(-1)!),
      nonEnglish: debut.category === "TV_NON_ENGLISH" ? 1 : 0,
      returningSeason: seasonNumber > 1 ? 1 : 0,
      priorSeason: priorSeason && priorSeason.hoursFirst28Days > 0 ? logRatio(hours28, priorSeason.hoursFirst28Days) : 0,
      ...metadataFeaturesOf(firstRun[0]!.show),
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
      show: firstRun[0]!.show,
    },
  };
}
