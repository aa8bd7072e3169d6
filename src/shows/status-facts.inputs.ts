import { IsDate, IsInt, IsOptional, IsUrl, Length, Max, MaxLength, Min } from "class-validator";
import { IsGlobalId } from "../common/node.js";
import { ArgsType, Field, ID, InputType, Int } from "type-graphql";

import { DateScalar } from "../common/scalars.js";
import { HTTP_URL, IsNotInFuture } from "../common/validation.js";
import { RenewalStatus } from "./show.types.js";

@InputType({ description: "An announcement recorded from the network's own source, without an article." })
export class RecordStatusChangeInput {
  @Field(() => ID)
  @IsGlobalId("Show")
  showId: string;

  @Field(() => Int, { nullable: true, description: "The season the decision is about (3 for \"renewed for season 3\")." })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  seasonNumber?: number | null;

  @Field(() => RenewalStatus)
  status: RenewalStatus;

  @Field(() => DateScalar, { description: "When the network announced it." })
  @IsDate()
  @IsNotInFuture()
  announcedAt: Date;

  @Field(() => String, { description: "Where the announcement can be read: the network's press release or post." })
  @MaxLength(2000)
  @IsUrl(HTTP_URL, { message: "sourceUrl must be an http(s) URL" })
  sourceUrl: string;
}

@ArgsType()
export class RetractStatusChangeArgs {
  @Field(() => ID, { description: "The status fact's id." })
  @IsGlobalId("StatusChange")
  id: string;

  @Field(() => String, { description: "Why the fact does not hold; kept in the record for editors." })
  @Length(3, 1000)
  reason: string;
}
