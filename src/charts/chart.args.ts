import { ArrayMaxSize, IsOptional, Matches, ValidateNested } from "class-validator";
import { ArgsType, Field, InputType, registerEnumType } from "type-graphql";
import { ConnectionArgs, ORDER_BY_DESCRIPTION, idKey, type Ordering, type SortKey } from "../common/connection.js";
import { withBooleanOperators, type BooleanWhere } from "../common/filters.js";
import { DateRange, IntRange } from "../common/ranges.js";
import { ChartCategory, type ChartEntry } from "./chart.types.js";

@InputType({ description: "Filters on Top 10 rows; every given condition must hold. A list matches any of its values." })
export class ChartEntryWhere {
  @Field(() => [ChartCategory], { nullable: true, description: "Only rows of these lists." })
  category?: ChartCategory[];

  @Field(() => [String], {
    nullable: true,
    description: '"GLOBAL" for the global lists, or countries\' ISO 3166-1 alpha-2 codes.',
  })
  @IsOptional()
  @ArrayMaxSize(100)
  @Matches(/^(GLOBAL|[A-Z]{2})$/, { each: true, message: "region must be GLOBAL or an ISO 3166-1 alpha-2 code such as US" })
  region?: string[];

  @Field(() => DateRange, { nullable: true, description: "Only weeks ending in this range (Sundays)." })
  @IsOptional()
  @ValidateNested()
  weekEnd?: DateRange;

  @Field(() => IntRange, { nullable: true, description: "Only rows ranked in this range (1 to 10)." })
  @IsOptional()
  @ValidateNested()
  rank?: IntRange;
}
// The class's AND/OR/NOT fields (see common/filters.ts).
export interface ChartEntryWhere extends BooleanWhere<ChartEntryWhere> {}
withBooleanOperators(ChartEntryWhere);

export enum ChartEntryOrder {
  WEEK_ASC = "WEEK_ASC",
  WEEK_DESC = "WEEK_DESC",
  RANK_ASC = "RANK_ASC",
  HOURS_VIEWED_DESC = "HOURS_VIEWED_DESC",
}
registerEnumType(ChartEntryOrder, {
  name: "ChartEntryOrder",
  description: "WEEK_* read a run in time order (then list, region, rank); HOURS_VIEWED_DESC puts national rows, which have no hours, last.",
});

type Key = SortKey<ChartEntry>;
const week = (direction: "asc" | "desc"): Key => ({ field: "weekEnd", direction, kind: "date", of: (e) => e.weekEnd });
const category: Key = { field: "category", direction: "asc", kind: "enum", values: Object.values(ChartCategory), of: (e) => e.category };
const region: Key = { field: "region", direction: "asc", kind: "string", of: (e) => e.region };
const rank: Key = { field: "rank", direction: "asc", kind: "number", of: (e) => e.rank };
const id: Key = idKey("asc");

export const chartEntryOrderings: Record<ChartEntryOrder, Ordering<ChartEntry>> = {
  WEEK_ASC: { name: "week", keys: [week("asc"), category, region, rank, id] },
  WEEK_DESC: { name: "-week", keys: [week("desc"), category, region, rank, id] },
  RANK_ASC: { name: "rank", keys: [rank, week("desc"), category, region, id] },
  HOURS_VIEWED_DESC: {
    name: "-hours",
    keys: [{ field: "hoursViewed", direction: "desc", nullable: true, kind: "number", of: (e) => e.hoursViewed }, id],
  },
};

const DEFAULT_CHART_ENTRY_ORDER: ChartEntryOrder[] = [ChartEntryOrder.WEEK_ASC];

@ArgsType()
export class ChartEntryConnectionArgs extends ConnectionArgs {
  @Field(() => ChartEntryWhere, { nullable: true, description: "Only Top 10 rows matching this filter." })
  @IsOptional()
  @ValidateNested()
    where?: ChartEntryWhere;

  // One array for both, since type-graphql checks that the decorator's default is the initializer's.
  @Field(() => [ChartEntryOrder], { defaultValue: DEFAULT_CHART_ENTRY_ORDER, description: ORDER_BY_DESCRIPTION })
  orderBy: ChartEntryOrder[] = DEFAULT_CHART_ENTRY_ORDER;
}
