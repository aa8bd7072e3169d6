import { IsGlobalId } from "../common/node.js";
import {
  ArrayMaxSize,
  ArrayUnique,
  IsDate,
  IsInt,
  IsOptional,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from "class-validator";
import { Field, ID, InputType, Int } from "type-graphql";
import { SLUG_PATTERN } from "../common/lookup.js";
import { IsNotBlank } from "../common/text.js";
import { DateScalar, DateTimeScalar } from "../common/scalars.js";
import { HTTP_URL, IsNotInFuture } from "../common/validation.js";
import { RenewalStatus } from "../shows/show.types.js";
import { MAX_SLUG_LENGTH } from "./slug.js";

@InputType({ description: "What a renewal article reports: the show, the season in question and the verdict." })
export class RenewalInput {
  @Field(() => ID)
  @IsGlobalId("Show")
  showId: string;

  @Field(() => Int, { description: "The season in question (2 in \"renewed for season 2?\")." })
  @IsInt()
  @Min(1)
  @Max(100)
  seasonNumber: number;

  @Field(() => RenewalStatus)
  verdict: RenewalStatus;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      "When the network announced the verdict (not when we publish it). Required when the verdict differs from the " +
      "show's standing status for that season; otherwise the article becomes a further source of the standing fact.",
  })
  @IsOptional()
  @IsDate()
  @IsNotInFuture()
  announcedAt?: Date | null;

  @Field(() => String, { nullable: true, description: "The network's own announcement (a press release, its post), when linked." })
  @IsOptional()
  @MaxLength(2000)
  @IsUrl(HTTP_URL, { message: "sourceUrl must be an http(s) URL" })
  sourceUrl?: string | null;
}

/** Content fields shared by create and update; on update, a field left out keeps its value. */
@InputType()
abstract class ArticleContentInput {
  @Field(() => String, { nullable: true, description: `Lowercase words joined by hyphens; at most ${MAX_SLUG_LENGTH} characters.` })
  @IsOptional()
  @Length(1, MAX_SLUG_LENGTH)
  @Matches(SLUG_PATTERN, { message: "slug must be lowercase letters, digits and single hyphens" })
  slug?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  summary?: string;

  @Field(() => [ID], { nullable: true, description: "The shows the article covers (the renewal's show is always included)." })
  @IsOptional()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsGlobalId("Show", { each: true })
  showIds?: string[];

  @Field(() => RenewalInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  renewal?: RenewalInput;
}

@InputType({ description: "A new article, saved as a draft." })
export class CreateArticleInput extends ArticleContentInput {
  @Field(() => String)
  @Length(3, 200)
  @IsNotBlank()
  title: string;

  @Field(() => String, { description: "Markdown." })
  @Length(1, 200_000)
  @IsNotBlank()
  body: string;
}

@InputType({ description: "Changes to an article's content: only the fields given change." })
export class UpdateArticleInput extends ArticleContentInput {
  @Field(() => ID)
  @IsGlobalId("Article")
  id: string;

  @Field(() => Int, { description: "The `version` this edit started from; a newer one on the server means CONFLICT." })
  @IsInt()
  @Min(1)
  baseVersion: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(3, 200)
  @IsNotBlank()
  title?: string;

  @Field(() => String, { nullable: true, description: "Markdown." })
  @IsOptional()
  @Length(1, 200_000)
  @IsNotBlank()
  body?: string;
}

@InputType({ description: "When an article should publish itself." })
export class ScheduleArticleInput {
  @Field(() => ID)
  @IsGlobalId("Article")
  id: string;

  @Field(() => DateTimeScalar, { description: "When to publish; must be in the future." })
  @IsDate()
  publishAt: Date;
}
