import { IsOptional, ValidateNested } from "class-validator";
import { IsGlobalId } from "../common/node.js";
import { ArgsType, Field, ID, InputType, registerEnumType } from "type-graphql";
import { ConnectionArgs, idKey, type Ordering } from "../common/connection.js";

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

@ArgsType()
export class ArticleConnectionArgs extends ConnectionArgs {
  @Field(() => ArticleWhere, { nullable: true })
  @IsOptional()
  @ValidateNested()
  where?: ArticleWhere;

  @Field(() => ArticleOrder, { defaultValue: ArticleOrder.PUBLISHED_AT_DESC })
  orderBy: ArticleOrder = ArticleOrder.PUBLISHED_AT_DESC;
}

export const revisionOrdering: Ordering<ArticleRevision> = {
  name: "-number",
  keys: [{ field: "number", direction: "desc", kind: "number", of: (r) => r.number }],
};
