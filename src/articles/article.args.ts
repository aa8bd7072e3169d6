import { IsOptional, ValidateNested } from "class-validator";
import { IsGlobalId } from "../common/node.js";
import { ArgsType, Field, ID, InputType, registerEnumType } from "type-graphql";
import { ConnectionArgs, ORDER_BY_DESCRIPTION, idKey, type Ordering } from "../common/connection.js";
import { withBooleanOperators, type BooleanWhere } from "../common/filters.js";
import { DateTimeRange } from "../common/ranges.js";
import { RenewalStatus } from "../shows/show.types.js";
import { ArticleStatus, type Article, type ArticleRevision } from "./article.types.js";

@InputType({ description: "Filters on articles; every given condition must hold. A list matches any of its values." })
export class ArticleWhere {
  @Field(() => [ArticleStatus], {
    nullable: true,
    description: "Only articles in these states. Readers who may not see unpublished articles get none in other states.",
  })
  status?: ArticleStatus[];

  @Field(() => ID, { nullable: true, description: "Only articles covering this show." })
  @IsOptional()
  @IsGlobalId("Show")
  showId?: string;

  @Field(() => ID, { nullable: true, description: "Only articles by this author: the id of an Author or of their User." })
  @IsOptional()
  @IsGlobalId(["Author", "User"])
  authorId?: string;

  @Field(() => [RenewalStatus], { nullable: true, description: "Only renewal articles reporting one of these verdicts." })
  verdict?: RenewalStatus[];

  @Field(() => DateTimeRange, { nullable: true, description: "Only articles first published in this range." })
  @IsOptional()
  @ValidateNested()
  publishedAt?: DateTimeRange;
}
// The class's AND/OR/NOT fields (see common/filters.ts).
export interface ArticleWhere extends BooleanWhere<ArticleWhere> {}
withBooleanOperators(ArticleWhere);

export enum ArticleOrder {
  PUBLISHED_AT_DESC = "PUBLISHED_AT_DESC",
  PUBLISHED_AT_ASC = "PUBLISHED_AT_ASC",
  UPDATED_AT_DESC = "UPDATED_AT_DESC",
  TITLE_ASC = "TITLE_ASC",
}
registerEnumType(ArticleOrder, {
  name: "ArticleOrder",
  description: "Orders for article lists; articles never published come last in the PUBLISHED_AT orders.",
});


export const articleOrderings: Record<ArticleOrder, Ordering<Article>> = {
  PUBLISHED_AT_DESC: {
    name: "-published",
    keys: [{ field: "publishedAt", direction: "desc", nullable: true, kind: "date", of: (a) => a.publishedAt }, idKey("desc")],
  },
  PUBLISHED_AT_ASC: {
    name: "published",
    keys: [{ field: "publishedAt", direction: "asc", nullable: true, kind: "date", of: (a) => a.publishedAt }, idKey("asc")],
  },
  UPDATED_AT_DESC: {
    name: "-updated",
    keys: [{ field: "updatedAt", direction: "desc", kind: "date", of: (a) => a.updatedAt }, idKey("desc")],
  },
  TITLE_ASC: { name: "title", keys: [{ field: "title", direction: "asc", kind: "string", of: (a) => a.title }, idKey("asc")] },
};

const DEFAULT_ARTICLE_ORDER: ArticleOrder[] = [ArticleOrder.PUBLISHED_AT_DESC];

@ArgsType()
export class ArticleConnectionArgs extends ConnectionArgs {
  @Field(() => ArticleWhere, { nullable: true, description: "Only articles matching this filter (and visible to the viewer)." })
  @IsOptional()
  @ValidateNested()
    where?: ArticleWhere;

  // One array for both, since type-graphql checks that the decorator's default is the initializer's.
  @Field(() => [ArticleOrder], { defaultValue: DEFAULT_ARTICLE_ORDER, description: ORDER_BY_DESCRIPTION })
  orderBy: ArticleOrder[] = DEFAULT_ARTICLE_ORDER;
}

export const revisionOrdering: Ordering<ArticleRevision> = {
  name: "-number",
  keys: [{ field: "number", direction: "desc", kind: "number", of: (r) => r.number }],
};
