import { IsGlobalId, ANY_NODE_TYPE } from "../common/node.js";
import {
  ArrayMaxSize,
  ArrayUnique,
  IsDate,
  IsInt,
  IsNumber,
  IsOptional,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from "class-validator";
import { ArgsType, Field, Float, ID, InputType, Int } from "type-graphql";
import { SLUG_PATTERN } from "../common/lookup.js";
import { DateScalar } from "../common/scalars.js";
import { IsNotInFuture } from "../common/validation.js";
import { Platform, RatingSource, ShowKind } from "./show.types.js";

const SLUG_MESSAGE = { message: "slug must be lowercase letters, digits and single hyphens" };
const LANGUAGE_MESSAGE = { message: "originalLanguage must be an ISO 639-1 code such as en" };

/** The show's curated fields; on update, a field left out keeps its value. Its status is not among them (see recordStatusChange). */
@InputType()
abstract class ShowFieldsInput {
  @Field(() => String, { nullable: true, description: "Lowercase words joined by hyphens; a former slug keeps resolving to the show." })
  @IsOptional()
  @Length(1, 120)
  @Matches(SLUG_PATTERN, SLUG_MESSAGE)
  slug?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(5000)
  synopsis?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @Length(1, 60, { each: true })
  genres?: string[];

  @Field(() => Platform, { nullable: true })
  @IsOptional()
  platform?: Platform;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  isOriginal?: boolean;

  @Field(() => String, { nullable: true, description: "ISO 639-1 code, e.g. en." })
  @IsOptional()
  @Matches(/^[a-z]{2}$/, LANGUAGE_MESSAGE)
  originalLanguage?: string | null;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  @IsDate()
  premiereDate?: Date | null;

  @Field(() => [String], { nullable: true, description: "ISO 3166-1 alpha-2 codes of the producing countries, e.g. CA." })
  @IsOptional()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @Matches(/^[A-Z]{2}$/, { each: true, message: "countries must be ISO 3166-1 alpha-2 codes such as CA" })
  countries?: string[];

  @Field(() => Int, { nullable: true, description: "A film's running time in minutes." })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  runtimeMinutes?: number | null;

  @Field(() => String, { nullable: true, description: "The content rating the platform shows (TV-MA, PG-13 ...)." })
  @IsOptional()
  @Length(1, 20)
  contentRating?: string | null;
}

@InputType({ description: "A show to add to the catalogue." })
export class CreateShowInput extends ShowFieldsInput {
  @Field(() => String)
  @Length(1, 300)
  title: string;

  @Field(() => ShowKind)
  kind: ShowKind;
}

@InputType({ description: "Changes to a show: only the fields given change." })
export class UpdateShowInput extends ShowFieldsInput {
  @Field(() => ID)
  @IsGlobalId("Show")
  id: string;

  @Field(() => Int, { description: "The show's `version` the edit was based on; a stale one is a CONFLICT naming who saved." })
  @IsInt()
  @Min(1)
  baseVersion: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 300)
  title?: string;

  @Field(() => ShowKind, { nullable: true })
  @IsOptional()
  kind?: ShowKind;
}

/** An edit of a show or of one of its parts, which all take the show's version (the show is the aggregate). */
@ArgsType()
export class VersionedIdArgs {
  @Field(() => ID, { description: "The record's id." })
  @IsGlobalId(ANY_NODE_TYPE)
  id: string;

  @Field(() => Int, { description: "The `version` of the show the edit was based on." })
  @IsInt()
  @Min(1)
  baseVersion: number;
}

@InputType()
abstract class SeasonFieldsInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 300)
  title?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  episodeCount?: number | null;

  @Field(() => Float, { nullable: true, description: "Total runtime in hours, as Netflix publishes it (e.g. 1.9667)." })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 4 })
  @Min(0)
  @Max(99_999)
  runtimeHours?: number | null;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  @IsDate()
  releaseDate?: Date | null;
}

@InputType({ description: "A season to add to a show." })
export class CreateSeasonInput extends SeasonFieldsInput {
  @Field(() => ID)
  @IsGlobalId("Show")
  showId: string;

  @Field(() => Int, { description: "The show's `version` the edit was based on." })
  @IsInt()
  @Min(1)
  baseVersion: number;

  @Field(() => Int, { description: "Unique within the show." })
  @IsInt()
  @Min(1)
  @Max(1000)
  number: number;
}

@InputType({ description: "Changes to a season: only the fields given change." })
export class UpdateSeasonInput extends SeasonFieldsInput {
  @Field(() => ID)
  @IsGlobalId("Season")
  id: string;

  @Field(() => Int, { description: "The show's `version` the edit was based on." })
  @IsInt()
  @Min(1)
  baseVersion: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  number?: number;
}

@InputType({ description: "A score read from a source on a day; a rating is part of its show, recorded at the show's `version`." })
export class RecordRatingInput {
  @Field(() => ID)
  @IsGlobalId("Show")
  showId: string;

  @Field(() => Int, { description: "The show's `version` the edit was based on." })
  @IsInt()
  @Min(1)
  baseVersion: number;

  @Field(() => ID, { nullable: true, description: "The season rated; absent for the whole show." })
  @IsOptional()
  @IsGlobalId("Season")
  seasonId?: string | null;

  @Field(() => RatingSource)
  source: RatingSource;

  @Field(() => Float, { nullable: true, description: "Null when the source has no score yet (\"not enough reviews\"); otherwise 0..scaleMax." })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  score?: number | null;

  @Field(() => Int, { description: "The top of the source's scale: 10 for IMDb, 100 for Rotten Tomatoes and Metacritic." })
  @IsInt()
  @Min(1)
  @Max(1000)
  scaleMax: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  voteCount?: number | null;

  @Field(() => DateScalar, { description: "When the score was read." })
  @IsDate()
  @IsNotInFuture()
  asOf: Date;
}
