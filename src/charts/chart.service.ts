import { type Connection, type NestedPage, type Ordering, findPage, loaderKey, nestedConnections, nestedPagePrefetch, nestedPageSelect, pageRequest } from "../common/connection.js";
import type { Prefetch, ResolveTree } from "../common/prefetch.js";
import { decimalToNumber } from "../common/decimal.js";
import { badUserInput } from "../common/errors.js";
import { dateRangeFilter, intRangeFilter } from "../common/ranges.js";
import { groupByKey, indexByKey } from "../common/request-scope.js";
import { RequestService } from "../common/service.js";
import { Prisma } from "../db/prisma.js";
import { columnsFor, type RowColumns } from "../common/columns.js";
import { chartEntryOrderings, type ChartEntryConnectionArgs, type ChartEntryWhere } from "./chart.args.js";
import { GLOBAL_REGION, type ChartCategory, type ChartEntry, type Country } from "./chart.types.js";

type ChartEntryRow = Prisma.ChartEntryGetPayload<object>;

function toChartEntry(row: ChartEntryRow): ChartEntry {
  return { ...row, runtimeHours: decimalToNumber(row.runtimeHours) };
}

/** What ChartEntry's computed fields read (see common/columns.ts). */
const chartEntryColumns: RowColumns = {
  columns: Prisma.ChartEntryScalarFieldEnum,
  computed: {
    hoursChange: ["showId", "seasonId", "category", "region", "weekEnd", "hoursViewed"],
    hoursChangePercent: ["showId", "seasonId", "category", "region", "weekEnd", "hoursViewed"],
    views: ["hoursViewed", "runtimeHours"],
    country: ["region"],
    show: ["showId"],
    season: ["seasonId"],
  },
};

function entriesPage(args: ChartEntryConnectionArgs, withCount: boolean, columns?: Record<string, true>): NestedPage<ChartEntryRow> {
  const ordering = chartEntryOrderings[args.orderBy];
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
  if (!filter) return {};
  if (filter.category?.length && filter.region?.length) {
    const wantsGlobal = filter.region.includes(GLOBAL_REGION);
    const wantsCountry = filter.region.some((region) => region !== GLOBAL_REGION);
    const possible = filter.category.some((category) => (GLOBAL_LISTS.has(category) ? wantsGlobal : wantsCountry));
    if (!possible) {
      throw badUserInput(
        "No list matches: global lists (TV_ENGLISH, ...) have region GLOBAL, national lists (TV, FILMS) a country code.",
        "where.region",
      );
    }
  }
  return {
    category: filter.category ? { in: filter.category } : undefined,
    region: filter.region ? { in: filter.region } : undefined,
    weekEnd: dateRangeFilter(filter.weekEnd, "where.weekEnd"),
    rank: intRangeFilter(filter.rank, "where.rank"),
  };
}

export class ChartService extends RequestService {
  /** Top 10 rows across every title, e.g. one week's list. */
  list(args: ChartEntryConnectionArgs): Promise<Connection<ChartEntry>> {
    return findPage(
      args,
      chartEntryOrderings[args.orderBy],
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
  prefetchGlobalEntries(read: (entries: ChartEntry[]) => unknown): Prefetch {
    return {
      include: { chartEntries: { where: { region: GLOBAL_REGION }, orderBy: [...chronological] } },
      read: (row) => read(((row as { chartEntries?: ChartEntryRow[] }).chartEntries ?? []).map(toChartEntry)),
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

  /** The same title's entry in the same list the week before, if it charted then. */
  previousWeek(entry: ChartEntry): Promise<ChartEntry | null> {
    const weekEnd = new Date(entry.weekEnd.getTime() - 7 * 86_400_000);
    const key = [entry.showId, entry.seasonId ?? "", entry.category, entry.region, weekEnd.toISOString()].join("|");
    return this.context.scope
      .loader<string, ChartEntry | null>("charts.previousWeek", async (keys) => {
        const wanted = keys.map((k) => {
          const [showId, seasonId, category, region, week] = k.split("|");
          return {
            showId: Number(showId),
            seasonId: seasonId ? Number(seasonId) : null,
            category: category as ChartEntry["category"],
            region: region!,
            weekEnd: new Date(week!),
          };
        });
        const rows = await this.prisma.chartEntry.findMany({ where: { OR: wanted } });
        const keyOf = (row: ChartEntry) =>
          [row.showId, row.seasonId ?? "", row.category, row.region, row.weekEnd.toISOString()].join("|");
        return indexByKey(keys, rows.map(toChartEntry), keyOf);
      })
      .load(key);
  }

  country(code: string): Promise<Country | null> {
    return this.context.scope
      .loader<string, Country | null>("charts.countryByCode", async (codes) =>
        indexByKey(codes, await this.prisma.country.findMany({ where: { code: { in: [...codes] } } }), (c) => c.code),
      )
      .load(code);
  }
}

/** Netflix's "views": hours viewed divided by runtime, which puts short and long titles on equal footing. */
export function viewsOf(entry: Pick<ChartEntry, "hoursViewed" | "runtimeHours">): number | null {
  if (entry.hoursViewed === null || !entry.runtimeHours) return null;
  return Math.round(entry.hoursViewed / entry.runtimeHours);
}
