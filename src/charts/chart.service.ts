import { decimalToNumber } from "../common/decimal.js";
import { groupByKey, indexByKey } from "../common/request-scope.js";
import { RequestService } from "../common/service.js";
import type { Prisma } from "../db/prisma.js";
import type { ChartEntry, Country } from "./chart.types.js";

type ChartEntryRow = Prisma.ChartEntryGetPayload<object>;

function toChartEntry(row: ChartEntryRow): ChartEntry {
  return { ...row, runtimeHours: decimalToNumber(row.runtimeHours) };
}

/** Chronological, then by list and rank: the order a chart run reads in. */
const chronological = [{ weekEnd: "asc" }, { category: "asc" }, { region: "asc" }, { rank: "asc" }] as const;

export class ChartService extends RequestService {
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
