import { IsOptional, Length, Matches, ValidateNested } from "class-validator";
import { ArgsType, Field, InputType, registerEnumType } from "type-graphql";
import { ConnectionArgs, nameOrderings, type Ordering } from "../common/connection.js";
import type { ProductionCompany } from "./company.types.js";

@InputType({ description: "Filters on production companies; every given condition must hold." })
export class CompanyWhere {
  @Field(() => String, { nullable: true, description: "Only companies whose name contains this text (any case)." })
  @IsOptional()
  @Length(1, 100)
  nameContains?: string;

  @Field(() => String, { nullable: true, description: "Only companies from this country (ISO 3166-1 alpha-2)." })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: "country must be an ISO 3166-1 alpha-2 code such as US" })
  country?: string;
}

export enum CompanyOrder {
  NAME_ASC = "NAME_ASC",
  NAME_DESC = "NAME_DESC",
}
registerEnumType(CompanyOrder, { name: "CompanyOrder" });

export const companyOrderings: Record<CompanyOrder, Ordering<ProductionCompany>> = nameOrderings<ProductionCompany>();

@ArgsType()
export class CompanyConnectionArgs extends ConnectionArgs {
  @Field(() => CompanyWhere, { nullable: true })
  @IsOptional()
  @ValidateNested()
  where?: CompanyWhere;

  @Field(() => CompanyOrder, { defaultValue: CompanyOrder.NAME_ASC })
  orderBy: CompanyOrder = CompanyOrder.NAME_ASC;
}
