import { IsOptional, Length, ValidateNested } from "class-validator";
import { ArgsType, Field, InputType, registerEnumType } from "type-graphql";
import { ConnectionArgs, ORDER_BY_DESCRIPTION, idKey, nameOrderings, type Ordering } from "../common/connection.js";
import { withBooleanOperators, type BooleanWhere } from "../common/filters.js";
import { CreditRole, type Credit, type Person } from "./person.types.js";

@InputType({ description: "Filters on people; every given condition must hold." })
export class PersonWhere {
  @Field(() => String, { nullable: true, description: "Only people whose name contains this text (any case)." })
  @IsOptional()
  @Length(1, 100)
  nameContains?: string;

  @Field(() => [CreditRole], { nullable: true, description: "Only people with a credit in one of these roles." })
  role?: CreditRole[];
}
// The class's AND/OR/NOT fields (see common/filters.ts).
export interface PersonWhere extends BooleanWhere<PersonWhere> {}
withBooleanOperators(PersonWhere);

export enum PersonOrder {
  NAME_ASC = "NAME_ASC",
  NAME_DESC = "NAME_DESC",
}
registerEnumType(PersonOrder, { name: "PersonOrder", description: "Orders for lists of people." });

export const personOrderings: Record<PersonOrder, Ordering<Person>> = nameOrderings<Person>();

const DEFAULT_PERSON_ORDER: PersonOrder[] = [PersonOrder.NAME_ASC];

@ArgsType()
export class PersonConnectionArgs extends ConnectionArgs {
  @Field(() => PersonWhere, { nullable: true, description: "Only people matching this filter." })
  @IsOptional()
  @ValidateNested()
    where?: PersonWhere;

  // One array for both, since type-graphql checks that the decorator's default is the initializer's.
  @Field(() => [PersonOrder], { defaultValue: DEFAULT_PERSON_ORDER, description: ORDER_BY_DESCRIPTION })
  orderBy: PersonOrder[] = DEFAULT_PERSON_ORDER;
}

/** Credits read in billing order: by role, then position within the role. */
export const creditOrdering: Ordering<Credit> = {
  name: "billing",
  keys: [
    { field: "role", direction: "asc", kind: "enum", values: Object.values(CreditRole), of: (c) => c.role },
    { field: "position", direction: "asc", kind: "number", of: (c) => c.position },
    idKey("asc"),
  ],
};

@ArgsType()
export class CreditConnectionArgs extends ConnectionArgs {
  @Field(() => [CreditRole], { nullable: true, description: "Only credits in these roles." })
  role?: CreditRole[];
}
