import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateScalar } from "../common/scalars.js";
import { Season } from "../shows/show.types.js";
import { ChartCategory, ViewsSource } from "./chart.types.js";

export enum ComparisonMetric {
  VIEWS = "VIEWS",
  HOURS = "HOURS",
}
registerEnumType(ComparisonMetric, {
  name: "ComparisonMetric",
  description: "What compareSeasons sums.",
  valuesConfig: {
    VIEWS: { description: "Views: Netflix's own, or hours ÷ runtime where Netflix gave none (before June 2023)." },
    HOURS: { description: "Hours viewed, as Netflix publishes them." },
  },
});

export enum AlignedWeekStatus {
  CHARTED = "CHARTED",
  NO_FIGURE = "NO_FIGURE",
  NOT_IN_TOP_10 = "NOT_IN_TOP_10",
  AFTER_FIRST_RUN = "AFTER_FIRST_RUN",
  NOT_YET_PUBLISHED = "NOT_YET_PUBLISHED",
}
registerEnumType(AlignedWeekStatus, {
  name: "AlignedWeekStatus",
  description: "Whether a week since debut has a figure, and why not.",
  valuesConfig: {
    CHARTED: { description: "In the Top 10 in its first run, with the metric." },
    NO_FIGURE: { description: "In the Top 10, but the metric is unknown (views without a runtime)." },
    NOT_IN_TOP_10: { description: "Out of the Top 10 that week: Netflix publishes no figure." },
    AFTER_FIRST_RUN: { description: "A later season of the show had come out: its weeks are not this season's first run." },
    NOT_YET_PUBLISHED: { description: "After the newest week in the data." },
  },
});

@ObjectType({ description: "One week since a season's debut (week 1 is its first week in the global Top 10)." })
export class AlignedWeek {
  @Field(() => Int, { description: "Weeks since debut, from 1." })
  week: number;

  @Field(() => DateScalar, { description: "The Sunday ending that week." })
  weekEnd: Date;

  @Field(() => AlignedWeekStatus)
  status: AlignedWeekStatus;

  @Field(() => Int, { nullable: true, description: "Its rank that week; null out of the Top 10." })
  rank: number | null;

  @Field(() => Float, { nullable: true, description: "The metric that week; null unless CHARTED." })
  value: number | null;

  @Field(() => ViewsSource, { nullable: true, description: "For views: Netflix's or computed." })
  viewsSource: string | null;

  @Field(() => Boolean, { description: "Every season compared has the metric this week: it counts in comparedTotal." })
  compared: boolean;
}

@ObjectType({ description: "One season's first weeks, lined up by week since debut." })
export class SeasonAlignment {
  seasonId: number;

  @Field(() => Season, { description: "The season compared." })
  season: Season;

  @Field(() => String, { description: 'E.g. "The Imperfects season 1".' })
  label: string;

  @Field(() => ChartCategory, { nullable: true, description: "The global list it debuted in; null if it never charted." })
  category: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Its first week in the global Top 10 (the Sunday)." })
  firstWeek: Date | null;

  @Field(() => [AlignedWeek])
  weeks: AlignedWeek[];

  @Field(() => Float, { nullable: true, description: "The metric summed over the compared weeks only; null when there are none." })
  comparedTotal: number | null;

  @Field(() => Float, { nullable: true, description: "The metric over every week it has one (not comparable between seasons)." })
  ownTotal: number | null;

  @Field(() => String, { description: "Where the figures come from: Netflix's list and the weeks read." })
  source: string;
}

@ObjectType({ description: "Seasons' first weeks side by side (see compareSeasons)." })
export class SeasonComparison {
  @Field(() => ComparisonMetric)
  metric: ComparisonMetric;

  @Field(() => Int, { description: "How many weeks since debut were lined up." })
  weeks: number;

  @Field(() => [Int], { description: "The weeks since debut every season has the metric for: the only ones summed." })
  comparedWeeks: number[];

  @Field(() => [SeasonAlignment], { description: "In the order asked." })
  seasons: SeasonAlignment[];

  @Field(() => String, {
    description: `E.g. "Wednesday season 2 drew 119 million views in its first 4 weeks, 2.1 times … season 1's (…)."`,
  })
  summary: string;
}
