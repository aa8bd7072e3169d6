import { type Connection, type NestedPage, type Ordering, findPage, orderingFor, loaderKey, nestedConnections, nestedPagePrefetch, nestedPageSelect, pageRequest } from "../common/connection.js";
import { booleanWhere } from "../common/filters.js";
import type { Prefetch, ResolveTree } from "../common/prefetch.js";
import { decimalToNumber } from "../common/decimal.js";
import { badUserInput } from "../common/errors.js";
import { dateRangeFilter, intRangeFilter } from "../common/ranges.js";
import { groupByKey, indexByKey } from "../common/request-scope.js";
import { RequestService } from "../common/service.js";
import { Prisma } from "../db/prisma.js";
import { columnsFor, type RowColumns } from "../common/columns.js";
import { viewsOf } from "./figures.js";
import { continentOf, countryRunsOf, type Continent, type CountryRunFigures } from "./popularity.js";
import { chartEntryOrderings, type ChartEntryConnectionArgs, type ChartEntryWhere } from "./chart.args.js";
import { GLOBAL_REGION, type ChartCategory, type ChartEntry, type Country } from "./chart.types.js";

type ChartEntryRow = Prisma.ChartEntryGetPayload<object>;

export function toChartEntry(row: ChartEntryRow): ChartEntry {
  const { views, ...rest } = row;
  return { ...rest, runtimeHours: decimalToNumber(row.runtimeHours), publishedViews: views ?? null };
}

// The API's `views` is computed (Netflix's stored figure or hours ÷ runtime), not the column of that name.
const { views: _storedViews, ...chartEntryScalars } = Prisma.ChartEntryScalarFieldEnum;

/** What ChartEntry's computed fields read (see common/columns.ts). */
const chartEntryColumns: RowColumns = {
  columns: chartEntryScalars,
  computed: {
    hoursChange: ["showId", "seasonTitle", "category", "region", "weekEnd", "hoursViewed"],
    hoursChangePercent: ["showId", "seasonTitle", "category", "region", "weekEnd", "hoursViewed"],
    views: ["hoursViewed", "runtimeHours", "views", "seasonId"],
    viewsSource: ["hoursViewed", "runtimeHours", "views", "seasonId"],
    country: ["region"],
    show: ["showId"],
    season: ["seasonId"],
  },
};

function entriesPage(args: ChartEntryConnectionArgs, withCount: boolean, columns?: Record<string, true>): NestedPage<ChartEntryRow> {
  const ordering = orderingFor(chartEntryOrderings, args.orderBy);
  return {
    relation: "chartEntries",
    ordering: ordering as unknown as Ordering<ChartEntryRow>,
    page: pageRequest(args, ordering),
    filter: chartEntryWhere(args.where),
    withCount,
    columns,
  };
}

/** Chronological, then by list and rank: the order a chart run reads in. */
const chronological = [{ weekEnd: "asc" }, { category: "asc" }, { region: "asc" }, { rank: "asc" }] as const;

const GLOBAL_LISTS = new Set<ChartCategory>(["TV_ENGLISH", "TV_NON_ENGLISH", "FILMS_ENGLISH", "FILMS_NON_ENGLISH"]);

/** Prisma conditions for a `ChartEntryWhere`; a filter that no row could ever match is the client's error. */
export function chartEntryWhere(filter: ChartEntryWhere | undefined): Prisma.ChartEntryWhereInput {
  return booleanWhere(filter, chartEntryConditions);
}

/** One level of a `ChartEntryWhere`: its own conditions, AND/OR/NOT aside. */
function chartEntryConditions(filter: ChartEntryWhere, path: string): Prisma.ChartEntryWhereInput {
  if (filter.category?.length && filter.region?.length) {
    const wantsGlobal = filter.region.includes(GLOBAL_REGION);
    const wantsCountry = filter.region.some((region) => region !== GLOBAL_REGION);
    const possible = filter.category.some((category) => (GLOBAL_LISTS.has(category) ? wantsGlobal : wantsCountry));
    if (!possible) {
      throw badUserInput(
        "No list matches: global lists (TV_ENGLISH, ...) have region GLOBAL, national lists (TV, FILMS) a country code.",
        `${path}.region`,
      );
    }
  }
  return {
    category: filter.category ? { in: filter.category } : undefined,
    region: filter.region ? { in: filter.region } : undefined,
    weekEnd: dateRangeFilter(filter.weekEnd, `${path}.weekEnd`),
    rank: intRangeFilter(filter.rank, `${path}.rank`),
  };
}

