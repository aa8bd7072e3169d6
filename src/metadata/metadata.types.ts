import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import type { FieldConflict, MatchReportEntry, MetadataImportSummary, ReportCandidate } from "./importer.js";
import type { MetadataSource } from "./sources.js";

export enum MetadataSourceEnum {
  TMDB = "TMDB",
  WIKIPEDIA = "WIKIPEDIA",
  KAGGLE = "KAGGLE",
}
registerEnumType(MetadataSourceEnum, {
  name: "MetadataSource",
  description: "A metadata file beside the project (see SOURCES.md).",
  valuesConfig: {
    TMDB: { description: "TMDB's data (tmdb_data.csv): synopsis, genres, language, companies, countries, a film's runtime and release date." },
    WIKIPEDIA: { description: "Wikipedia's list of Netflix originals (nf_ori_shows.csv): premiere date, genre, seasons, language." },
    KAGGLE: { description: "The Kaggle Netflix titles file (netflix_titles.csv): cast, director, country, rating, description." },
  },
});

@ObjectType("MetadataMatchCandidate", { description: "A show a metadata row could be about." })
export class MetadataMatchCandidate implements ReportCandidate {
  @Field(() => ID, { description: "The show's id." })
  id: string;

  @Field(() => String)
  slug: string;

  @Field(() => String)
  title: string;

  @Field(() => Int, { nullable: true, description: "Premiere year, or the year it first charted." })
  year: number | null;
}

@ObjectType({ description: "A field an editor set that the file would have changed: kept, never overwritten." })
export class MetadataFieldConflict implements FieldConflict {
  @Field(() => String)
  field: string;

  @Field(() => String, { description: "The editor's value, kept." })
  current: string;

  @Field(() => String, { description: "The file's value, not written." })
  offered: string;
}

@ObjectType({ description: "A row of a metadata file an editor should look at: not matched, ambiguous, or in conflict with an edit." })
export class MetadataMatchReportEntry implements MatchReportEntry {
  @Field(() => Int)
  line: number;

  @Field(() => String)
  title: string;

  @Field(() => String, { description: "SERIES or FILM, as the file says." })
  kind: "SERIES" | "FILM";

  @Field(() => Int, { nullable: true })
  year: number | null;

  @Field(() => String, { nullable: true, description: "The file's id for the title (TMDB id, Kaggle show_id)." })
  externalId: string | null;

  @Field(() => String, { description: "UNMATCHED, AMBIGUOUS or CONFLICT." })
  outcome: "UNMATCHED" | "AMBIGUOUS" | "CONFLICT";

  @Field(() => String, { description: "NO_SUCH_TITLE, WRONG_KIND, YEAR_MISMATCH, DUPLICATE_ROW, AMBIGUOUS or EDITOR_SET." })
  reason: string;

  @Field(() => String)
  detail: string;

  @Field(() => MetadataMatchCandidate, { nullable: true, description: "The matched show (CONFLICT)." })
  show: ReportCandidate | null;

  @Field(() => [MetadataMatchCandidate], { description: "The shows it could be (AMBIGUOUS), or that have its title but not its kind or year." })
  candidates: ReportCandidate[];

  @Field(() => [MetadataFieldConflict])
  conflicts: FieldConflict[];
}

@ObjectType({ description: "How many rows gave one reason for not matching." })
export class MetadataUnmatchedCount {
  @Field(() => String)
  reason: string;

  @Field(() => Int)
  count: number;
}

@ObjectType("MetadataImportSummary", { description: "What a metadata import did." })
export class MetadataImportSummaryType implements Omit<MetadataImportSummary, "source"> {
  @Field(() => String)
  file: string;

  @Field(() => MetadataSourceEnum)
  source: MetadataSource;

  @Field(() => Int) rowsRead: number;
  @Field(() => Int, { description: "Rows that landed on a show." }) matched: number;
  @Field(() => Int, { description: "Of those, found by the id stored at an earlier import." }) matchedByExternalId: number;
  @Field(() => Int) unmatched: number;
  @Field(() => Int, { description: "Rows refused because two shows (or two rows) could not be told apart." }) ambiguous: number;
  @Field(() => [MetadataUnmatchedCount]) unmatchedReasons: { reason: string; count: number }[];
  @Field(() => Int, { description: "Empty fields now holding the file's value." }) fieldsFilled: number;
  @Field(() => Int, { description: "Fields this file had set before, updated." }) fieldsRefreshed: number;
  @Field(() => Int, { description: "Fields the seed or another file had set: kept." }) fieldsKept: number;
  @Field(() => Int, { description: "Fields an editor set: kept, each listed as a CONFLICT in the report." }) fieldsSkippedForEditors: number;
  @Field(() => Int) peopleCreated: number;
  @Field(() => Int) companiesCreated: number;
  @Field(() => Int) creditsAdded: number;
  @Field(() => Int) companyLinksAdded: number;
  @Field(() => Int) seasonsCreated: number;
  @Field(() => Int) externalIdsStored: number;
  @Field(() => Int, { description: "Everything written; 0 when the same file is imported again." }) changes: number;
  @Field(() => Int, { description: "Values left out because they were not usable (an unknown country, a shifted cell)." }) valuesLeftOut: number;
  @Field(() => [String]) warnings: string[];

  @Field(() => Int, { description: "How many rows the full match report has." })
  reportCount: number;

  @Field(() => [MetadataMatchReportEntry], { description: "The first `reportLimit` entries of the match report, by line." })
  report: MatchReportEntry[];
}
