import { RequestService } from "../common/service.js";
import type { Season, Show } from "../shows/show.types.js";
import { serviceFor } from "../common/service.js";
import { ChartService } from "./chart.service.js";
import { GLOBAL_REGION, type ChartEntry } from "./chart.types.js";
import { chartRunOf, viewsOf } from "./figures.js";
import { describeRatio } from "./outlook-text.js";
import { assessOutlook, outlookAgrees, type OutlookAssessment } from "./outlook/points-rule.js";
import type { OutlookBacktest, ShowComparison, ShowViewing } from "./outlook.types.js";

const DAY_MS = 86_400_000;
const HALF_YEAR_DAYS = 182;

/** A season's first-28-day figure: views when every week's are known, else hours. */
function first28Figure(entries: ChartEntry[], seasonRuntimeHours: number | null): { value: number | null; metric: "views" | "hours" } {
  const run = chartRunOf(entries, seasonRuntimeHours);
  if (!run) return { value: null, metric: "hours" };
  const monthEnd = run.firstWeek.getTime() - 6 * DAY_MS + 27 * DAY_MS;
  const month = entries.filter((entry) => entry.weekEnd.getTime() <= monthEnd).map((entry) => viewsOf(entry, seasonRuntimeHours));
  if (month.every((views) => views !== null)) {
    return { value: month.reduce((total, views) => total + views!.views, 0), metric: "views" };
  }
  return { value: run.hoursFirst28Days, metric: "hours" };
}

export class OutlookService extends RequestService {
  /** The season's global run in its (first) list. */
  private async globalRun(seasonId: number): Promise<ChartEntry[]> {
    const entries = (await serviceFor(this.context, ChartService).entriesOfSeason(seasonId)).filter(
      (entry) => entry.region === GLOBAL_REGION,
    );
    const category = entries[0]?.category;
    return entries.filter((entry) => entry.category === category);
  }

  async outlookOf(season: Season): Promise<OutlookAssessment> {
    const entries = await this.globalRun(season.id);
    const run = chartRunOf(entries, season.runtimeHours);
    if (!run) return assessOutlook(null, null, [], new Date());
    const { value, metric } = first28Figure(entries, season.runtimeHours);
    const category = entries[0]!.category;
    const [peers, asOf] = await Promise.all([this.peerFigures(category, run.firstWeek, season.id, metric), this.newestWeek(category)]);
    return assessOutlook(run, value, peers, asOf);
  }

  private async newestWeek(category: ChartEntry["category"]): Promise<Date> {
    const newest = await this.prisma.chartEntry.aggregate({ where: { category, region: GLOBAL_REGION }, _max: { weekEnd: true } });
    return newest._max.weekEnd ?? new Date();
  }

  /** First-28-day figures of the other seasons that entered the same list within six months either side. */
  private async peerFigures(category: ChartEntry["category"], firstWeek: Date, seasonId: number, metric: "views" | "hours"): Promise<number[]> {
    const rows = await this.prisma.$queryRaw<{ hours: number | null; views: number | null; known: boolean }[]>`
      WITH firsts AS (
        SELECT "seasonId", min("weekStart") AS start, min("weekEnd") AS first_end
        FROM "ChartEntry" WHERE region = 'GLOBAL' AND category = ${category}::"ChartCategory" AND "seasonId" IS NOT NULL
        GROUP BY "seasonId")
      SELECT sum(c."hoursViewed")::float8 AS hours,
             -- The same rule as figures.ts viewsOf: Netflix's views, else hours ÷ the row's or the season's runtime.
             sum(COALESCE(c.views, c."hoursViewed" / NULLIF(COALESCE(NULLIF(c."runtimeHours", 0), s."runtimeHours"), 0)))::float8 AS views,
             bool_and(c.views IS NOT NULL OR COALESCE(NULLIF(c."runtimeHours", 0), s."runtimeHours") > 0) AS known
      FROM firsts f
      JOIN "ChartEntry" c ON c."seasonId" = f."seasonId" AND c.region = 'GLOBAL' AND c.category = ${category}::"ChartCategory"
        AND c."weekEnd" <= f.start + 27
      JOIN "Season" s ON s.id = f."seasonId"
      WHERE f."seasonId" <> ${seasonId}
        AND f.first_end BETWEEN ${firstWeek}::date - ${HALF_YEAR_DAYS}::int AND ${firstWeek}::date + ${HALF_YEAR_DAYS}::int
      GROUP BY f."seasonId"`;
    return rows
      .filter((row) => (metric === "views" ? row.known && row.views !== null : row.hours !== null))
      .map((row) => (metric === "views" ? row.views! : row.hours!));
  }

  /** Every season of a show whose status is decided, judged by the outlook, against what happened. */
  async backtest(): Promise<OutlookBacktest> {
    const shows = await this.prisma.show.findMany({
      // Films, specials and limited series are ENDED by nature, not by a renewal decision.
      where: { status: { in: ["RENEWED", "CANCELED", "ENDED"] }, kind: { notIn: ["FILM", "SPECIAL", "LIMITED_SERIES"] } },
      include: { seasons: { orderBy: { number: "desc" } } },
    });
    const result: OutlookBacktest = { evaluated: 0, agreed: 0, disagreed: 0, noCall: 0, disagreements: [] };
    for (const show of shows) {
      // The decision is about the newest season that charted.
      for (const seasonRow of show.seasons) {
        const season = { ...seasonRow, runtimeHours: seasonRow.runtimeHours?.toNumber() ?? null };
        if ((await this.globalRun(season.id)).length === 0) continue;
        const { outlook } = await this.outlookOf(season);
        result.evaluated += 1;
        const agrees = outlookAgrees(outlook, show.status);
        if (agrees === null) result.noCall += 1;
        else if (agrees) result.agreed += 1;
        else {
          result.disagreed += 1;
          result.disagreements.push({ show, season, outlook: outlook as never, status: show.status });
        }
        break;
      }
    }
    return result;
  }

  async compare(a: Show, b: Show): Promise<ShowComparison> {
    const [left, right] = await Promise.all([this.viewing(a), this.viewing(b)]);
    const hoursRatio = right.hours > 0 ? left.hours / right.hours : null;
    const viewsRatio = left.views !== null && right.views ? left.views / right.views : null;
    const ratio = viewsRatio ?? hoursRatio;
    const measure = viewsRatio !== null ? "views" : "hours";
    const summary =
      ratio === null
        ? `${b.title} has no hours on record to compare with.`
        : `${a.title} drew ${describeRatio(ratio)} the ${measure} ${b.title} did (${formatFigure(measure === "views" ? left.views! : left.hours)} against ${formatFigure(measure === "views" ? right.views! : right.hours)}).`;
    return { a: left, b: right, hoursRatio, viewsRatio, summary };
  }

  private async viewing(show: Show): Promise<ShowViewing> {
    const entries = (await serviceFor(this.context, ChartService).entriesOfShow(show.id)).filter((e) => e.region === GLOBAL_REGION);
    const hours = entries.reduce((total, entry) => total + (entry.hoursViewed ?? 0), 0);
    const charts = serviceFor(this.context, ChartService);
    const withViews = (await Promise.all(entries.map((entry) => charts.viewsOf(entry))))
      .filter((value) => value !== null)
      .map((value) => value!.views);
    return { show, hours, views: withViews.length > 0 ? withViews.reduce((t, v) => t + v, 0) : null, weeksInTop10: entries.length };
  }
}

function formatFigure(value: number): string {
  return `${(value / 1_000_000).toFixed(2)} million`;
}
