import { ArrayMaxSize, ArrayMinSize, ArrayUnique, Max, Min } from "class-validator";
import { Args, ArgsType, Ctx, Field, ID, Int, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../common/context.js";
import { IsGlobalId, rowIdOf } from "../common/node.js";
import { serviceFor } from "../common/service.js";
import { ComparisonService } from "./comparison.service.js";
import { ComparisonMetric, SeasonComparison } from "./comparison.types.js";

/** More seasons than this would not read as one sentence, and each adds its shows' whole chart history. */
export const MAX_COMPARED_SEASONS = 5;
/** A quarter: Netflix's own longest window (the Most Popular list's 91 days) is 13 weeks. */
export const MAX_COMPARED_WEEKS = 13;

@ArgsType()
class CompareSeasonsArgs {
  @Field(() => [ID], { description: `Global ids of 2 to ${MAX_COMPARED_SEASONS} different seasons.` })
  @ArrayMinSize(2, { message: "ids must name at least 2 seasons" })
  @ArrayMaxSize(MAX_COMPARED_SEASONS, { message: `ids may name at most ${MAX_COMPARED_SEASONS} seasons` })
  @ArrayUnique({ message: "ids must not name a season twice" })
  @IsGlobalId("Season", { each: true })
  ids: string[];

  @Field(() => Int, { defaultValue: 4, description: `Weeks since debut to line up, 1 to ${MAX_COMPARED_WEEKS}.` })
  @Min(1)
  @Max(MAX_COMPARED_WEEKS)
  weeks: number;

  @Field(() => ComparisonMetric, { defaultValue: ComparisonMetric.VIEWS, description: "What to sum: views (default) or hours." })
  metric: ComparisonMetric;
}

@Resolver(() => SeasonComparison)
export class SeasonComparisonResolver {
  @Query(() => SeasonComparison, {
    description:
      "Seasons' first weeks lined up by week since debut, first run only (weeks after a later season came out are left out), " +
      "summed only over the weeks every season has the metric for, with a summary sentence.",
  })
  async compareSeasons(@Args(() => CompareSeasonsArgs) { ids, weeks, metric }: CompareSeasonsArgs, @Ctx() context: RequestContext): Promise<SeasonComparison> {
    const rowIds = ids.map((id, index) => rowIdOf("Season", id, `ids[${index}]`));
    return (await serviceFor(context, ComparisonService).compare(rowIds, weeks, metric)) as unknown as SeasonComparison;
  }
}
