import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { ArticleStatus } from "../db/generated/enums.js";
import { DateTimeScalar } from "../common/scalars.js";
import { RenewalStatus } from "../shows/show.types.js";

registerEnumType(ArticleStatus, {
  name: "ArticleStatus",
  description: "Where an article is in the editorial workflow. Anonymous readers only ever see PUBLISHED.",
});
export { ArticleStatus };

@ObjectType({ description: "A news article, such as a renewal report." })
export class Article {
  @Field(() => ID)
  id: number;

  authorId: number | null;

  @Field(() => String)
  slug: string;

  @Field(() => String)
  title: string;

  @Field(() => String, { nullable: true })
  summary: string | null;

  @Field(() => String, { description: "The body as Markdown." })
  body: string;

  @Field(() => ArticleStatus)
  status: ArticleStatus;

  @Field(() => RenewalStatus, { nullable: true, description: "For renewal articles: the verdict reported." })
  verdict: RenewalStatus | null;

  @Field(() => Int, { nullable: true, description: "For renewal articles: the season in question." })
  seasonNumber: number | null;

  @Field(() => DateTimeScalar, { nullable: true })
  publishedAt: Date | null;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar)
  updatedAt: Date;
}