export class ChartService extends RequestService {
  /** Top 10 rows across every title, e.g. one week's list. */
  list(args: ChartEntryConnectionArgs): Promise<Connection<ChartEntry>> {
    return findPage(
      args,
      orderingFor(chartEntryOrderings, args.orderBy),
      chartEntryWhere(args.where),
      async (query) => (await this.prisma.chartEntry.findMany(query as Prisma.ChartEntryFindManyArgs)).map(toChartEntry),
      (where) => this.prisma.chartEntry.count({ where }),
    );
  }

  /** A page of each show's or season's rows, batched: one statement for all parents of a request. */
  entriesOf(parent: "show" | "season", id: number, args: ChartEntryConnectionArgs, withCount: boolean): Promise<Connection<ChartEntry>> {
    const nested = entriesPage(args, withCount);
    return this.context.scope
      .loader<number, Connection<ChartEntry>>(loaderKey(`charts.entriesBy.${parent}`, args, withCount), async (ids) => {
        const where = { id: { in: [...ids] } };
        const select = { id: true, ...nestedPageSelect(nested) };
        const parents =
          parent === "show"
            ? await this.prisma.show.findMany({ where, select: select as Prisma.ShowSelect })
            : await this.prisma.season.findMany({ where, select: select as Prisma.SeasonSelect });
        return nestedConnections(ids, parents, nested, toChartEntry);
      })
      .load(id);
  }

  /** A season's (or show's) global chart entries, chronological, read in its parent's statement and summed up by `read`. */
  prefetchGlobalEntries(read: (entries: ChartEntry[], runtimeHours: number | null) => unknown): Prefetch {
    return {
      include: { chartEntries: { where: { region: GLOBAL_REGION }, orderBy: [...chronological] } },
      read: (row) => {
        // The season row may already be the API's Season (runtime as a number) or Prisma's (a Decimal).
        const parent = row as { chartEntries?: ChartEntryRow[]; runtimeHours?: Prisma.Decimal | number | null };
        const runtime = typeof parent.runtimeHours === "number" ? parent.runtimeHours : decimalToNumber(parent.runtimeHours);
        return read((parent.chartEntries ?? []).map(toChartEntry), runtime);
      },
    };
  }

  /** A show's or season's chart entries, read in its parent's statement: only the columns `selections` need. */
  prefetchEntries(args: ChartEntryConnectionArgs, withCount: boolean, selections: Record<string, ResolveTree>[]): Prefetch {
    return nestedPagePrefetch(entriesPage(args, withCount, columnsFor(chartEntryColumns, selections)), toChartEntry);
  }

  entriesOfShow(showId: number): Promise<ChartEntry[]> {
    return this.context.scope
      .loader<number, ChartEntry[]>("charts.byShow", async (showIds) => {
        const rows = await this.prisma.chartEntry.findMany({
          where: { showId: { in: [...showIds] } },
          orderBy: [...chronological],
        });
        return groupByKey(showIds, rows.map(toChartEntry), (entry) => entry.showId);
      })
      .load(showId);
  }

  entriesOfSeason(seasonId: number): Promise<ChartEntry[]> {
    return this.context.scope
      .loader<number, ChartEntry[]>("charts.bySeason", async (seasonIds) => {
        const rows = await this.prisma.chartEntry.findMany({
          where: { seasonId: { in: [...seasonIds] } },
          orderBy: [...chronological],
        });
        return groupByKey(seasonIds, rows.map(toChartEntry), (entry) => entry.seasonId!);
      })
      .load(seasonId);
  }

