import { IsOptional, Matches } from "class-validator";
import { ArgsType, Field } from "type-graphql";
import { PageArgs } from "../common/pagination.js";
import { ChartCategory, GLOBAL_REGION } from "./chart.types.js";

@ArgsType()
export class ChartEntryListArgs extends PageArgs {
  @Field(() => ChartCategory, { nullable: true, description: "Only entries of this list." })
  category?: ChartCategory;

  @Field(() => String, {
    defaultValue: GLOBAL_REGION,
    description: `"${GLOBAL_REGION}" for the global lists, or a country's ISO 3166-1 alpha-2 code.`,
  })
  @IsOptional()
  @Matches(/^(GLOBAL|[A-Z]{2})$/, { message: "region must be GLOBAL or an ISO 3166-1 alpha-2 code such as US" })
  region: string = GLOBAL_REGION;
}
