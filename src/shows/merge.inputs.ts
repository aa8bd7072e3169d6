import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsInt, IsOptional, Length, Matches, Min, ValidateNested } from "class-validator";
import { ArgsType, Field, ID, InputType, Int } from "type-graphql";
import { SLUG_PATTERN } from "../common/lookup.js";
import { IsGlobalId, rowIdOf } from "../common/node.js";
import { ShowKind } from "./show.types.js";

@InputType({ description: "Merges the source show into the target; both must be named at their newest `version`." })
export class MergeShowsInput {
  @Field(() => ID, { description: "The duplicate: everything it has moves to the target, then it is removed." })
  @IsGlobalId("Show")
  sourceId: string;

  @Field(() => ID, { description: "The show that stays." })
  @IsGlobalId("Show")
  targetId: string;

  @Field(() => Int, { description: "The source's `version` the merge was decided on." })
  @IsInt()
  @Min(1)
  sourceBaseVersion: number;

  @Field(() => Int, { description: "The target's `version` the merge was decided on." })
  @IsInt()
  @Min(1)
  targetBaseVersion: number;

  /** The ids' database keys: the one place they are decoded. */
  ids(): { sourceId: number; targetId: number } {
    return { sourceId: rowIdOf("Show", this.sourceId, "input.sourceId"), targetId: rowIdOf("Show", this.targetId, "input.targetId") };
  }
}

/** The type name in a merge's global id: a record of the merge, not a Node (nothing to refetch). */
export const MERGE_TYPE = "ShowMerge";

@ArgsType()
export class UnmergeShowsArgs {
  @Field(() => ID, { description: "The merge to reverse (`MergeShowsPayload.mergeId`)." })
  @IsGlobalId(MERGE_TYPE)
  mergeId: string;

  mergeIdNumber(): number {
    return rowIdOf(MERGE_TYPE, this.mergeId, "mergeId");
  }
}

@InputType({ description: "The show a split creates for the rows that leave." })
export class NewShowInput {
  @Field(() => String)
  @Length(1, 300)
  title: string;

  @Field(() => ShowKind)
  kind: ShowKind;

  @Field(() => String, { nullable: true, description: "Made from the title when absent." })
  @IsOptional()
  @Length(1, 120)
  @Matches(SLUG_PATTERN, { message: "slug must be lowercase letters, digits and single hyphens" })
  slug?: string;
}

@InputType({ description: "Moves the chart rows of some season titles (and their seasons) to a new show." })
export class SplitShowInput {
  @Field(() => ID, { description: "The show whose rows to split off." })
  @IsGlobalId("Show")
  showId: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  baseVersion: number;

  @Field(() => [String], { description: "Season titles exactly as Netflix's files spell them (`ChartEntry.seasonTitle`)." })
  @ArrayNotEmpty()
  @ArrayUnique()
  @ArrayMaxSize(200)
  @Length(1, 300, { each: true })
  seasonTitles: string[];

  @Field(() => NewShowInput)
  @ValidateNested()
  newShow: NewShowInput;

  showIdNumber(): number {
    return rowIdOf("Show", this.showId, "input.showId");
  }
}
