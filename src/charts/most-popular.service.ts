import { decimalToNumber } from "../common/decimal.js";
import { groupByKey, indexByKey } from "../common/request-scope.js";
import { RequestService } from "../common/service.js";
import type { Prisma } from "../db/prisma.js";
import type { ChartCategory } from "./chart.types.js";
import { count, quantity } from "./quantities.js";
import { LIST_NAMES } from "./import/parse.js";
import { isoDay } from "./outlook/history.js";
import type { MostPopularEntry, MostPopularPosition } from "./most-popular.types.js";

type EntryRow = Prisma.MostPopularEntryGetPayload<object>;
type First91Days = Pick<Prisma.SeasonChartStatsGetPayload<object>, "seasonId" | "category" | "weeksInTop10" | "viewsFirst91Days" | "weeksFirst91Days">;

export function toMostPopularEntry(row: EntryRow): MostPopularEntry {
  return {
    ...row,
    hoursFirst91Days: Number(row.hoursFirst91Days),
    viewsFirst91Days: Number(row.viewsFirst91Days),
    runtimeHours: decimalToNumber(row.runtimeHours),
    show: null,
    season: null,
    source: `Netflix's Most Popular list (${row.file} line ${row.line}, imported ${isoDay(row.importedAt)})`,
  };
}

export class MostPopularService extends RequestService {
  /** One global list's Most Popular entries, by rank; every list of a request in one statement. */
  list(category: ChartCategory): Promise<MostPopularEntry[]> {
    return this.context.scope
      .loader<ChartCategory, MostPopularEntry[]>("mostPopular.byCategory", async (categories) => {
        const rows = await this.prisma.mostPopularEntry.findMany({ where: { category: { in: [...categories] } }, orderBy: [{ category: "asc" }, { rank: "asc" }] });
        return groupByKey(categories, rows.map(toMostPopularEntry), (entry) => entry.category as ChartCategory);
      })
      .load(category);
  }

  /**
   * A season against its list's Most Popular entries: Netflix's entry if it has one, and our estimate from the
   * weekly file (its first 91 days of first run, precomputed in SeasonChartStats by season-stats.ts
   * `first91DaysOf`). Two statements a request however many seasons: their figures (batched) and the lists.
   */
  async positionOf(season: { id: number }): Promise<MostPopularPosition | null> {
    const stats = await this.context.scope
      .loader<number, First91Days | null>("mostPopular.first91Days", async (ids) => {
        const rows = await this.prisma.seasonChartStats.findMany({
          where: { seasonId: { in: [...ids] } },
          select: { seasonId: true, category: true, weeksInTop10: true, viewsFirst91Days: true, weeksFirst91Days: true },
        });
        return indexByKey(ids, rows, (row) => row.seasonId);
      })
      .load(season.id);
    // No first run in a global TV list (never charted, or only once a later season was out).
    if (!stats || stats.weeksInTop10 === 0) return null;
    const category = stats.category as ChartCategory;
    const entries = await this.list(category);
    const estimate = stats.viewsFirst91Days;
    const listed = entries.find((entry) => entry.seasonId === season.id) ?? null;
    const others = entries.filter((entry) => entry !== listed);
    const above = estimate === null ? null : others.filter((entry) => entry.viewsFirst91Days >= estimate).length;
    const estimatedRank = above !== null && above < 10 ? above + 1 : null;
    const list = LIST_NAMES[category] ?? category;
    const ours =
      estimate === null
        ? `Our estimate from the weekly Top 10 is unknown (a week's views are not published or computable).`
        : `Our estimate from the weekly Top 10 (${count(stats.weeksFirst91Days, "week")} of its first 91 days, a lower bound) is ${quantity(estimate, "view")}` +
          (estimatedRank !== null ? `, which would rank No. ${estimatedRank} on the ${list} list.` : entries.length ? `, below the ${list} list's No. ${entries.length} (${quantity(others.at(-1)?.viewsFirst91Days ?? 0, "view")}).` : ".");
    const theirs = listed
      ? `Netflix lists it No. ${listed.rank} of its Most Popular ${list} titles with ${quantity(listed.viewsFirst91Days, "view")} in the first 91 days. `
      : entries.length
        ? `It is not on Netflix's Most Popular ${list} list. `
        : `No Most Popular list is imported for ${list}. `;
    return { category, listed, estimatedViewsFirst91Days: estimate, estimateWeeks: stats.weeksFirst91Days, estimatedRank, summary: theirs + ours };
  }
}
