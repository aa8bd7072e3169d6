// Which seasons were renewed, as the data and the editors' status facts say. Pure: no database.
import { statusForSeason, type FactForDerivation } from "../../shows/status-facts.js";
import { DAY_MS, isoDay, type HistoryRow, type ShowKindName } from "./history.js";
import { debutOf } from "../first-run.js";

/** A later season that first charts this long after a season's debut means the season was renewed. */
export const RENEWAL_GAP_DAYS = 90;
/**
 * How long after a season's debut, with no later season charting, it counts as not renewed: two years
 * (the test window's seasons all have two years of data after them; 80% of the training seasons' renewals showed
 * within two years, so some renewed test seasons still count as not renewed: README, "Renewal outlook").
 */
export const NOT_RENEWED_AFTER_DAYS = 730;
/** An earlier season that first charts this close to (or after) a later season's debut is a library binge. */
const BINGE_DAYS = 28;
/** Complete as made: never awaiting renewal. */
const EXCLUDED_KINDS: readonly ShowKindName[] = ["LIMITED_SERIES", "SPECIAL", "FILM"];

export type Exclusion = "COMPLETE_AS_MADE" | "LIBRARY_BINGE" | "FIRST_DATA_WEEK" | "TOO_RECENT";

export interface SeasonLabel {
  seasonId: number;
  showId: number;
  showTitle: string;
  seasonNumber: number;
  firstWeekEnd: Date;
  renewed: boolean | null;
  source: "DATA" | "STATUS_FACT" | null;
  /** For a renewal the data shows: days from the debut to the first later season's debut (≥ 90 days on). */
  renewalGapDays?: number;
  excluded: Exclusion | null;
}

/**
 * Every season's label, once two years of data follow its debut. Renewed: a later season of the show first
 * charted ≥ 90 days after its debut. Not renewed: none had. A status fact about the next season (RENEWED, or
 * CANCELED / ENDED), or a show-level fact for the show's newest season, overrides the data: editors
 * record announcements, which are ground truth. Left out: limited series, specials and films; library
 * binges (an earlier season first charting within 28 days of a later one's debut, or after it); seasons
 * first seen in the data's first week (their debut may be older than the data).
 */
export function labelSeasons(history: readonly HistoryRow[], factsByShow: ReadonlyMap<number, readonly FactForDerivation[]> = new Map()): SeasonLabel[] {
  if (history.length === 0) return [];
  const firstDataWeek = Math.min(...history.map((row) => row.weekEnd.getTime()));
  const newestWeek = Math.max(...history.map((row) => row.weekEnd.getTime()));
  const seasons = new Map<number, HistoryRow>();
  for (const row of history) if (!seasons.has(row.seasonId)) seasons.set(row.seasonId, row);
  const debuts = new Map([...seasons.keys()].map((id) => [id, debutOf(history, id)!.weekEnd.getTime()]));
  const newestSeasonOfShow = new Map<number, number>();
  for (const row of seasons.values()) newestSeasonOfShow.set(row.showId, Math.max(newestSeasonOfShow.get(row.showId) ?? 0, row.seasonNumber));

  const labels: SeasonLabel[] = [];
  for (const [seasonId, row] of seasons) {
    const debut = debuts.get(seasonId)!;
    const later = [...seasons.values()].filter((other) => other.showId === row.showId && other.seasonNumber > row.seasonNumber);
    const laterDebuts = later.map((other) => debuts.get(other.seasonId)!);
    const base = { seasonId, showId: row.showId, showTitle: row.showTitle, seasonNumber: row.seasonNumber, firstWeekEnd: new Date(debut) };
    const excluded: Exclusion | null = EXCLUDED_KINDS.includes(row.kind)
      ? "COMPLETE_AS_MADE"
      : laterDebuts.some((later) => later <= debut + BINGE_DAYS * DAY_MS)
        ? "LIBRARY_BINGE"
        : debut === firstDataWeek
          ? "FIRST_DATA_WEEK"
          : null;
    const facts = factsByShow.get(row.showId) ?? [];
    const nextSeasonFact = statusForSeason(facts, row.seasonNumber + 1);
    const showFact = row.seasonNumber === newestSeasonOfShow.get(row.showId) ? statusForSeason(facts.filter((f) => f.seasonNumber === null), null) : null;
    const fact = nextSeasonFact.factId !== null ? nextSeasonFact : showFact?.factId != null ? showFact : null;
    if (fact && (fact.status === "RENEWED" || fact.status === "CANCELED" || fact.status === "ENDED")) {
      labels.push({ ...base, renewed: fact.status === "RENEWED", source: "STATUS_FACT", excluded: excluded === "COMPLETE_AS_MADE" ? excluded : null });
      continue;
    }
    // Renewals of recent seasons are already visible, their non-renewals not yet: labelling only the first
    // would tilt the labels towards renewal, so a recent season waits the full two years either way.
    if (newestWeek - debut < NOT_RENEWED_AFTER_DAYS * DAY_MS) {
      labels.push({ ...base, renewed: null, source: null, excluded: excluded ?? "TOO_RECENT" });
    } else if (laterDebuts.some((later) => later >= debut + RENEWAL_GAP_DAYS * DAY_MS)) {
      const next = Math.min(...laterDebuts.filter((later) => later >= debut + RENEWAL_GAP_DAYS * DAY_MS));
      labels.push({ ...base, renewed: true, source: "DATA", excluded, renewalGapDays: Math.round((next - debut) / DAY_MS) });
    } else {
      labels.push({ ...base, renewed: false, source: "DATA", excluded });
    }
  }
  return labels.sort((a, b) => a.firstWeekEnd.getTime() - b.firstWeekEnd.getTime() || (a.showTitle < b.showTitle ? -1 : a.showTitle > b.showTitle ? 1 : 0) || a.seasonNumber - b.seasonNumber);
}

export const labelKey = (label: Pick<SeasonLabel, "showTitle" | "seasonNumber" | "firstWeekEnd">) =>
  `${label.showTitle} S${label.seasonNumber} ${isoDay(label.firstWeekEnd)}`;
