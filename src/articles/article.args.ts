import { ArgsType, Field } from "type-graphql";
import { PageArgs } from "../common/pagination.js";
import { ArticleStatus } from "./article.types.js";

@ArgsType()
export class ArticleListArgs extends PageArgs {
  @Field(() => ArticleStatus, {
    nullable: true,
    description: "Only articles in this state. Readers who may not see unpublished articles get none in other states.",
  })
  status?: ArticleStatus;
}
