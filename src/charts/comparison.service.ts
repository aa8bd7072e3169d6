import { badUserInput } from "../common/errors.js";
import { RequestService, serviceFor } from "../common/service.js";
import { toSeason } from "../shows/show.service.js";
import type { Season } from "../shows/show.types.js";
import { ChartService } from "./chart.service.js";
import { compareSeasons, type Comparison, type ComparisonMetric } from "./comparison/aligned.js";
import { loadHistory } from "./outlook/history.js";

export class ComparisonService extends RequestService {
  /**
   * Seasons lined up by week since debut: one statement for the seasons, one for their shows' global TV rows
   * (every season of those shows, so that a later season's release ends a first run), one for the newest week.
   */
  async compare(seasonIds: readonly number[], weeks: number, metric: ComparisonMetric): Promise<Comparison & { seasons: { season: Season }[] }> {
    const seasons = await this.prisma.season.findMany({ where: { id: { in: [...seasonIds] } }, include: { show: { select: { title: true } } } });
    const byId = new Map(seasons.map((season) => [season.id, season]));
    const unknown = seasonIds.findIndex((id) => !byId.has(id));
    if (unknown >= 0) throw badUserInput(`ids[${unknown}] is no season's id.`, "ids");
    const [history, newestWeek] = await Promise.all([
      loadHistory(this.prisma, { showIds: [...new Set(seasons.map((season) => season.showId))] }),
      serviceFor(this.context, ChartService).newestGlobalWeek(),
    ]);
    const wanted = seasonIds.map((id) => ({ seasonId: id, showTitle: byId.get(id)!.show.title, number: byId.get(id)!.number }));
    const comparison = compareSeasons(history, wanted, { weeks, metric, newestWeek });
    // The API's Season, from the row already read (no second statement for `season { … }`).
    return { ...comparison, seasons: comparison.seasons.map((aligned) => ({ ...aligned, season: toSeason(byId.get(aligned.seasonId)!) })) };
  }
}
