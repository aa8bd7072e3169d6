import { RequestService } from "../common/service.js";
import { isCompleteAsMade } from "../shows/status-facts.js";
import type { Season, Show } from "../shows/show.types.js";
import { serviceFor } from "../common/service.js";
import { ChartService } from "./chart.service.js";
import { GLOBAL_REGION } from "./chart.types.js";
import { describeRatio } from "./outlook-text.js";
import { quantity } from "./quantities.js";
import { decisionDateOf, featuresOf } from "./outlook/features.js";
import { isoDay, loadHistory, type HistoryRow } from "./outlook/history.js";
import { contributionsOf, modelDistance, predict, standardized } from "./outlook/model.js";
import { reasonsOf, type Reason } from "./outlook/reasons.js";
import { verdictOf } from "./outlook/backtest.js";
import { storedComparables, storedModel } from "./outlook/stored.js";
import type { ShowComparison, ShowViewing } from "./outlook.types.js";

export type Verdict = "LIKELY_RENEWED" | "AT_RISK" | "LIKELY_CANCELED" | "TOO_EARLY" | "NOT_APPLICABLE" | "NO_CHART_DATA";

export interface OutlookResult {
  verdict: Verdict;
  probability: number | null;
  asOf: Date;
  decisionDate: Date | null;
  reasons: Reason[];
  /** Standardized features, for `comparableSeasons`; null without a prediction. */
  x: number[] | null;
  self: { show: string; season: number };
}


export class OutlookService extends RequestService {
  /**
   * The model's outlook for a season as of `asOf` (the newest week in the data by default): it reads the
   * show's rows and its list's rows up to the season's decision date only, through the same feature module
   * training used, and predicts with the committed parameters.
   */
  async outlookOf(season: Season, asOfArgument?: Date | null): Promise<OutlookResult> {
    const show = await this.prisma.show.findUniqueOrThrow({ where: { id: season.showId }, select: { title: true, kind: true } });
    const asOf = asOfArgument ?? (await this.newestWeek());
    const base = { asOf, self: { show: show.title, season: season.number }, x: null, probability: null };
    const showRows = await this.showHistory(season.showId, asOf);
    const own = showRows.filter((row) => row.seasonId === season.id);
    if (own.length === 0) {
      return { ...base, verdict: "NO_CHART_DATA", decisionDate: null, reasons: [neutral("NO_CHART_DATA", "The season has no weeks in the global TV Top 10 lists on record.")] };
    }
    const decisionDate = decisionDateOf(own[0]!.weekStart);
    if (isCompleteAsMade(show.kind)) {
      return { ...base, verdict: "NOT_APPLICABLE", decisionDate, reasons: [neutral("COMPLETE_AS_MADE", "A limited series or special is complete as made: no renewal is expected.")] };
    }
    if (asOf.getTime() < decisionDate.getTime()) {
      return { ...base, verdict: "TOO_EARLY", decisionDate, reasons: [neutral("FIRST_MONTH_NOT_OVER", `Its first 28 days run to ${isoDay(decisionDate)}; Netflix judges a season on them.`)] };
    }
    const listRows = await loadHistory(this.prisma, { category: own[0]!.category, to: decisionDate });
    const features = featuresOf(mergeRows(listRows, showRows), season.id, asOf);
    if (!features) {
      return { ...base, verdict: "NOT_APPLICABLE", decisionDate, reasons: [neutral("LIBRARY_VIEWING", "It charted only once a later season was out: viewing of the library, not a first run to judge.")] };
    }
    const model = storedModel();
    const probability = predict(model.parameters, features.values);
    return {
      ...base,
      verdict: verdictOf(probability, model.thresholds),
      probability,
      decisionDate,
      reasons: reasonsOf(features, contributionsOf(model.parameters, features.values)),
      x: standardized(model.parameters, features.values),
    };
  }

  /** The training seasons nearest to this one in the model's terms, nearest first, with what happened to them. */
  async comparableSeasons(outlook: OutlookResult, first: number) {
    if (!outlook.x) return [];
    const model = storedModel();
    const nearest = storedComparables().seasons
      .filter((c) => !(c.show === outlook.self.show && c.season === outlook.self.season))
      .map((c) => ({ ...c, distance: modelDistance(model.parameters, outlook.x!, c.x) }))
      .sort((a, b) => a.distance - b.distance)
      .slice(0, first);
    const seasons = nearest.length
      ? await this.prisma.season.findMany({ where: { OR: nearest.map((c) => ({ number: c.season, show: { title: c.show } })) }, include: { show: { select: { title: true } } } })
      : [];
    return nearest.map((c) => {
      const row = seasons.find((s) => s.number === c.season && s.show.title === c.show);
      return {
        showTitle: c.show,
        seasonNumber: c.season,
        list: c.list,
        firstWeek: new Date(`${c.firstWeek}T00:00:00Z`),
        renewed: c.renewed,
        distance: Number(c.distance.toFixed(4)),
        season: row ? { ...row, runtimeHours: row.runtimeHours?.toNumber() ?? null } : null,
      };
    });
  }

  /**
   * The show's global TV rows up to `asOf` (the newest week by default). A show's seasons are asked together
   * (the outlook of each, a draft's first run): its rows are read once per request and date.
   */
  async showHistory(showId: number, asOfArgument?: Date): Promise<HistoryRow[]> {
    const asOf = asOfArgument ?? (await this.newestWeek());
    return this.context.scope
      .loader<string, HistoryRow[]>("outlook.showRows", (keys) =>
        Promise.all(keys.map((key) => loadHistory(this.prisma, { showId: Number(key.split(" ")[0]), to: new Date(key.split(" ")[1]!) }))),
      )
      .load(`${showId} ${asOf.toISOString()}`);
  }

  /** The newest week in the data (today without any). */
  private async newestWeek(): Promise<Date> {
    return (await serviceFor(this.context, ChartService).newestGlobalWeek()) ?? new Date();
  }

  async compare(a: Show, b: Show): Promise<ShowComparison> {
    const [left, right] = await Promise.all([this.viewing(a), this.viewing(b)]);
    const hoursRatio = right.hours > 0 ? left.hours / right.hours : null;
    const viewsRatio = left.views !== null && right.views ? left.views / right.views : null;
    const ratio = viewsRatio ?? hoursRatio;
    const measure = viewsRatio !== null ? "views" : "hours";
    const unit = viewsRatio !== null ? "view" : "hour";
    const summary =
      ratio === null
        ? `${b.title} has no hours on record to compare with.`
        : `${a.title} drew ${describeRatio(ratio)} the ${measure} ${b.title} did (${quantity(measure === "views" ? left.views! : left.hours, unit)} against ${quantity(measure === "views" ? right.views! : right.hours, unit)}).`;
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

function neutral(code: string, explanation: string): Reason {
  return { code, effect: "NEUTRAL", contribution: 0, explanation };
}

/** The list's rows and the show's rows, each row once (a show's rows in its own list are in both). */
function mergeRows<T extends { category: string; weekEnd: Date; rank: number }>(a: readonly T[], b: readonly T[]): T[] {
  const key = (row: T) => `${row.category} ${row.weekEnd.getTime()} ${row.rank}`;
  const seen = new Set(a.map(key));
  return [...a, ...b.filter((row) => !seen.has(key(row)))].sort((x, y) => x.weekEnd.getTime() - y.weekEnd.getTime() || x.category.localeCompare(y.category) || x.rank - y.rank);
}
