// Leaderboards, movers and totals: reads of the precomputed season figures (season-stats.ts writes them) and,
// for movers, of one list's weeks. Every read goes through the routed client (model reads) or rawReads.
import { Prisma } from "../db/prisma.js";
import { rawReads } from "../db/raw-reads.js";
import { type Connection, type Ordering, findPage, orderingFor, pageRequest, toConnection } from "../common/connection.js";
import { badUserInput } from "../common/errors.js";
import { assertSatisfiable } from "./leaderboard-contradictions.js";
import { booleanWhere } from "../common/filters.js";
import { rowIdOf } from "../common/node.js";
import { dateRangeFilter } from "../common/ranges.js";
import { indexByKey } from "../common/request-scope.js";
import { RequestService } from "../common/service.js";
import { showWhere, toSeason } from "../shows/show.service.js";
import type { ShowWhere } from "../shows/show.args.js";
import type { Season } from "../shows/show.types.js";
import { toChartEntry } from "./chart.service.js";
import { type ChartCategory, type ChartEntry } from "./chart.types.js";
import { type ChartMoversArgs, type Ranked, type SeasonConnectionArgs, type SeasonWhere, type StatsRow, seasonOrderings } from "./leaderboard.args.js";
import { type ChartFiguresSource, type ChartTotals, GLOBAL_TOP10_SOURCE, MoverDirection, type SeasonChartStats } from "./leaderboard.types.js";

const GLOBAL_LISTS: readonly ChartCategory[] = ["TV_ENGLISH", "TV_NON_ENGLISH", "FILMS_ENGLISH", "FILMS_NON_ENGLISH"];

/** A leaderboard's node: the season, carrying the figures it was ranked by (so `chartStats` reads no more). */
export type RankedSeason = Season & Ranked;

/** The API's view of one SeasonChartStats row. */
export function toSeasonChartStats(row: StatsRow): SeasonChartStats {
  return {
    category: row.category,
    firstWeek: row.firstWeekEnd,
    viewsFirst28Days: row.viewsFirst28Days,
    hoursFirst28Days: row.hoursFirst28Days,
    debutRank: row.debutRank,
    peakRank: row.peakRank,
    weeksInTop10: row.weeksInTop10,
    largestDrop: row.largestDropPercent !== null && row.largestDropWeekEnd ? { percent: row.largestDropPercent, weekEnd: row.largestDropWeekEnd } : null,
    totalHours: row.totalHours,
    totalViews: row.totalViews,
    reentryWeeks: row.reentryWeeks,
    source: {
      source: GLOBAL_TOP10_SOURCE,
      category: row.category,
      firstWeek: row.firstRunLastWeekEnd ? row.firstWeekEnd : null,
      lastWeek: row.firstRunLastWeekEnd,
      dataThrough: row.dataThrough,
      refreshedAt: row.refreshedAt,
    },
  };
}

function seasonConditions(filter: SeasonWhere, path: string): Prisma.SeasonChartStatsWhereInput {
  return {
    category: filter.category ? { in: filter.category } : undefined,
    firstWeekEnd: dateRangeFilter(filter.firstWeek, `${path}.firstWeek`),
    show: filter.show ? showWhere(filter.show, `${path}.show`) : undefined,
  };
}

/** The company and person ids a where tree names, with the path of each (for an unknown id's error). */
function namedIds(filter: SeasonWhere | undefined, path = "where"): { type: "ProductionCompany" | "Person"; id: number; field: string }[] {
  if (!filter) return [];
  const inShow = (show: ShowWhere | null | undefined, at: string): { type: "ProductionCompany" | "Person"; id: number; field: string }[] => {
    if (!show) return [];
    const own = [
      ...(show.productionCompanyId ? [{ type: "ProductionCompany" as const, id: rowIdOf("ProductionCompany", show.productionCompanyId, `${at}.productionCompanyId`), field: `${at}.productionCompanyId` }] : []),
      ...(show.personId ? [{ type: "Person" as const, id: rowIdOf("Person", show.personId, `${at}.personId`), field: `${at}.personId` }] : []),
    ];
    return [
      ...own,
      ...(show.AND ?? []).flatMap((item, index) => inShow(item, `${at}.AND.${index}`)),
      ...(show.OR ?? []).flatMap((item, index) => inShow(item, `${at}.OR.${index}`)),
      ...inShow(show.NOT, `${at}.NOT`),
    ];
  };
  return [
    ...inShow(filter.show, `${path}.show`),
    ...(filter.AND ?? []).flatMap((item, index) => namedIds(item, `${path}.AND.${index}`)),
    ...(filter.OR ?? []).flatMap((item, index) => namedIds(item, `${path}.OR.${index}`)),
    ...namedIds(filter.NOT ?? undefined, `${path}.NOT`),
  ];
}

