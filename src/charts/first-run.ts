// The one definition of a season's first run and of its first 28 days, shared by the renewal model
// (outlook/features.ts), the chart figures (figures.ts) and the precomputed season statistics
// (season-stats.ts). Pure: no database.

const DAY_MS = 86_400_000;
/** Netflix judges a season on its first 28 days: the weeks ending within 27 days of the first week's Monday. */
export const DECISION_DAYS = 28;

/** The last day of the first 28 days of a run that starts on `weekStart` (the Monday of its first week). */
export const decisionDateOf = (weekStart: Date) => new Date(weekStart.getTime() + (DECISION_DAYS - 1) * DAY_MS);

/** What the first-run rule reads of a global chart row. */
export interface RunRow {
  showId: number;
  seasonId: number;
  seasonNumber: number;
  category: string;
  weekEnd: Date;
}

export interface FirstRun<Row extends RunRow> {
  /** The season's first row: its debut week and list. */
  debut: Row;
  /** Its rows in the debut list before a later season of the show first charted, oldest first; empty when it only charted after one. */
  firstRun: Row[];
  /** When a later season of the show first charted (its week's end, ms; Infinity when none has): the first run ends before it. */
  laterSeasonStart: number;
  /** Its other rows (weeks charted once a later season was out, or in another list): not part of the first run. */
  excluded: Row[];
}

/** A season's debut in `rows`: its first row (first list, first week), or null when it never charted. */
export function debutOf<Row extends RunRow>(rows: readonly Row[], seasonId: number): Row | null {
  let first: Row | null = null;
  for (const row of rows) if (row.seasonId === seasonId && (first === null || row.weekEnd.getTime() < first.weekEnd.getTime())) first = row;
  return first;
}

/**
 * A season's first run among `rows` (the show's global TV rows, any order): its weeks in the list it debuted
 * in, up to the week a later season of the same show first charted. A later season's release makes earlier ones
 * chart again; those re-entry weeks are library viewing, not the season's first run. Null when it never charted.
 */
export function firstRunOf<Row extends RunRow>(rows: readonly Row[], seasonId: number): FirstRun<Row> | null {
  const own = rows.filter((row) => row.seasonId === seasonId).sort((a, b) => a.weekEnd.getTime() - b.weekEnd.getTime());
  const debut = own[0];
  if (!debut) return null;
  const laterStart = Math.min(
    ...rows.filter((row) => row.showId === debut.showId && row.seasonNumber > debut.seasonNumber).map((row) => row.weekEnd.getTime()),
  );
  const inFirstRun = (row: Row) => row.category === debut.category && row.weekEnd.getTime() < laterStart;
  return { debut, laterSeasonStart: laterStart, firstRun: own.filter(inFirstRun), excluded: own.filter((row) => !inFirstRun(row)) };
}
