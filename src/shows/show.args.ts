import { ArrayMaxSize, IsOptional, Length, Matches, ValidateNested } from "class-validator";
import { IsGlobalId } from "../common/node.js";
import { ArgsType, Field, ID, InputType, registerEnumType } from "type-graphql";
import { ConnectionArgs, ORDER_BY_DESCRIPTION, idKey, type Ordering } from "../common/connection.js";
import { withBooleanOperators, type BooleanWhere } from "../common/filters.js";
import { DateRange } from "../common/ranges.js";
import { Platform, RenewalStatus, ShowKind, type Show } from "./show.types.js";

@InputType({ description: "Filters on shows; every given condition must hold. A list matches any of its values." })
export class ShowWhere {
  @Field(() => [RenewalStatus], { nullable: true })
  status?: RenewalStatus[];

  @Field(() => [Platform], { nullable: true })
  platform?: Platform[];

  @Field(() => [ShowKind], { nullable: true })
  kind?: ShowKind[];

  @Field(() => [String], { nullable: true, description: "Only shows in these original languages (ISO 639-1 codes, e.g. \"en\")." })
  @IsOptional()
  @ArrayMaxSize(50)
  @Matches(/^[a-z]{2}$/, { each: true, message: "originalLanguage must be ISO 639-1 codes such as en" })
  originalLanguage?: string[];

  @Field(() => String, { nullable: true, description: "Only shows with this genre (exact, case-sensitive)." })
  @IsOptional()
  @Length(1, 100)
  genre?: string;

  @Field(() => String, { nullable: true, description: "Only shows whose title contains this text (any case)." })
  @IsOptional()
  @Length(1, 100)
  titleContains?: string;

  @Field(() => DateRange, { nullable: true, description: "Only shows that premiered in this range." })
  @IsOptional()
  @ValidateNested()
  premiereDate?: DateRange;

  @Field(() => ID, { nullable: true, description: "Only shows this production company made." })
  @IsOptional()
  @IsGlobalId("ProductionCompany")
  productionCompanyId?: string;

  @Field(() => ID, { nullable: true, description: "Only shows this person is credited on." })
  @IsOptional()
  @IsGlobalId("Person")
  personId?: string;
}
// The class's AND/OR/NOT fields (see common/filters.ts).
export interface ShowWhere extends BooleanWhere<ShowWhere> {}
withBooleanOperators(ShowWhere);

export enum ShowOrder {
  TITLE_ASC = "TITLE_ASC",
  TITLE_DESC = "TITLE_DESC",
  PREMIERE_DATE_DESC = "PREMIERE_DATE_DESC",
  PREMIERE_DATE_ASC = "PREMIERE_DATE_ASC",
  UPDATED_AT_DESC = "UPDATED_AT_DESC",
}
registerEnumType(ShowOrder, {
  name: "ShowOrder",
  description: "Orders for show lists; shows without a premiere date come last either way.",
});


export const showOrderings: Record<ShowOrder, Ordering<Show>> = {
  TITLE_ASC: { name: "title", keys: [{ field: "title", direction: "asc", kind: "string", of: (s) => s.title }, idKey("asc")] },
  TITLE_DESC: { name: "-title", keys: [{ field: "title", direction: "desc", kind: "string", of: (s) => s.title }, idKey("desc")] },
  PREMIERE_DATE_DESC: {
    name: "-premiere",
    keys: [{ field: "premiereDate", direction: "desc", nullable: true, kind: "date", of: (s) => s.premiereDate }, idKey("desc")],
  },
  PREMIERE_DATE_ASC: {
    name: "premiere",
    keys: [{ field: "premiereDate", direction: "asc", nullable: true, kind: "date", of: (s) => s.premiereDate }, idKey("asc")],
  },
  UPDATED_AT_DESC: {
    name: "-updated",
    keys: [{ field: "updatedAt", direction: "desc", kind: "date", of: (s) => s.updatedAt }, idKey("desc")],
  },
};

const DEFAULT_SHOW_ORDER: ShowOrder[] = [ShowOrder.TITLE_ASC];

@ArgsType()
export class ShowConnectionArgs extends ConnectionArgs {
  @Field(() => ShowWhere, { nullable: true, description: "Only shows matching this filter." })
  @IsOptional()
  @ValidateNested()
    where?: ShowWhere;

  // One array for both, since type-graphql checks that the decorator's default is the initializer's.
  @Field(() => [ShowOrder], { defaultValue: DEFAULT_SHOW_ORDER, description: ORDER_BY_DESCRIPTION })
  orderBy: ShowOrder[] = DEFAULT_SHOW_ORDER;
}