interface MoverRow extends ChartEntry {
  changePercent: number;
}

interface TotalsRow {
  owner: number;
  chartWeeks: number;
  totalHours: number | null;
  totalViews: number | null;
  viewsMissing: number;
  seasonsCharted: number;
  bestRank: number | null;
  firstWeek: Date | null;
  lastWeek: Date | null;
  dataThrough: Date | null;
  refreshedAt: Date | null;
}

export class LeaderboardService extends RequestService {
  /** Seasons that charted in the global Top 10, filtered and ranked by their precomputed figures. */
  async seasons(args: SeasonConnectionArgs): Promise<Connection<RankedSeason>> {
    assertSatisfiable(args.where);
    const ordering = orderingFor(seasonOrderings, args.orderBy);
    const where = booleanWhere(args.where, seasonConditions);
    await this.assertKnown(namedIds(args.where));
    return findPage(
      args,
      ordering as Ordering<RankedSeason>,
      where as Prisma.SeasonChartStatsWhereInput,
      async (query) => {
        const rows = await this.prisma.seasonChartStats.findMany({ ...(query as Prisma.SeasonChartStatsFindManyArgs), include: { season: true } });
        return rows.map(({ season, ...stats }) => ({ ...toSeason(season), stats }));
      },
      (filter) => this.prisma.seasonChartStats.count({ where: filter }),
    );
  }

  /** An unknown company or person in a filter is the client's error, not an empty page: one statement per type named. */
  private async assertKnown(ids: { type: "ProductionCompany" | "Person"; id: number; field: string }[]): Promise<void> {
    for (const type of ["ProductionCompany", "Person"] as const) {
      const wanted = ids.filter((entry) => entry.type === type);
      if (wanted.length === 0) continue;
      const where = { id: { in: wanted.map((entry) => entry.id) } };
      const found = new Set(
        (type === "Person" ? await this.prisma.person.findMany({ where, select: { id: true } }) : await this.prisma.productionCompany.findMany({ where, select: { id: true } })).map(
          (row) => row.id,
        ),
      );
      const missing = wanted.find((entry) => !found.has(entry.id));
      if (missing) throw badUserInput(`\`${missing.field}\` names no ${type === "Person" ? "person" : "production company"}.`, missing.field);
    }
  }

  /** A season's figures, batched for every season of a request; null when it never charted globally. */
  statsOf(season: Season | RankedSeason): Promise<SeasonChartStats | null> | SeasonChartStats {
    if ("stats" in season) return toSeasonChartStats(season.stats);
    return this.context.scope
      .loader<number, SeasonChartStats | null>("leaderboard.statsOf", async (ids) => {
        const rows = await this.prisma.seasonChartStats.findMany({ where: { seasonId: { in: [...ids] } } });
        return indexByKey(ids, rows.map((row) => ({ seasonId: row.seasonId, stats: toSeasonChartStats(row) })), (row) => row.seasonId).map((row) => row?.stats ?? null);
      })
      .load(season.id);
  }

  /** Totals across a company's or a person's shows, one statement for every owner of a request. */
  totalsOf(owner: "company" | "person", id: number): Promise<ChartTotals> {
    return this.context.scope
      .loader<number, ChartTotals>(`leaderboard.totals.${owner}`, async (ids) => {
        // Distinct (owner, show) pairs: a person with two credits on a show counts its seasons once.
        const links =
          owner === "company"
            ? Prisma.sql`SELECT DISTINCT "companyId" AS owner, "showId" FROM "ShowProductionCompany" WHERE "companyId" = ANY(${[...ids]}::int[])`
            : Prisma.sql`SELECT DISTINCT "personId" AS owner, "showId" FROM "Credit" WHERE "personId" = ANY(${[...ids]}::int[])`;
        const rows = await rawReads(this.prisma).$queryRaw<TotalsRow[]>`
          SELECT l.owner, sum(s."chartWeeks")::int AS "chartWeeks", sum(s."chartHours")::float8 AS "totalHours",
            sum(s."chartViews")::float8 AS "totalViews", count(*) FILTER (WHERE s."chartViews" IS NULL)::int AS "viewsMissing",
            count(*)::int AS "seasonsCharted", min(s."bestRank")::int AS "bestRank", min(s."firstWeekEnd") AS "firstWeek",
            max(s."dataThrough") AS "dataThrough", max(s."refreshedAt") AS "refreshedAt"
          FROM (${links}) l JOIN "SeasonChartStats" s ON s."showId" = l."showId"
          GROUP BY l.owner`;
        return indexByKey(ids, rows, (row) => row.owner).map(toTotals);
      })
      .load(id);
  }

