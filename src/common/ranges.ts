import { IsOptional, Max, Min } from "class-validator";
import { Field, InputType, Int } from "type-graphql";
import { badUserInput } from "./errors.js";
import { DateScalar, DateTimeScalar } from "./scalars.js";

@InputType({ description: "Dates from `from` to `to`, both included; either end may be left open." })
export class DateRange {
  @Field(() => DateScalar, { nullable: true })
  from?: Date;

  @Field(() => DateScalar, { nullable: true })
  to?: Date;
}

@InputType({ description: "Instants from `from` (included) to `to` (excluded); either end may be left open." })
export class DateTimeRange {
  @Field(() => DateTimeScalar, { nullable: true })
  from?: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  to?: Date;
}

@InputType({ description: "Whole numbers from `min` to `max`, both included." })
export class IntRange {
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(-1_000_000_000)
  @Max(1_000_000_000)
  min?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(-1_000_000_000)
  @Max(1_000_000_000)
  max?: number;
}

interface Bounds<T> {
  gte?: T;
  lte?: T;
  lt?: T;
}

function bounds<T extends Date | number>(start: T | undefined, end: T | undefined, field: string, endExcluded: boolean): Bounds<T> {
  if (start != null && end != null && start > end) {
    throw badUserInput(`\`${field}\` is empty: its start is after its end.`, field);
  }
  const result: Bounds<T> = {};
  if (start != null) result.gte = start;
  if (end != null) result[endExcluded ? "lt" : "lte"] = end;
  return result;
}

/** Prisma bounds for a date range (both ends included); an empty range is the client's error, named by `field`. */
export function dateRangeFilter(range: DateRange | undefined, field: string): Bounds<Date> | undefined {
  return range ? bounds(range.from, range.to, field, false) : undefined;
}

/** Prisma bounds for an instant range (end excluded); an empty range is the client's error, named by `field`. */
export function dateTimeRangeFilter(range: DateTimeRange | undefined, field: string): Bounds<Date> | undefined {
  return range ? bounds(range.from, range.to, field, true) : undefined;
}

/** Prisma bounds for an integer range; an empty range is the client's error, named by `field`. */
export function intRangeFilter(range: IntRange | undefined, field: string): Bounds<number> | undefined {
  return range ? bounds(range.min, range.max, field, false) : undefined;
}
