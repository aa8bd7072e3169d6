import { decimalToNumber } from "../common/decimal.js";
import { groupByKey } from "../common/request-scope.js";
import { RequestService } from "../common/service.js";
import type { Prisma } from "../db/prisma.js";
import type { ChartCategory } from "./chart.types.js";
import { count, quantity } from "./quantities.js";
import { LIST_NAMES } from "./import/parse.js";
import { DAY_MS, isoDay, loadHistory } from "./outlook/history.js";
import { firstRunOf } from "./first-run.js";
import type { MostPopularEntry, MostPopularPosition } from "./most-popular.types.js";

type EntryRow = Prisma.MostPopularEntryGetPayload<object>;
/** Netflix's Most Popular window: a title's first 91 days, i.e. its first 13 weeks. */
const WINDOW_DAYS = 91;

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
   * weekly file (first run only, see first-run.ts `firstRunOf`). Reads the show's global TV rows and the list.
   */
  async positionOf(season: { id: number; showId: number }): Promise<MostPopularPosition | null> {
    const history = await loadHistory(this.prisma, { showId: season.showId });
    const run = firstRunOf(history, season.id)?.firstRun ?? [];
    if (run.length === 0) return null;
    const category = run[0]!.category as ChartCategory;
    const entries = await this.list(category);
    const windowEnd = run[0]!.weekStart.getTime() + (WINDOW_DAYS - 1) * DAY_MS;
    const weeks = run.filter((row) => row.weekEnd.getTime() <= windowEnd);
    const estimate = weeks.every((row) => row.views !== null) ? weeks.reduce((total, row) => total + row.views!, 0) : null;
    const listed = entries.find((entry) => entry.seasonId === season.id) ?? null;
    const others = entries.filter((entry) => entry !== listed);
    const above = estimate === null ? null : others.filter((entry) => entry.viewsFirst91Days >= estimate).length;
    const estimatedRank = above !== null && above < 10 ? above + 1 : null;
    const list = LIST_NAMES[category] ?? category;
    const ours =
      estimate === null
        ? `Our estimate from the weekly Top 10 is unknown (a week's views are not published or computable).`
        : `Our estimate from the weekly Top 10 (${count(weeks.length, "week")} of its first 91 days, a lower bound) is ${quantity(estimate, "view")}` +
          (estimatedRank !== null ? `, which would rank No. ${estimatedRank} on the ${list} list.` : entries.length ? `, below the ${list} list's No. ${entries.length} (${quantity(others.at(-1)?.viewsFirst91Days ?? 0, "view")}).` : ".");
    const theirs = listed
      ? `Netflix lists it No. ${listed.rank} of its Most Popular ${list} titles with ${quantity(listed.viewsFirst91Days, "view")} in the first 91 days. `
      : entries.length
        ? `It is not on Netflix's Most Popular ${list} list. `
        : `No Most Popular list is imported for ${list}. `;
    return { category, listed, estimatedViewsFirst91Days: estimate, estimateWeeks: weeks.length, estimatedRank, summary: theirs + ours };
  }
}
