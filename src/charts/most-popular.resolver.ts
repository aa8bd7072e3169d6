import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../common/context.js";
import { badUserInput } from "../common/errors.js";
import { serviceFor } from "../common/service.js";
import { ShowService } from "../shows/show.service.js";
import { Season, Show } from "../shows/show.types.js";
import { ChartCategory } from "./chart.types.js";
import { MostPopularService } from "./most-popular.service.js";
import { MostPopularEntry, MostPopularPosition } from "./most-popular.types.js";

const GLOBAL_LISTS = ["TV_ENGLISH", "TV_NON_ENGLISH", "FILMS_ENGLISH", "FILMS_NON_ENGLISH"];

@Resolver(() => MostPopularEntry)
export class MostPopularResolver {
  @Query(() => [MostPopularEntry], {
    description: "Netflix's all-time Most Popular list for one global list (at most 10 titles, by views in the first 91 days), as last imported from most-popular.tsv.",
  })
  mostPopular(@Arg("category", () => ChartCategory, { description: "One of the four global lists." }) category: ChartCategory, @Ctx() context: RequestContext): Promise<MostPopularEntry[]> {
    if (!GLOBAL_LISTS.includes(category)) throw badUserInput("Netflix's Most Popular lists are the four global lists (TV_ENGLISH, ...), not the national TV and FILMS.", "category");
    return serviceFor(context, MostPopularService).list(category);
  }

  @FieldResolver(() => Show, { nullable: true })
  show(@Root() entry: MostPopularEntry, @Ctx() context: RequestContext): Promise<Show | null> | null {
    return entry.showId === null ? null : serviceFor(context, ShowService).findById(entry.showId);
  }

  @FieldResolver(() => Season, { nullable: true })
  season(@Root() entry: MostPopularEntry, @Ctx() context: RequestContext): Promise<Season | null> | null {
    return entry.seasonId === null ? null : serviceFor(context, ShowService).seasonById(entry.seasonId);
  }
}

@Resolver(() => Season)
export class SeasonMostPopularResolver {
  @FieldResolver(() => MostPopularPosition, {
    nullable: true,
    description: "The season against Netflix's Most Popular list of the list it debuted in: Netflix's entry if it is on it, and our estimate from the weekly file. Null if it never had a first run in a global TV list.",
  })
  mostPopularPosition(@Root() season: Season, @Ctx() context: RequestContext): Promise<MostPopularPosition | null> {
    return serviceFor(context, MostPopularService).positionOf(season);
  }
}
