import { Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Connection } from "../common/connection.js";
import type { RequestContext } from "../common/context.js";
import { serviceFor } from "../common/service.js";
import { ProductionCompany } from "../companies/company.types.js";
import { Person } from "../people/person.types.js";
import { Season } from "../shows/show.types.js";
import { ChartEntry, ChartEntryConnection } from "./chart.types.js";
import { ChartMoversArgs, SeasonConnectionArgs } from "./leaderboard.args.js";
import { LeaderboardService, type RankedSeason } from "./leaderboard.service.js";
import { ChartTotals, SeasonChartStats, SeasonLeaderboardConnection } from "./leaderboard.types.js";

@Resolver()
export class LeaderboardResolver {
  @Query(() => SeasonLeaderboardConnection, {
    description:
      "Seasons that charted in Netflix's global Top 10, filtered and ranked by their precomputed first-run figures (README \"Analytics\"): " +
      "e.g. the top 10 of 2024 in TV (English) by first-28-day views. Newest debut first unless `orderBy` says otherwise.",
  })
  seasons(@Args(() => SeasonConnectionArgs) args: SeasonConnectionArgs, @Ctx() context: RequestContext): Promise<Connection<RankedSeason>> {
    return serviceFor(context, LeaderboardService).seasons(args);
  }

  @Query(() => ChartEntryConnection, {
    description:
      "The biggest week-over-week moves in hours of one global list over the weeks ending from `from` to `to`: each node is the week that moved; " +
      "its `hoursChange`, `hoursChangePercent` and `previousWeek` give the same title's week before. Titles new to the list have no move and are left out.",
  })
  chartMovers(@Args(() => ChartMoversArgs) args: ChartMoversArgs, @Ctx() context: RequestContext): Promise<Connection<ChartEntry>> {
    return serviceFor(context, LeaderboardService).movers(args);
  }
}

@Resolver(() => Season)
export class SeasonChartStatsResolver {
  @FieldResolver(() => SeasonChartStats, { nullable: true, description: "The season's precomputed global Top 10 figures (first run, first 28 days); null if it never charted there." })
  chartStats(@Root() season: Season, @Ctx() context: RequestContext): Promise<SeasonChartStats | null> | SeasonChartStats {
    return serviceFor(context, LeaderboardService).statsOf(season);
  }
}

@Resolver(() => ProductionCompany)
export class CompanyChartTotalsResolver {
  @FieldResolver(() => ChartTotals, { description: "The company's shows' global Top 10 figures added up; zeros when none charted." })
  chartTotals(@Root() company: ProductionCompany, @Ctx() context: RequestContext): Promise<ChartTotals> {
    return serviceFor(context, LeaderboardService).totalsOf("company", company.id);
  }
}

@Resolver(() => Person)
export class PersonChartTotalsResolver {
  @FieldResolver(() => ChartTotals, { description: "The global Top 10 figures of the shows the person is credited on, added up (each show once); zeros when none charted." })
  chartTotals(@Root() person: Person, @Ctx() context: RequestContext): Promise<ChartTotals> {
    return serviceFor(context, LeaderboardService).totalsOf("person", person.id);
  }
}
