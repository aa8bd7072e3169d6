import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { Node } from "../common/node.js";
import { connectionType } from "../common/connection.js";
import { ChartCategory } from "../db/generated/enums.js";
import { DateScalar, NonNegativeIntScalar, PositiveIntScalar } from "../common/scalars.js";

registerEnumType(ChartCategory, {
  name: "ChartCategory",
  description: "A weekly Top 10 list: four global lists split by language, and national TV and film lists.",
  valuesConfig: {
    TV_ENGLISH: { description: "Global list: TV (English)." },
    TV_NON_ENGLISH: { description: "Global list: TV (Non-English)." },
    FILMS_ENGLISH: { description: "Global list: Films (English)." },
    FILMS_NON_ENGLISH: { description: "Global list: Films (Non-English)." },
    TV: { description: "A country's TV list." },
    FILMS: { description: "A country's film list." },
  },
});
export { ChartCategory };

export const ViewsSource = { NETFLIX: "NETFLIX", COMPUTED: "COMPUTED" } as const;
registerEnumType(ViewsSource, {
  name: "ViewsSource",
  description: "Where a week's views come from.",
  valuesConfig: {
    NETFLIX: { description: "Netflix's own `weekly_views`, as published." },
    COMPUTED: { description: "Hours viewed ÷ runtime (the row's, or the season's), where Netflix publishes no views." },
  },
});

export const GLOBAL_REGION = "GLOBAL";

@ObjectType({ description: "A country with a national Top 10 list." })
export class Country {
  @Field(() => String, { description: "ISO 3166-1 alpha-2 code." })
  code: string;

  @Field(() => String)
  name: string;
}

@ObjectType({ implements: Node, description: "One row of a weekly Netflix Top 10 list." })
export class ChartEntry {
  id: number;

  showId: number;
  seasonId: number | null;

  @Field(() => ChartCategory)
  category: ChartCategory;

  @Field(() => String, { description: `"${GLOBAL_REGION}", or the ISO 3166-1 alpha-2 code of a national list.` })
  region: string;

  @Field(() => DateScalar, { description: "Monday that starts the week." })
  weekStart: Date;

  @Field(() => DateScalar, { description: "Sunday that ends the week (Netflix's `week`)." })
  weekEnd: Date;

  @Field(() => PositiveIntScalar)
  rank: number;

  @Field(() => String, { description: "The show title as the source file spells it." })
  showTitle: string;

  @Field(() => String, { nullable: true, description: "The season title as the source file spells it." })
  seasonTitle: string | null;

  @Field(() => NonNegativeIntScalar, { nullable: true, description: "Hours viewed that week; null on national lists." })
  hoursViewed: number | null;

  @Field(() => Float, { nullable: true, description: "Runtime in hours as Netflix publishes it (sometimes 0); null before June 2023." })
  runtimeHours: number | null;

  /** Netflix's `weekly_views` as stored; the API's `views` resolves the figure to show. */
  publishedViews: number | null;

  @Field(() => Int, { description: "Weeks in the Top 10 so far, this week included." })
  cumulativeWeeksInTop10: number;

  @Field(() => Boolean, { nullable: true })
  isStaggeredLaunch: boolean | null;

  @Field(() => String, { nullable: true })
  episodeLaunchDetails: string | null;
}

@ObjectType({ description: "A week of a chart run with its change from the week before." })
export class ChartWeek {
  @Field(() => DateScalar)
  weekEnd: Date;

  @Field(() => NonNegativeIntScalar, { nullable: true })
  hoursViewed: number | null;

  @Field(() => Int, { nullable: true, description: "Hours minus the previous week's; null for the first week." })
  hoursChange: number | null;

  @Field(() => Float, { nullable: true, description: "Change from the previous week in percent (two decimals)." })
  hoursChangePercent: number | null;
}

@ObjectType({ description: "The largest fall from one week to the next." })
export class ChartDrop {
  @Field(() => DateScalar, { description: "The week that fell." })
  weekEnd: Date;

  @Field(() => Float, { description: "Negative: -63.56 means hours fell 63.56%." })
  percent: number;
}

@ObjectType({ description: "A season's run in the global Top 10, computed from its weekly rows." })
export class ChartRun {
  @Field(() => ChartCategory)
  category: ChartCategory;

  @Field(() => DateScalar, { description: "Sunday ending the first week in the list." })
  firstWeek: Date;

  @Field(() => DateScalar)
  lastWeek: Date;

  @Field(() => Int)
  weeksInTop10: number;

  @Field(() => PositiveIntScalar)
  peakRank: number;

  @Field(() => Float, { nullable: true })
  totalHours: number | null;

  @Field(() => Float, { nullable: true, description: "Sum of the weeks' views (Netflix's where published); null unless every week's are known." })
  totalViews: number | null;

  @Field(() => Float, { nullable: true, description: "Hours in the weeks ending within 28 days of the first week's start." })
  hoursFirst28Days: number | null;

  @Field(() => [ChartWeek])
  weeks: ChartWeek[];

  @Field(() => ChartDrop, { nullable: true })
  largestWeekOverWeekDrop: ChartDrop | null;

  @Field(() => Boolean, { description: "Hours fell by more than half from one week to the next within the first 28 days." })
  firstMonthDropOver50Percent: boolean;
}

export const ChartEntryConnection = connectionType("ChartEntry", ChartEntry);
