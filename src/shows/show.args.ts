import { IsOptional, Length } from "class-validator";
import { ArgsType, Field } from "type-graphql";
import { PageArgs } from "../common/pagination.js";
import { Platform, RenewalStatus, ShowKind } from "./show.types.js";

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
