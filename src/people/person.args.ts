import { IsOptional, Length } from "class-validator";
import { ArgsType, Field } from "type-graphql";
import { PageArgs } from "../common/pagination.js";
import { CreditRole } from "./person.types.js";

@ArgsType()
export class PersonListArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: "Only people whose name contains this text (any case)." })
  @IsOptional()
  @Length(1, 100)
  nameContains?: string;
}

@ArgsType()
export class CreditFilterArgs {
  @Field(() => CreditRole, { nullable: true, description: "Only credits in this role." })
  role?: CreditRole;
}
