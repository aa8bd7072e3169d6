import { Max, Min } from "class-validator";
import { IsGlobalId, rowIdOf } from "../common/node.js";
import { Args, ArgsType, Authorized, Ctx, Field, ID, Int, Mutation, Resolver } from "type-graphql";
import { Article } from "../articles/article.types.js";
import type { RequestContext } from "../common/context.js";
import { serviceFor } from "../common/service.js";
import { RenewalDraftService } from "./renewal-draft.service.js";

@ArgsType()
class DraftRenewalArgs {
  @Field(() => ID, { description: "The show the article is about." })
  @IsGlobalId("Show")
  showId: string;

  @Field(() => Int, { description: 'The season in question: 2 drafts "Has Netflix Renewed X for Season 2?" from season 1\'s data.' })
  @Min(2)
  @Max(100)
  seasonNumber: number;
}

@Resolver()
export class RenewalDraftResolver {
  @Authorized("WRITER")
  @Mutation(() => Article, {
    description:
      "Creates a DRAFT renewal article pre-filled from the database: status, the season's first run in the Top 10, the model's chance " +
      "with its backtest's accuracy, comparable seasons, ratings, people, and the source of every figure (which it records for the publish check).",
  })
  draftRenewalArticle(@Args(() => DraftRenewalArgs) args: DraftRenewalArgs, @Ctx() context: RequestContext): Promise<Article> {
    return serviceFor(context, RenewalDraftService).draft(rowIdOf("Show", args.showId, "showId"), args.seasonNumber);
  }
}
