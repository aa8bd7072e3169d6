import type { GraphQLResolveInfo } from "graphql";
import { Args, Ctx, FieldResolver, Float, Info, Int, Query, Resolver, Root } from "type-graphql";
import type { Connection } from "../common/connection.js";
import type { RequestContext } from "../common/context.js";
import { selectsField } from "../common/selection.js";
import { serviceFor } from "../common/service.js";
import { ShowService } from "../shows/show.service.js";
import { Season, Show } from "../shows/show.types.js";
import { ChartEntryConnectionArgs } from "./chart.args.js";
import { ChartService } from "./chart.service.js";
import { ChartEntry, ChartEntryConnection, ChartRun, Country, GLOBAL_REGION, ViewsSource } from "./chart.types.js";
import { chartRunOf, percentChange, type ViewsSource as ViewsSourceValue } from "./figures.js";
import { nodeSelections, prefetched, registerPrefetcher, treeSelects } from "../common/prefetch.js";

@Resolver(() => ChartEntry)
export class ChartEntryResolver {
  @Query(() => ChartEntryConnection, { description: "Top 10 rows of every title, e.g. one week's list: `where: {weekEnd: {from: $sunday, to: $sunday}}`." })
  chartEntries(
    @Args(() => ChartEntryConnectionArgs) args: ChartEntryConnectionArgs,
    @Ctx() context: RequestContext,
  ): Promise<Connection<ChartEntry>> {
    return serviceFor(context, ChartService).list(args);
  }

  @FieldResolver(() => Int, { nullable: true, description: "Hours minus the same title's previous week in this list; null for its first week." })
  async hoursChange(@Root() entry: ChartEntry, @Ctx() context: RequestContext): Promise<number | null> {
    const previous = await serviceFor(context, ChartService).previousWeek(entry);
    return previous?.hoursViewed != null && entry.hoursViewed !== null ? entry.hoursViewed - previous.hoursViewed : null;
  }

  @FieldResolver(() => Float, { nullable: true, description: "The same change in percent (two decimals)." })
  async hoursChangePercent(@Root() entry: ChartEntry, @Ctx() context: RequestContext): Promise<number | null> {
    const previous = await serviceFor(context, ChartService).previousWeek(entry);
    return percentChange(previous?.hoursViewed ?? null, entry.hoursViewed);
  }

  @FieldResolver(() => ChartEntry, { nullable: true, description: "The same title's row in this list the week before; null when it was not in the list then." })
  previousWeek(@Root() entry: ChartEntry, @Ctx() context: RequestContext): Promise<ChartEntry | null> {
    return serviceFor(context, ChartService).previousWeek(entry);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: "Netflix's published views where it gives them; otherwise hours ÷ runtime (the row's or the season's); null when neither is known.",
  })
  async views(@Root() entry: ChartEntry, @Ctx() context: RequestContext): Promise<number | null> {
    return (await serviceFor(context, ChartService).viewsOf(entry))?.views ?? null;
  }

  @FieldResolver(() => ViewsSource, { nullable: true, description: "Where `views` comes from; null when views are unknown." })
  async viewsSource(@Root() entry: ChartEntry, @Ctx() context: RequestContext): Promise<ViewsSourceValue | null> {
    return (await serviceFor(context, ChartService).viewsOf(entry))?.source ?? null;
  }

  @FieldResolver(() => Country, { nullable: true, description: "The country of a national list; null for global lists." })
  country(@Root() entry: ChartEntry, @Ctx() context: RequestContext): Promise<Country | null> | null {
    return entry.region === GLOBAL_REGION ? null : serviceFor(context, ChartService).country(entry.region);
  }

  @FieldResolver(() => Show)
  async show(@Root() entry: ChartEntry, @Ctx() context: RequestContext): Promise<Show> {
    return (await serviceFor(context, ShowService).findById(entry.showId))!;
  }

  @FieldResolver(() => Season, { nullable: true, description: "Null for films and titles without seasons." })
  season(@Root() entry: ChartEntry, @Ctx() context: RequestContext): Promise<Season | null> | null {
    return entry.seasonId === null ? null : serviceFor(context, ShowService).seasonById(entry.seasonId);
  }
}

/** Chart fields on shows and seasons: here so that shows/ never depends on charts/. */
@Resolver(() => Show)
export class ShowChartsResolver {
  @FieldResolver(() => ChartEntryConnection, { description: "The show's Top 10 rows (global and national), oldest week first unless `orderBy` says otherwise." })
  chartEntries(
    @Root() show: Show,
    @Args(() => ChartEntryConnectionArgs) args: ChartEntryConnectionArgs,
    @Ctx() context: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Connection<ChartEntry>> | Connection<ChartEntry> {
    return prefetched<Connection<ChartEntry>>(show, info) ?? serviceFor(context, ChartService).entriesOf("show", show.id, args, selectsField(info, "totalCount"));
  }
}

@Resolver(() => Season)
export class SeasonChartsResolver {
  @FieldResolver(() => ChartRun, { nullable: true, description: "The season's run in the global Top 10; null if it never charted." })
  async chartRun(@Root() season: Season, @Ctx() context: RequestContext, @Info() info: GraphQLResolveInfo): Promise<ChartRun | null> {
    const run = prefetched<ChartRun | null>(season, info);
    return run !== undefined ? run : seasonChartRun(await serviceFor(context, ChartService).entriesOfSeason(season.id), season.runtimeHours);
  }

  @FieldResolver(() => ChartEntryConnection, { description: "The season's Top 10 rows (global and national), oldest week first unless `orderBy` says otherwise." })
  chartEntries(
    @Root() season: Season,
    @Args(() => ChartEntryConnectionArgs) args: ChartEntryConnectionArgs,
    @Ctx() context: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Connection<ChartEntry>> | Connection<ChartEntry> {
    return prefetched<Connection<ChartEntry>>(season, info) ?? serviceFor(context, ChartService).entriesOf("season", season.id, args, selectsField(info, "totalCount"));
  }
}

/** A season's run in the global Top 10 from all its chart entries (chronological); null if it never charted there. */
function seasonChartRun(entries: ChartEntry[], seasonRuntimeHours: number | null): ChartRun | null {
  const global = entries.filter((entry) => entry.region === GLOBAL_REGION);
  if (global.length === 0) return null;
  // A season charts in one list; should it ever appear in two, the run follows its first.
  const category = global[0]!.category;
  const run = chartRunOf(
    global.filter((entry) => entry.category === category),
    seasonRuntimeHours,
  )!;
  return { category, ...run, largestWeekOverWeekDrop: run.largestDrop };
}

registerPrefetcher("Season", "chartRun", (_, context) => serviceFor(context, ChartService).prefetchGlobalEntries(seasonChartRun));
registerPrefetcher("Season", "chartEntries", (field, context) =>
  serviceFor(context, ChartService).prefetchEntries(
    field.args as unknown as ChartEntryConnectionArgs,
    treeSelects(field, "totalCount"),
    nodeSelections(field, "ChartEntry"),
  ),
);
registerPrefetcher("Show", "chartEntries", (field, context) =>
  serviceFor(context, ChartService).prefetchEntries(
    field.args as unknown as ChartEntryConnectionArgs,
    treeSelects(field, "totalCount"),
    nodeSelections(field, "ChartEntry"),
  ),
);