  /**
   * The same title's entry in the same list the week before, if it charted then. "The same title"
   * is the show and the season title exactly as Netflix wrote it: two seasons Netflix lists apart
   * ("Weak Hero: Class 1" and "Class 2", each dated airing of "Raw") are never compared.
   */
  previousWeek(entry: ChartEntry): Promise<ChartEntry | null> {
    const weekEnd = new Date(entry.weekEnd.getTime() - 7 * 86_400_000);
    const keyOf = (row: Pick<ChartEntry, "showId" | "seasonTitle" | "category" | "region">, week: Date) =>
      JSON.stringify([row.showId, row.seasonTitle, row.category, row.region, week.toISOString()]);
    return this.context.scope
      .loader<string, ChartEntry | null>("charts.previousWeek", async (keys) => {
        const wanted = keys.map((key) => {
          const [showId, seasonTitle, category, region, week] = JSON.parse(key) as [number, string | null, ChartEntry["category"], string, string];
          return { showId, seasonTitle, category, region, weekEnd: new Date(week) };
        });
        const rows = await this.prisma.chartEntry.findMany({ where: { OR: wanted } });
        return indexByKey(keys, rows.map(toChartEntry), (row) => keyOf(row, row.weekEnd));
      })
      .load(keyOf(entry, weekEnd));
  }

  /** The runtime of an entry's season (filled from the files), for weeks Netflix gave none. */
  seasonRuntime(entry: ChartEntry): Promise<number | null> {
    if (entry.seasonId === null) return Promise.resolve(null);
    return this.context.scope
      .loader<number, number | null>("charts.seasonRuntime", async (ids) => {
        const seasons = await this.prisma.season.findMany({ where: { id: { in: [...ids] } }, select: { id: true, runtimeHours: true } });
        const byId = new Map(seasons.map((season) => [season.id, decimalToNumber(season.runtimeHours)]));
        return ids.map((id) => byId.get(id) ?? null);
      })
      .load(entry.seasonId);
  }

  /** An entry's views and where they come from (see figures.ts `viewsOf`). */
  async viewsOf(entry: ChartEntry): Promise<ReturnType<typeof viewsOf>> {
    const known = viewsOf(entry);
    if (known || entry.hoursViewed === null || entry.seasonId === null) return known;
    return viewsOf(entry, await this.seasonRuntime(entry));
  }

  /** The newest week of the global lists, read once per request; null without any. */
  newestGlobalWeek(): Promise<Date | null> {
    return this.context.scope
      .loader<0, Date | null>("charts.newestGlobalWeek", async (keys) => {
        const newest = await this.prisma.chartEntry.aggregate({ where: { region: GLOBAL_REGION }, _max: { weekEnd: true } });
        return keys.map(() => newest._max.weekEnd ?? null);
      })
      .load(0);
  }

  /** Every country with a national list, read once per request (under a hundred rows). */
  countries(): Promise<Country[]> {
    return this.context.scope
      .loader<0, Country[]>("charts.countries", async (keys) => {
        const all = await this.prisma.country.findMany({ orderBy: { code: "asc" } });
        return keys.map(() => all);
      })
      .load(0);
  }

  /** A season's national runs, most popular first (popularity.ts), with each country's name and continent. */
  async countryRunsOf(seasonId: number): Promise<(CountryRunFigures & { countryName: string | null; continent: Continent | null; source: string })[]> {
    const [entries, countries] = await Promise.all([this.entriesOfSeason(seasonId), this.countries()]);
    const names = new Map(countries.map((country) => [country.code, country.name]));
    const national = entries.filter((entry) => entry.region !== GLOBAL_REGION);
    const lists = new Map(national.map((entry) => [entry.region, entry.category === "FILMS" ? "films" : "TV"]));
    const day = (date: Date) => date.toISOString().slice(0, 10);
    return countryRunsOf(national).map((run) => ({
      ...run,
      countryName: names.get(run.countryCode) ?? null,
      continent: continentOf(run.countryCode),
      source: `Netflix's national Top 10 of ${names.get(run.countryCode) ?? run.countryCode} (${lists.get(run.countryCode)}), weeks ending ${day(run.firstWeek)} to ${day(run.lastWeek)}.`,
    }));
  }

  country(code: string): Promise<Country | null> {
    return this.context.scope
      .loader<string, Country | null>("charts.countryByCode", async (codes) =>
        indexByKey(codes, await this.prisma.country.findMany({ where: { code: { in: [...codes] } } }), (c) => c.code),
      )
      .load(code);
  }
}

