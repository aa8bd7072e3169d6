// Seasons lined up by week since their debut (week 1 = the first week in the global Top 10), first run
// only, and compared only in the weeks where every season has the metric. Pure: no database, no GraphQL.
import { DAY_MS, isoDay, type HistoryRow } from "../outlook/history.js";
import { firstRunOf } from "../first-run.js";
import { count, quantity } from "../quantities.js";
import type { ViewsSource } from "../figures.js";
import { LIST_NAMES } from "../import/parse.js";

export type ComparisonMetric = "VIEWS" | "HOURS";

/** Why a week has a figure or not: a week without one is shown, never summed as zero. */
export type AlignedWeekStatus = "CHARTED" | "NO_FIGURE" | "NOT_IN_TOP_10" | "AFTER_FIRST_RUN" | "NOT_YET_PUBLISHED";

export interface AlignedWeek {
  week: number;
  weekEnd: Date;
  status: AlignedWeekStatus;
  rank: number | null;
  value: number | null;
  viewsSource: ViewsSource | null;
  /** Every compared season has the metric this week: it counts in `comparedTotal`. */
  compared: boolean;
}

export interface SeasonAlignment {
  seasonId: number;
  /** "The Imperfects season 1". */
  label: string;
  category: string | null;
  firstWeek: Date | null;
  weeks: AlignedWeek[];
  /** The metric summed over the compared weeks; null when there is none. */
  comparedTotal: number | null;
  /** The metric summed over every week of the first `weeks` it has it for (not comparable across seasons). */
  ownTotal: number | null;
  /** Where the figures come from: the list and the weeks read. */
  source: string;
}

export interface Comparison {
  metric: ComparisonMetric;
  weeks: number;
  comparedWeeks: number[];
  seasons: SeasonAlignment[];
  summary: string;
}

export interface SeasonToCompare {
  seasonId: number;
  showTitle: string;
  number: number;
}

/**
 * Lines up each season's first `weeks` weeks. `history` holds every row of the seasons' shows (oldest first)
 * so that a later season's release can end a first run; `newestWeek` is the newest week in the data: weeks
 * after it are not published yet, not weeks out of the Top 10.
 */
export function compareSeasons(
  history: readonly HistoryRow[],
  seasons: readonly SeasonToCompare[],
  options: { weeks: number; metric: ComparisonMetric; newestWeek: Date | null },
): Comparison {
  const aligned = seasons.map((season) => alignSeason(history, season, options));
  const comparedWeeks = Array.from({ length: options.weeks }, (_, index) => index + 1).filter((week) =>
    aligned.every((season) => season.weeks[week - 1]?.value != null),
  );
  for (const season of aligned) {
    for (const week of season.weeks) week.compared = comparedWeeks.includes(week.week);
    season.comparedTotal = comparedWeeks.length > 0 ? sum(season.weeks.filter((week) => week.compared).map((week) => week.value!)) : null;
  }
  return { metric: options.metric, weeks: options.weeks, comparedWeeks, seasons: aligned, summary: summaryOf(aligned, comparedWeeks, options) };
}

