import { IsOptional, Length } from "class-validator";
import { ArgsType, Field } from "type-graphql";
import { PageArgs } from "../common/pagination.js";

@ArgsType()
export class CompanyListArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: "Only companies whose name contains this text (any case)." })
  @IsOptional()
  @Length(1, 100)
  nameContains?: string;
}
