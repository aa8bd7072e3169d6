// Which show a metadata row is about. Pure: the importer loads the candidates and applies the outcome.
import { normalizedTitle, type KindFamily } from "../charts/import/titles.js";
import type { MetadataRecord } from "./sources.js";

export interface CandidateShow {
  id: number;
  slug: string;
  title: string;
  family: KindFamily;
  premiereYear: number | null;
  /** Year of the first Top 10 week the show charted in. */
  firstChartYear: number | null;
  /** The id this file's catalogue gave the show at an earlier import, if any. */
  externalId: string | null;
}

export type UnmatchedReason = "NO_SUCH_TITLE" | "WRONG_KIND" | "YEAR_MISMATCH" | "DUPLICATE_ROW";

export type MatchOutcome =
  | { outcome: "MATCHED"; show: CandidateShow; byExternalId: boolean }
  | { outcome: "UNMATCHED"; reason: UnmatchedReason; detail: string; candidates: CandidateShow[] }
  | { outcome: "AMBIGUOUS"; detail: string; candidates: CandidateShow[] };

export class ShowIndex {
  private readonly byTitle = new Map<string, CandidateShow[]>();
  private readonly byExternalId = new Map<string, CandidateShow>();

  constructor(shows: CandidateShow[]) {
    for (const show of shows) {
      const key = normalizedTitle(show.title);
      this.byTitle.set(key, [...(this.byTitle.get(key) ?? []), show]);
      if (show.externalId) this.byExternalId.set(show.externalId, show);
    }
  }

  /**
   * One row's show: by the external id stored at an earlier import, else by normalized title within the row's
   * kind (film or series), the row's year breaking ties (the show's premiere year or the year it first charted).
   * Never a guess: two candidates the year cannot tell apart are refused as ambiguous.
   */
  match(record: MetadataRecord): MatchOutcome {
    const known = record.externalId ? this.byExternalId.get(record.externalId) : undefined;
    if (known) return { outcome: "MATCHED", show: known, byExternalId: true };
    const titled = this.byTitle.get(normalizedTitle(record.title)) ?? [];
    if (titled.length === 0) return { outcome: "UNMATCHED", reason: "NO_SUCH_TITLE", detail: "no show has this title", candidates: [] };
    const kind = titled.filter((show) => show.family === record.family);
    if (kind.length === 0) {
      return { outcome: "UNMATCHED", reason: "WRONG_KIND", detail: `only ${record.family === "film" ? "a series" : "a film"} has this title`, candidates: titled };
    }
    const year = record.year;
    // A film cannot have charted before its release: a film of that title released later is another film.
    const possible = record.family === "film" && year !== null ? kind.filter((show) => show.firstChartYear === null || show.firstChartYear >= year) : kind;
    if (possible.length === 0) {
      return { outcome: "UNMATCHED", reason: "YEAR_MISMATCH", detail: `released in ${year}, after the show of this title first charted`, candidates: kind };
    }
    const sameYear = year === null ? [] : possible.filter((show) => show.premiereYear === year || show.firstChartYear === year);
    const found = possible.length === 1 ? possible[0]! : sameYear.length === 1 ? sameYear[0]! : null;
    if (found) {
      // Which candidates an earlier import gave ids to must not change the outcome (a re-import would then match
      // differently): a show holding another id of this catalogue is refused here, not left out of the candidates.
      if (found.externalId !== null && found.externalId !== record.externalId) {
        return { outcome: "UNMATCHED", reason: "DUPLICATE_ROW", detail: `the show is already matched to this catalogue's id ${found.externalId}`, candidates: [found] };
      }
      return { outcome: "MATCHED", show: found, byExternalId: false };
    }
    return {
      outcome: "AMBIGUOUS",
      detail: year === null ? `${possible.length} shows have this title and the row has no year` : `${possible.length} shows have this title and the year ${year} does not tell them apart`,
      candidates: possible,
    };
  }
}

/**
 * Every row's outcome. Two rows with the same external id are one title listed twice: the first counts, the others
 * are DUPLICATE_ROW. Two different rows landing on one show would each overwrite the other: both are refused.
 */
export function matchRecords(records: MetadataRecord[], index: ShowIndex): MatchOutcome[] {
  const firstLine = new Map<string, number>();
  const outcomes = records.map((record): MatchOutcome => {
    if (record.externalId) {
      const line = firstLine.get(record.externalId);
      if (line !== undefined) return { outcome: "UNMATCHED", reason: "DUPLICATE_ROW", detail: `the same id as line ${line}`, candidates: [] };
      firstLine.set(record.externalId, record.line);
    }
    return index.match(record);
  });
  const claims = new Map<number, number[]>();
  outcomes.forEach((outcome, position) => {
    if (outcome.outcome === "MATCHED") claims.set(outcome.show.id, [...(claims.get(outcome.show.id) ?? []), position]);
  });
  for (const positions of claims.values()) {
    if (positions.length < 2) continue;
    const lines = positions.map((position) => records[position]!.line);
    for (const position of positions) {
      const show = (outcomes[position] as { show: CandidateShow }).show;
      outcomes[position] = { outcome: "AMBIGUOUS", detail: `rows ${lines.join(", ")} of the file all name this show`, candidates: [show] };
    }
  }
  return outcomes;
}
