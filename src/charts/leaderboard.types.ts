import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { connectionType } from "../common/connection.js";
import { DateScalar, DateTimeScalar } from "../common/scalars.js";
import { Season } from "../shows/show.types.js";
import { ChartCategory, ChartDrop } from "./chart.types.js";

/** The name the API gives the figures' source. */
export const GLOBAL_TOP10_SOURCE = "Netflix's global weekly Top 10 (top10.netflix.com, all-weeks-global.tsv)";

@ObjectType({ description: "Where a season's or a total's chart figures come from." })
export class ChartFiguresSource {
  @Field(() => String, { description: "The publication the figures come from." })
  source: string;

  @Field(() => ChartCategory, { nullable: true, description: "The list counted; null for totals across lists." })
  category: ChartCategory | null;

  @Field(() => DateScalar, { nullable: true, description: "Sunday ending the first week counted; null when no week is." })
  firstWeek: Date | null;

  @Field(() => DateScalar, { nullable: true, description: "Sunday ending the last week counted; null when no week is, and for totals (they run to dataThrough)." })
  lastWeek: Date | null;

  @Field(() => DateScalar, { nullable: true, description: "The newest week of the list held when the figures were computed (the file's date)." })
  dataThrough: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "When the precomputed figures were last refreshed (by an import, the seed, a merge or a split)." })
  refreshedAt: Date | null;
}

@ObjectType({
  description:
    "A season's figures in the global Top 10, precomputed at each import. First-run figures count the weeks in the list the season debuted in, " +
    "until a later season of the show first charted (README \"Analytics\"); the first 28 days are the weeks ending within 27 days of the debut week's Monday.",
})
export class SeasonChartStats {
  @Field(() => ChartCategory, { description: "The list the season debuted in." })
  category: ChartCategory;

  @Field(() => DateScalar, { description: "Sunday ending the season's first week in the global Top 10." })
  firstWeek: Date;

  @Field(() => Float, { nullable: true, description: "Views in the first 28 days; null unless every week's are known (Netflix's, or hours ÷ runtime)." })
  viewsFirst28Days: number | null;

  @Field(() => Float, { nullable: true, description: "Hours viewed in the first 28 days." })
  hoursFirst28Days: number | null;

  @Field(() => Int, { nullable: true, description: "Rank in the debut week; null when the season only charted once a later season was out." })
  debutRank: number | null;

  @Field(() => Int, { nullable: true, description: "Best rank of the first run." })
  peakRank: number | null;

  @Field(() => Int, { description: "Weeks of the first run in the Top 10." })
  weeksInTop10: number;

  @Field(() => ChartDrop, { nullable: true, description: "The first run's largest week-over-week fall in hours; null when it never fell." })
  largestDrop: ChartDrop | null;

  @Field(() => Float, { nullable: true, description: "Hours of the whole first run." })
  totalHours: number | null;

  @Field(() => Float, { nullable: true, description: "Views of the whole first run; null unless every week's are known." })
  totalViews: number | null;

  @Field(() => Int, { description: "Weeks left out of the first run: charting again once a later season was out, or in another list." })
  reentryWeeks: number;

  @Field(() => ChartFiguresSource, { description: "Netflix's Top 10, the list and the first run's weeks these figures cover." })
  source: ChartFiguresSource;
}

@ObjectType({ description: "Chart figures added up across a company's or person's shows (from the precomputed season figures)." })
export class ChartTotals {
  @Field(() => Int, { description: "Weeks their seasons spent in the global Top 10 (every week, re-entries included); 0 when none charted." })
  chartWeeks: number;

  @Field(() => Float, { description: "Hours viewed in those weeks; 0 when none charted." })
  totalHours: number;

  @Field(() => Float, { description: "Views in those weeks, of the seasons whose views are known (see viewsComplete); 0 when none charted." })
  totalViews: number;

  @Field(() => Boolean, { description: "Whether every charted season's views are known, so totalViews is complete." })
  viewsComplete: boolean;

  @Field(() => Int, { description: "Seasons that charted in the global Top 10." })
  seasonsCharted: number;

  @Field(() => Int, { nullable: true, description: "Best rank any of them reached; null when none charted." })
  bestRank: number | null;

  @Field(() => ChartFiguresSource, { description: "Netflix's Top 10 and the weeks the totals cover." })
  source: ChartFiguresSource;
}

export enum MoverDirection {
  DROPS = "DROPS",
  RISES = "RISES",
}
registerEnumType(MoverDirection, {
  name: "MoverDirection",
  description: "Which movers: the biggest falls in hours first, or the biggest rises first.",
  valuesConfig: { DROPS: { description: "Hours fell from the week before, biggest fall first." }, RISES: { description: "Hours rose, biggest rise first." } },
});

export const SeasonLeaderboardConnection = connectionType("Season", Season);
