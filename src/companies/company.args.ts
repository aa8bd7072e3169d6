import { IsOptional, Length, Matches, ValidateNested } from "class-validator";
import { ArgsType, Field, InputType, registerEnumType } from "type-graphql";
import { ConnectionArgs, ORDER_BY_DESCRIPTION, nameOrderings, type Ordering } from "../common/connection.js";
import { withBooleanOperators, type BooleanWhere } from "../common/filters.js";
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
// The class's AND/OR/NOT fields (see common/filters.ts).
export interface CompanyWhere extends BooleanWhere<CompanyWhere> {}
withBooleanOperators(CompanyWhere);

export enum CompanyOrder {
  NAME_ASC = "NAME_ASC",
  NAME_DESC = "NAME_DESC",
}
registerEnumType(CompanyOrder, { name: "CompanyOrder", description: "Orders for production company lists." });

export const companyOrderings: Record<CompanyOrder, Ordering<ProductionCompany>> = nameOrderings<ProductionCompany>();

const DEFAULT_COMPANY_ORDER: CompanyOrder[] = [CompanyOrder.NAME_ASC];

@ArgsType()
export class CompanyConnectionArgs extends ConnectionArgs {
  @Field(() => CompanyWhere, { nullable: true, description: "Only production companies matching this filter." })
  @IsOptional()
  @ValidateNested()
    where?: CompanyWhere;

  // One array for both, since type-graphql checks that the decorator's default is the initializer's.
  @Field(() => [CompanyOrder], { defaultValue: DEFAULT_COMPANY_ORDER, description: ORDER_BY_DESCRIPTION })
  orderBy: CompanyOrder[] = DEFAULT_COMPANY_ORDER;
}
