import { Arg, Args, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../common/context.js";
import { serviceFor } from "../common/service.js";
import { MergeShowsInput, SplitShowInput, UnmergeShowsArgs } from "./merge.inputs.js";
import { ShowMergeService } from "./merge.service.js";
import { ShowUnmergeService } from "./unmerge.service.js";
import { MergeShowsPayload, SplitShowPayload, UnmergeShowsPayload } from "./merge.types.js";
import { ShowSplitService } from "./split.service.js";

/** Merging duplicates and splitting mis-merges: editors and admins only, like every edit of the show graph. */
@Resolver()
export class ShowMergeResolver {
  @Authorized("EDITOR")
  @Mutation(() => MergeShowsPayload, {
    description:
      "Merges a duplicate show into another (editors): its seasons (same numbers folded together), chart rows, credits, companies, " +
      "ratings, articles, status facts and slugs move to the target, which also takes the fields it lacks; later Top 10 imports of " +
      "the source's title land on the target. Both versions must be current. Audited (`show.merged`), reversible with `unmergeShows`.",
  })
  mergeShows(@Arg("input", () => MergeShowsInput, { description: "The two shows, each at its newest version." }) input: MergeShowsInput, @Ctx() context: RequestContext): Promise<MergeShowsPayload> {
    return serviceFor(context, ShowMergeService).merge(input);
  }

  @Authorized("EDITOR")
  @Mutation(() => UnmergeShowsPayload, {
    description:
      "Reverses a merge exactly from what it recorded (editors): the source comes back with its ids and everything that came from it. " +
      "A CONFLICT when something it moved has been moved or removed since. Audited (`show.unmerged`).",
  })
  unmergeShows(@Args(() => UnmergeShowsArgs) args: UnmergeShowsArgs, @Ctx() context: RequestContext): Promise<UnmergeShowsPayload> {
    return serviceFor(context, ShowUnmergeService).unmerge(args.mergeIdNumber());
  }

  @Authorized("EDITOR")
  @Mutation(() => SplitShowPayload, {
    description:
      "Moves the chart rows of the season titles given (and their seasons) to a new show (editors); later Top 10 imports keep " +
      "them there. Audited (`show.split`); merging the new show back reverses it.",
  })
  splitShow(@Arg("input", () => SplitShowInput, { description: "The show, the season titles whose rows leave, and the new show." }) input: SplitShowInput, @Ctx() context: RequestContext): Promise<SplitShowPayload> {
    return serviceFor(context, ShowSplitService).split(input);
  }
}
