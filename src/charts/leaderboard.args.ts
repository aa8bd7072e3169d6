import { IsOptional, Max, Min, ValidateNested } from "class-validator";
import { ArgsType, Field, Float, InputType, registerEnumType } from "type-graphql";
import { ConnectionArgs, ORDER_BY_DESCRIPTION, type Ordering, type SortKey } from "../common/connection.js";
import { withBooleanOperators, type BooleanWhere } from "../common/filters.js";
import { DateRange } from "../common/ranges.js";
import { DateScalar } from "../common/scalars.js";
import { ShowWhere } from "../shows/show.args.js";
import { ChartCategory } from "./chart.types.js";
import { MoverDirection } from "./leaderboard.types.js";
import type { Prisma } from "../db/prisma.js";

@InputType({ description: "Filters on seasons that charted in the global Top 10; every given condition must hold. A list matches any of its values." })
export class SeasonWhere {
  @Field(() => [ChartCategory], { nullable: true, description: "Only seasons that debuted in these global lists (TV_ENGLISH, TV_NON_ENGLISH)." })
  category?: ChartCategory[];

  @Field(() => DateRange, { nullable: true, description: "Only seasons whose first week in the Top 10 ended in this range (Sundays)." })
  @IsOptional()
  @ValidateNested()
  firstWeek?: DateRange;

  @Field(() => ShowWhere, { nullable: true, description: "Only seasons of shows matching this filter (kind, status, original language, production company, person ...)." })
  @IsOptional()
  @ValidateNested()
  show?: ShowWhere;
}
// The class's AND/OR/NOT fields (see common/filters.ts).
export interface SeasonWhere extends BooleanWhere<SeasonWhere> {}
withBooleanOperators(SeasonWhere);

export enum SeasonOrder {
  VIEWS_FIRST_28_DAYS_DESC = "VIEWS_FIRST_28_DAYS_DESC",
  VIEWS_FIRST_28_DAYS_ASC = "VIEWS_FIRST_28_DAYS_ASC",
  HOURS_FIRST_28_DAYS_DESC = "HOURS_FIRST_28_DAYS_DESC",
  HOURS_FIRST_28_DAYS_ASC = "HOURS_FIRST_28_DAYS_ASC",
  PEAK_RANK_ASC = "PEAK_RANK_ASC",
  WEEKS_IN_TOP10_DESC = "WEEKS_IN_TOP10_DESC",
  DEBUT_RANK_ASC = "DEBUT_RANK_ASC",
  LARGEST_DROP_DESC = "LARGEST_DROP_DESC",
  LARGEST_DROP_ASC = "LARGEST_DROP_ASC",
  FIRST_WEEK_DESC = "FIRST_WEEK_DESC",
  FIRST_WEEK_ASC = "FIRST_WEEK_ASC",
}
registerEnumType(SeasonOrder, {
  name: "SeasonOrder",
  description:
    "Orders for season leaderboards, by the precomputed first-run figures (Season.chartStats). Seasons without the figure come last either way; " +
    "ranks and weeks break their ties by first-28-day hours (most first), and the season's id ends every order. LARGEST_DROP_DESC puts the steepest fall first.",
});

/** A row of SeasonChartStats as the leaderboard reads it. */
export type StatsRow = Prisma.SeasonChartStatsGetPayload<object>;
/** What the leaderboard's orderings read: a node carrying its season's figures. */
export interface Ranked {
  stats: StatsRow;
}
type Key = SortKey<Ranked>;

const figure = (field: keyof StatsRow & string, direction: "asc" | "desc"): Key => ({
  field,
  direction,
  nullable: true,
  kind: "number",
  real: true,
  of: (row) => row.stats[field] as number | null,
});
const seasonId: Key = { field: "seasonId", direction: "asc", kind: "number", of: (row) => row.stats.seasonId };
const weeks: Key = { field: "weeksInTop10", direction: "desc", kind: "number", of: (row) => row.stats.weeksInTop10 };
const firstWeek = (direction: "asc" | "desc"): Key => ({ field: "firstWeekEnd", direction, kind: "date", of: (row) => row.stats.firstWeekEnd });
const rank = (field: "peakRank" | "debutRank"): Key => ({ field, direction: "asc", nullable: true, kind: "number", of: (row) => row.stats[field] });
const hoursDesc = figure("hoursFirst28Days", "desc");

export const seasonOrderings: Record<SeasonOrder, Ordering<Ranked>> = {
  VIEWS_FIRST_28_DAYS_DESC: { name: "-views28", keys: [figure("viewsFirst28Days", "desc"), seasonId] },
  VIEWS_FIRST_28_DAYS_ASC: { name: "views28", keys: [figure("viewsFirst28Days", "asc"), seasonId] },
  HOURS_FIRST_28_DAYS_DESC: { name: "-hours28", keys: [hoursDesc, seasonId] },
  HOURS_FIRST_28_DAYS_ASC: { name: "hours28", keys: [figure("hoursFirst28Days", "asc"), seasonId] },
  PEAK_RANK_ASC: { name: "peak", keys: [rank("peakRank"), hoursDesc, seasonId] },
  WEEKS_IN_TOP10_DESC: { name: "-weeks", keys: [weeks, hoursDesc, seasonId] },
  DEBUT_RANK_ASC: { name: "debut", keys: [rank("debutRank"), hoursDesc, seasonId] },
  // A drop is a negative percent: the steepest fall is the smallest number.
  LARGEST_DROP_DESC: { name: "-drop", keys: [figure("largestDropPercent", "asc"), seasonId] },
  LARGEST_DROP_ASC: { name: "drop", keys: [figure("largestDropPercent", "desc"), seasonId] },
  FIRST_WEEK_DESC: { name: "-first", keys: [firstWeek("desc"), seasonId] },
  FIRST_WEEK_ASC: { name: "first", keys: [firstWeek("asc"), seasonId] },
};

const DEFAULT_SEASON_ORDER: SeasonOrder[] = [SeasonOrder.FIRST_WEEK_DESC];

@ArgsType()
export class SeasonConnectionArgs extends ConnectionArgs {
  @Field(() => SeasonWhere, { nullable: true, description: "Only seasons matching this filter." })
  @IsOptional()
  @ValidateNested()
    where?: SeasonWhere;

  // One array for both, since type-graphql checks that the decorator's default is the initializer's.
  @Field(() => [SeasonOrder], { defaultValue: DEFAULT_SEASON_ORDER, description: ORDER_BY_DESCRIPTION })
  orderBy: SeasonOrder[] = DEFAULT_SEASON_ORDER;
}

@ArgsType()
export class ChartMoversArgs extends ConnectionArgs {
  @Field(() => ChartCategory, { description: "The global list (TV_ENGLISH, TV_NON_ENGLISH, FILMS_ENGLISH, FILMS_NON_ENGLISH): national lists have no hours." })
  category: ChartCategory;

  @Field(() => DateScalar, { description: "Weeks ending on or after this day; one week: its Sunday as both `from` and `to`." })
  from: Date;

  @Field(() => DateScalar, { description: "Weeks ending on or before this day." })
  to: Date;

  @Field(() => MoverDirection, { defaultValue: MoverDirection.DROPS, description: "Biggest drops first, or biggest rises first." })
  direction: MoverDirection = MoverDirection.DROPS;

  @Field(() => Float, { nullable: true, description: "Only moves of at least this many percent (0 to 10,000): 50 with DROPS means hours fell by half or more." })
  @IsOptional()
  @Min(0)
  @Max(10_000)
  minChangePercent?: number;
}
