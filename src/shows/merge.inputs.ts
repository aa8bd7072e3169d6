import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsInt, IsOptional, Length, Matches, Min, ValidateNested } from "class-validator";
import { ArgsType, Field, ID, InputType, Int } from "type-graphql";
import { IsEntityId, SLUG_PATTERN } from "../common/lookup.js";
import { ShowKind } from "./show.types.js";

@InputType({ description: "Merges the source show into the target; both must be named at their newest `version`." })
export class MergeShowsInput {
  @Field(() => ID, { description: "The duplicate: everything it has moves to the target, then it is removed." })
  @IsEntityId()
  sourceId: string;

  @Field(() => ID, { description: "The show that stays." })
  @IsEntityId()
  targetId: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  sourceBaseVersion: number;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  targetBaseVersion: number;

  /** The ids as numbers: the one place they are parsed (global ids will be decoded here). */
  ids(): { sourceId: number; targetId: number } {
    return { sourceId: Number(this.sourceId), targetId: Number(this.targetId) };
  }
}

@ArgsType()
export class UnmergeShowsArgs {
  @Field(() => ID, { description: "The merge to reverse (`MergeShowsPayload.mergeId`)." })
  @IsEntityId()
  mergeId: string;

  mergeIdNumber(): number {
    return Number(this.mergeId);
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
  @Field(() => ID)
  @IsEntityId()
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
    return Number(this.showId);
  }
}
