import type { GraphQLResolveInfo } from "graphql";
import { Args, Ctx, FieldResolver, Info, Int, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../common/context.js";
import { LookupArgs, parseLookup } from "../common/lookup.js";
import { serviceFor } from "../common/service.js";
import type { Connection } from "../common/connection.js";
import { ShowConnectionArgs } from "./show.args.js";
import { ShowService } from "./show.service.js";
import { Rating, Season, Show, ShowConnection, StatusChange } from "./show.types.js";
import { nodeSelections, prefetched, registerPrefetcher, selectionsOf } from "../common/prefetch.js";

@Resolver(() => Show)
export class ShowResolver {
  @Query(() => Show, { nullable: true, description: "One show by `id` or `slug` (exactly one); null when unknown." })
  show(@Args(() => LookupArgs) args: LookupArgs, @Ctx() context: RequestContext, @Info() info: GraphQLResolveInfo): Promise<Show | null> {
    return serviceFor(context, ShowService).find(parseLookup(args, "Show"), selectionsOf(info, "Show"));
  }

  @Query(() => ShowConnection, { description: "Shows, filtered and ordered (by title unless `orderBy` says otherwise)." })
  shows(@Args(() => ShowConnectionArgs) args: ShowConnectionArgs, @Ctx() context: RequestContext, @Info() info: GraphQLResolveInfo): Promise<Connection<Show>> {
    return serviceFor(context, ShowService).list(args, selectionsOf(info, "Show"));
  }

  @FieldResolver(() => [Season], { description: "Seasons, first to last." })
  seasons(@Root() show: Show, @Ctx() context: RequestContext, @Info() info: GraphQLResolveInfo): Promise<Season[]> | Season[] {
    return prefetched<Season[]>(show, info) ?? serviceFor(context, ShowService).seasonsOf(show.id);
  }

  @FieldResolver(() => Int, { description: "How many seasons the show has had." })
  async seasonCount(@Root() show: Show, @Ctx() context: RequestContext, @Info() info: GraphQLResolveInfo): Promise<number> {
    return prefetched<number>(show, info) ?? (await serviceFor(context, ShowService).seasonsOf(show.id)).length;
  }

  @FieldResolver(() => [Rating])
  ratings(@Root() show: Show, @Ctx() context: RequestContext, @Info() info: GraphQLResolveInfo): Promise<Rating[]> | Rating[] {
    return prefetched<Rating[]>(show, info) ?? serviceFor(context, ShowService).ratingsOf(show.id);
  }

  @FieldResolver(() => [StatusChange], {
    description: "The status facts, in announcement order: the standing ones for readers; editors also see retracted ones.",
  })
  statusHistory(@Root() show: Show, @Ctx() context: RequestContext, @Info() info: GraphQLResolveInfo): Promise<StatusChange[]> | StatusChange[] {
    return prefetched<StatusChange[]>(show, info) ?? serviceFor(context, ShowService).statusHistoryOf(show.id);
  }
}

@Resolver(() => Season)
export class SeasonResolver {
  @FieldResolver(() => Show)
  async show(@Root() season: Season, @Ctx() context: RequestContext): Promise<Show> {
    return (await serviceFor(context, ShowService).findById(season.showId))!;
  }
}

@Resolver(() => Rating)
export class RatingResolver {
  @FieldResolver(() => Season, { nullable: true, description: "The season rated; null when the rating is for the whole show." })
  season(@Root() rating: Rating, @Ctx() context: RequestContext): Promise<Season | null> | null {
    return rating.seasonId === null ? null : serviceFor(context, ShowService).seasonById(rating.seasonId);
  }
}

registerPrefetcher("Show", "seasons", (field, context) => serviceFor(context, ShowService).prefetchSeasons(nodeSelections(field, "Season")));
registerPrefetcher("Show", "seasonCount", (_, context) => serviceFor(context, ShowService).prefetchSeasonCount());
registerPrefetcher("Show", "ratings", (_, context) => serviceFor(context, ShowService).prefetchRatings());
registerPrefetcher("Show", "statusHistory", (_, context) => serviceFor(context, ShowService).prefetchStatusHistory());