  /**
   * The biggest week-over-week moves in hours of one global list over a span of weeks, each beside the same
   * title's week before. "The same title" is ChartService.previousWeek's rule (show, season title as written,
   * list, region), here as a join so the moves can be ranked and paged in the database.
   */
  async movers(args: ChartMoversArgs): Promise<Connection<ChartEntry>> {
    if (!GLOBAL_LISTS.includes(args.category)) throw badUserInput("Movers need hours: name a global list (TV_ENGLISH, ...), not a national one.", "category");
    if (args.from > args.to) throw badUserInput("`to` is before `from`.", "to");
    const drops = args.direction === MoverDirection.DROPS;
    const ordering: Ordering<MoverRow> = {
      name: drops ? "drops" : "rises",
      keys: [
        { field: "changePercent", direction: drops ? "asc" : "desc", kind: "number", real: true, of: (row) => row.changePercent },
        { field: "id", direction: drops ? "asc" : "desc", kind: "number", of: (row) => row.id },
      ],
    };
    const page = pageRequest(args, ordering);
    const min = args.minChangePercent ?? 0;
    const moved = drops ? Prisma.sql`"changePercent" < 0 AND "changePercent" <= ${-min}` : Prisma.sql`"changePercent" > 0 AND "changePercent" >= ${min}`;
    // Reading order is one direction on both keys, so the keyset is a row comparison.
    const ascending = drops !== page.backward;
    const keyset = page.cursor
      ? ascending
        ? Prisma.sql`AND ("changePercent", id) > (${page.cursor[0]}::float8, ${page.cursor[1]}::int)`
        : Prisma.sql`AND ("changePercent", id) < (${page.cursor[0]}::float8, ${page.cursor[1]}::int)`
      : Prisma.empty;
    const moves = Prisma.sql`
      SELECT cur.*, round((cur."hoursViewed" - prev."hoursViewed")::numeric * 100 / prev."hoursViewed", 2)::float8 AS "changePercent"
      FROM "ChartEntry" cur
      JOIN "ChartEntry" prev ON prev."showId" = cur."showId" AND prev."seasonTitle" IS NOT DISTINCT FROM cur."seasonTitle"
        AND prev.category = cur.category AND prev.region = cur.region AND prev."weekEnd" = cur."weekEnd" - 7
      WHERE cur.region = 'GLOBAL' AND cur.category = ${args.category}::"ChartCategory"
        AND cur."weekEnd" BETWEEN ${args.from}::date AND ${args.to}::date
        AND cur."hoursViewed" IS NOT NULL AND prev."hoursViewed" > 0`;
    const order = ascending ? Prisma.sql`"changePercent" ASC, id ASC` : Prisma.sql`"changePercent" DESC, id DESC`;
    const reads = rawReads(this.prisma);
    const rows = await reads.$queryRaw<(Prisma.ChartEntryGetPayload<object> & { changePercent: number })[]>`
      SELECT * FROM (${moves}) m WHERE ${moved} ${keyset} ORDER BY ${order} LIMIT ${page.size + 1}`;
    const entries: MoverRow[] = rows.map((row) => ({ ...toChartEntry(row), changePercent: row.changePercent }));
    return toConnection(entries, page, ordering, async () => {
      const [{ count }] = await reads.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM (${moves}) m WHERE ${moved}`;
      return count!;
    });
  }
}

function toTotals(row: TotalsRow | null): ChartTotals {
  const source: ChartFiguresSource = {
    source: GLOBAL_TOP10_SOURCE,
    category: null,
    firstWeek: row?.firstWeek ?? null,
    lastWeek: null,
    dataThrough: row?.dataThrough ?? null,
    refreshedAt: row?.refreshedAt ?? null,
  };
  if (!row) return { chartWeeks: 0, totalHours: 0, totalViews: 0, viewsComplete: true, seasonsCharted: 0, bestRank: null, source };
  return {
    chartWeeks: row.chartWeeks,
    totalHours: row.totalHours ?? 0,
    totalViews: row.totalViews ?? 0,
    viewsComplete: row.viewsMissing === 0,
    seasonsCharted: row.seasonsCharted,
    bestRank: row.bestRank,
    source,
  };
}
