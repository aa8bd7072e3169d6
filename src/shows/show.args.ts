import { IsOptional, Length, Matches } from "class-validator";
import { ArgsType, Field, ID } from "type-graphql";
import { PageArgs } from "../common/pagination.js";
import { Platform, RenewalStatus, ShowKind } from "./show.types.js";

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

@ArgsType()
export class ShowLookupArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @Matches(/^[1-9][0-9]{0,9}$/, { message: "id must be a positive integer id" })
  id?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  @Matches(SLUG_PATTERN, { message: "slug must be lowercase letters, digits and single hyphens" })
  slug?: string;
}

@ArgsType()
export class ShowListArgs extends PageArgs {
  @Field(() => RenewalStatus, { nullable: true })
  status?: RenewalStatus;

  @Field(() => Platform, { nullable: true })
  platform?: Platform;

  @Field(() => ShowKind, { nullable: true })
  kind?: ShowKind;

  @Field(() => String, { nullable: true, description: "Only shows with this genre (exact, case-sensitive)." })
  @IsOptional()
  @Length(1, 100)
  genre?: string;
}
