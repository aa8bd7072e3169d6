import { EditorialService } from "../articles/editorial.service.js";
import type { Article } from "../articles/article.types.js";
import { badUserInput, notFound } from "../common/errors.js";
import { globalId } from "../common/node.js";
import { RequestService, serviceFor } from "../common/service.js";
import { CompanyService } from "../companies/company.service.js";
import { PeopleService } from "../people/people.service.js";
import { ShowService } from "../shows/show.service.js";
import type { Season, Show } from "../shows/show.types.js";
import { isCompleteAsMade, statusForSeason } from "../shows/status-facts.js";
import { ChartService } from "./chart.service.js";
import { GLOBAL_REGION } from "./chart.types.js";
import { chartRunOf } from "./figures.js";
import { firstRunOf } from "./first-run.js";
import { storedBacktest } from "./outlook/stored.js";
import { OutlookService } from "./outlook.service.js";
import { quotedDataOf, renewalArticleBody, renewalTitle, type RenewalFacts } from "./renewal-draft.js";

/** How many of the model's nearest training seasons a draft names. */
const COMPARABLES_QUOTED = 3;

/** Drafts "Has Netflix Renewed X for Season N?" from season N−1's data, and records the figures it quotes. */
export class RenewalDraftService extends RequestService {
  async draft(showId: number, seasonNumber: number): Promise<Article> {
    const shows = serviceFor(this.context, ShowService);
    const show = await shows.findById(showId);
    if (!show) throw notFound(`No show with id ${globalId("Show", showId)}.`, "showId");
    if (isCompleteAsMade(show.kind)) {
      throw badUserInput(`${show.title} is a ${show.kind.toLowerCase().replace("_", " ")}, complete as made: there is no renewal to report.`, "showId");
    }
    const season = (await shows.seasonsOf(show.id)).find((candidate) => candidate.number === seasonNumber - 1) ?? null;
    if (!season) throw badUserInput(`${show.title} has no season ${seasonNumber - 1} to report on.`, "seasonNumber");

    // The verdict and its announcement date come from the standing fact about the season in question.
    const standing = statusForSeason(await shows.statusHistoryOf(show.id), seasonNumber, show.kind);
    const facts = await this.factsOf(show, season, seasonNumber, standing);
    return serviceFor(this.context, EditorialService).create(
      {
        title: renewalTitle(show.title, seasonNumber),
        summary: `Where ${show.title} stands on a season ${seasonNumber}, from Netflix's own viewing data.`,
        body: renewalArticleBody(facts),
        renewal: { showId: globalId("Show", show.id), seasonNumber, verdict: standing.status, announcedAt: standing.announcedAt },
      },
      { quoted: quotedDataOf(facts) },
    );
  }

  private async factsOf(
    show: Show,
    season: Season,
    seasonInQuestion: number,
    standing: { status: string; announcedAt: Date | null },
  ): Promise<RenewalFacts> {
    const shows = serviceFor(this.context, ShowService);
    const people = serviceFor(this.context, PeopleService);
    const companies = serviceFor(this.context, CompanyService);
    const outlooks = serviceFor(this.context, OutlookService);
    const outlook = await outlookOrNull(outlooks, season);
    const [run, chartFile, ratings, creators, companyRows] = await Promise.all([
      this.firstRun(season),
      this.newestGlobalImport(),
      shows.ratingsOf(show.id),
      people.creditsOfShowInRole(show.id, "CREATOR").then((credits) => people.peopleOf(credits)),
      companies.companiesOfShow(show.id),
    ]);
    const backtest = storedBacktest();
    return {
      show: { title: show.title, status: standing.status, statusAnnouncedAt: standing.announcedAt },
      seasonInQuestion,
      dataSeason: season.number,
      seasonId: season.id,
      run,
      chartFile,
      outlook,
      backtest: { auc: backtest.model.auc, from: backtest.testWindow.from, to: backtest.testWindow.to },
      comparables: outlook ? await outlooks.comparableSeasons(outlook, COMPARABLES_QUOTED) : [],
      // The newest reading of each source (ratingsOf lists a source's readings newest first).
      ratings: ratings.filter((rating, index) => ratings.findIndex((other) => other.source === rating.source && other.seasonId === rating.seasonId) === index),
      creators: creators.map((person) => person.name),
      companies: await Promise.all(
        companyRows.map(async (company) => ({
          name: company.name,
          otherTitles: (await companies.allShowsOf(company.id)).filter((other) => other.id !== show.id).map((other) => other.title),
        })),
      ),
      sameDay: standing.announcedAt
        ? (await shows.statusChangesOn(standing.announcedAt))
            .filter((change) => change.show.id !== show.id)
            .map((change) => ({ title: change.show.title, status: change.status }))
        : [],
    };
  }

  /**
   * The season's first run in the global list it debuted in, as the outlook reads it (`firstRunOf` over the
   * show's rows): weeks it charted again once a later season was out are counted, not shown.
   */
  private async firstRun(season: Season): Promise<RenewalFacts["run"]> {
    const history = await serviceFor(this.context, OutlookService).showHistory(season.showId);
    const runWeeks = new Set((firstRunOf(history, season.id)?.firstRun ?? []).map((row) => row.weekEnd.getTime()));
    if (runWeeks.size === 0) return null;
    const category = history.find((row) => row.seasonId === season.id)!.category;
    const entries = (await serviceFor(this.context, ChartService).entriesOfSeason(season.id)).filter(
      (entry) => entry.region === GLOBAL_REGION && entry.category === category,
    );
    const rows = entries.filter((entry) => runWeeks.has(entry.weekEnd.getTime())).sort((a, b) => a.weekEnd.getTime() - b.weekEnd.getTime());
    const figures = chartRunOf(rows, season.runtimeHours)!;
    return { ...figures, category, rows, weeksLeftOut: entries.length - rows.length };
  }

  /** Which global Top 10 file the chart rows were last imported from, and when (the import's audit entry). */
  private async newestGlobalImport(): Promise<RenewalFacts["chartFile"]> {
    const entry = await this.prisma.auditEvent.findFirst({
      where: { action: "charts.imported", details: { path: ["format"], equals: "global" } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { details: true, createdAt: true },
    });
    const file = (entry?.details as { file?: string } | null)?.file;
    return entry && file ? { file: file.split("/").at(-1)!, importedAt: entry.createdAt } : null;
  }
}

/** The outlook of a season without chart data is no outlook at all: nothing to print. */
async function outlookOrNull(outlooks: OutlookService, season: Season) {
  const outlook = await outlooks.outlookOf(season);
  return outlook.verdict === "NO_CHART_DATA" ? null : outlook;
}