function alignSeason(
  history: readonly HistoryRow[],
  season: SeasonToCompare,
  { weeks, metric, newestWeek }: { weeks: number; metric: ComparisonMetric; newestWeek: Date | null },
): SeasonAlignment {
  const label = `${season.showTitle} season ${season.number}`;
  const run = firstRunOf(history, season.seasonId);
  if (!run) {
    return { seasonId: season.seasonId, label, category: null, firstWeek: null, weeks: [], comparedTotal: null, ownTotal: null, source: "Never in Netflix's global Top 10." };
  }
  // Debut week from all its rows: a season that charted only beside a later one has no first run at all.
  const { debut, firstRun, laterSeasonStart: laterStart } = run;
  const aligned: AlignedWeek[] = [];
  for (let week = 1; week <= weeks; week += 1) {
    const weekEnd = new Date(debut.weekEnd.getTime() + (week - 1) * 7 * DAY_MS);
    const row = firstRun.find((candidate) => candidate.weekEnd.getTime() === weekEnd.getTime());
    const value = row ? (metric === "VIEWS" ? row.views : row.hours) : null;
    const status: AlignedWeekStatus = row
      ? value === null
        ? "NO_FIGURE"
        : "CHARTED"
      : newestWeek && weekEnd.getTime() > newestWeek.getTime()
        ? "NOT_YET_PUBLISHED"
        : weekEnd.getTime() >= laterStart
          ? "AFTER_FIRST_RUN"
          : "NOT_IN_TOP_10";
    aligned.push({ week, weekEnd, status, rank: row?.rank ?? null, value, viewsSource: metric === "VIEWS" && row ? row.viewsSource : null, compared: false });
  }
  const known = aligned.filter((week) => week.value !== null);
  const read = aligned.filter((week) => week.status === "CHARTED" || week.status === "NO_FIGURE");
  const source = read.length
    ? `Netflix's global Top 10, ${LIST_NAMES[debut.category] ?? debut.category}: weeks ending ${isoDay(read[0]!.weekEnd)} to ${isoDay(read.at(-1)!.weekEnd)}` +
      (metric === "VIEWS" && read.some((week) => week.viewsSource === "COMPUTED") ? " (views before June 2023 are hours ÷ runtime)." : ".")
    : `Netflix's global Top 10, ${LIST_NAMES[debut.category] ?? debut.category}: no week of a first run.`;
  return {
    seasonId: season.seasonId,
    label,
    category: debut.category,
    firstWeek: debut.weekEnd,
    weeks: aligned,
    comparedTotal: null,
    ownTotal: known.length ? sum(known.map((week) => week.value!)) : null,
    source,
  };
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** "9.58 million views", "1.2 billion hours": the one way figures read in prose (quantities.ts). */
const amountOf = (value: number, metric: ComparisonMetric): string => quantity(value, metric === "VIEWS" ? "view" : "hour");


/** The weeks a comparison covers, in words: "its first 4 weeks", "its first week", "weeks 1 to 3 of its first 4". */
function periodOf(comparedWeeks: number[], weeks: number): string {
  const first = weeks === 1 ? "its first week" : `its first ${weeks} weeks`;
  if (comparedWeeks.length === weeks) return first;
  const consecutive = comparedWeeks.every((week, index) => index === 0 || week === comparedWeeks[index - 1]! + 1);
  const which =
    comparedWeeks.length === 1
      ? `week ${comparedWeeks[0]}`
      : consecutive
        ? `weeks ${comparedWeeks[0]} to ${comparedWeeks.at(-1)}`
        : `weeks ${comparedWeeks.slice(0, -1).join(", ")} and ${comparedWeeks.at(-1)}`;
  return `${which} of ${first} (the ${comparedWeeks.length === 1 ? "only week" : count(comparedWeeks.length, "week")} every season has a figure for)`;
}

/** "a drew X in its first 4 weeks, 2.1 times b's (Y) and 3.4 times c's (Z)." */
function summaryOf(seasons: SeasonAlignment[], comparedWeeks: number[], { weeks, metric }: { weeks: number; metric: ComparisonMetric }): string {
  const unit = metric === "VIEWS" ? "views" : "hours";
  const never = seasons.filter((season) => season.category === null);
  if (never.length > 0) {
    const names = listOf(never.map((season) => season.label));
    return `${names} never charted in Netflix's global Top 10: there are no ${unit} to compare.`;
  }
  if (comparedWeeks.length === 0) {
    const who = seasons.length === 2 ? "The two seasons do not both" : `The ${seasons.length} seasons do not all`;
    return `${who} have ${unit} in ${weeks === 1 ? "their first week" : `any of their first ${weeks} weeks`}: nothing to compare.`;
  }
  const ranked = [...seasons].sort((x, y) => y.comparedTotal! - x.comparedTotal!);
  const [leader, ...rest] = ranked;
  const against = rest.map((other) => {
    const ratio = other.comparedTotal! > 0 ? leader!.comparedTotal! / other.comparedTotal! : null;
    const times = ratio === null ? "more than" : ratio.toFixed(1) === "1.0" ? "about as many as" : `${ratio.toFixed(1)} times`;
    return `${times} ${other.label}'s (${amountOf(other.comparedTotal!, metric)})`;
  });
  return `${leader!.label} drew ${amountOf(leader!.comparedTotal!, metric)} in ${periodOf(comparedWeeks, weeks)}, ${listOf(against)}.`;
}

function listOf(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
