import { Max, Min } from "class-validator";
import { globalId, IsGlobalId, rowIdOf } from "../common/node.js";
import { Args, ArgsType, Authorized, Ctx, Field, ID, Int, Mutation, Resolver } from "type-graphql";
import { EditorialService } from "../articles/editorial.service.js";
import { Article } from "../articles/article.types.js";
import type { QuotedFigure } from "../articles/claims.js";
import type { RequestContext } from "../common/context.js";
import { badUserInput, notFound } from "../common/errors.js";

import { serviceFor } from "../common/service.js";
import { CompanyService } from "../companies/company.service.js";
import { PeopleService } from "../people/people.service.js";
import { ShowService } from "../shows/show.service.js";
import { isCompleteAsMade, statusForSeason } from "../shows/status-facts.js";
import { ChartService } from "./chart.service.js";
import { GLOBAL_REGION } from "./chart.types.js";
import { chartRunOf } from "./figures.js";
import { OutlookService } from "./outlook.service.js";
import { renewalArticleBody, renewalTitle, type RenewalFacts } from "./renewal-draft.js";

@ArgsType()
class DraftRenewalArgs {
  @Field(() => ID, { description: "The show the article is about." })
  @IsGlobalId("Show")
  showId: string;

  @Field(() => Int, { description: 'The season in question: 2 drafts "Has Netflix Renewed X for Season 2?" from season 1\'s data.' })
  @Min(2)
  @Max(100)
  seasonNumber: number;
}

@Resolver()
export class RenewalDraftResolver {
  @Authorized("WRITER")
  @Mutation(() => Article, {
    description: "Creates a DRAFT renewal article pre-filled from the database: status, Top 10 table, outlook, ratings, people.",
  })
  async draftRenewalArticle(@Args(() => DraftRenewalArgs) args: DraftRenewalArgs, @Ctx() context: RequestContext): Promise<Article> {
    const shows = serviceFor(context, ShowService);
    const show = await shows.findById(rowIdOf("Show", args.showId, "showId"));
    if (!show) throw notFound(`No show with id ${args.showId}.`, "showId");
    if (isCompleteAsMade(show.kind)) {
      throw badUserInput(`${show.title} is a ${show.kind.toLowerCase().replace("_", " ")}, complete as made: there is no renewal to report.`, "showId");
    }
    const season = (await shows.seasonsOf(show.id)).find((candidate) => candidate.number === args.seasonNumber - 1) ?? null;
    if (!season) throw badUserInput(`${show.title} has no season ${args.seasonNumber - 1} to report on.`, "seasonNumber");

    // The verdict and its announcement date come from the standing fact about the season in question.
    const standing = statusForSeason(await shows.statusHistoryOf(show.id), args.seasonNumber, show.kind);
    const charts = serviceFor(context, ChartService);
    const entries = (await charts.entriesOfSeason(season.id)).filter((entry) => entry.region === GLOBAL_REGION);
    const run = chartRunOf(entries.filter((entry) => entry.category === entries[0]?.category), season.runtimeHours);
    const people = serviceFor(context, PeopleService);
    const companies = serviceFor(context, CompanyService);
    const companyRows = await companies.companiesOfShow(show.id);
    const facts: RenewalFacts = {
      show: { title: show.title, status: standing.status, statusAnnouncedAt: standing.announcedAt },
      seasonInQuestion: args.seasonNumber,
      dataSeason: season.number,
      run,
      ranks: new Map(entries.map((entry) => [entry.weekEnd.getTime(), { rank: entry.rank, cumulativeWeeks: entry.cumulativeWeeksInTop10 }])),
      outlook: await serviceFor(context, OutlookService).outlookOf(season),
      ratings: await shows.ratingsOf(show.id),
      creators: (await people.peopleOf(await people.creditsOfShowInRole(show.id, "CREATOR"))).map((person) => person.name),
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
    // The figures the body's table quotes, so a publish after Netflix revises one is caught (articles/claims.ts).
    const category = entries[0]?.category;
    const quotedFigures: QuotedFigure[] = (run?.weeks ?? []).flatMap((week) => {
      const where = { seasonId: season.id, category: String(category), region: GLOBAL_REGION, weekEnd: week.weekEnd.toISOString().slice(0, 10) };
      return [
        { ...where, field: "hoursViewed" as const, value: week.hoursViewed },
        { ...where, field: "rank" as const, value: facts.ranks.get(week.weekEnd.getTime())?.rank ?? null },
      ];
    });
    return serviceFor(context, EditorialService).create({
      title: renewalTitle(show.title, args.seasonNumber),
      summary: `Where ${show.title} stands on a season ${args.seasonNumber}, from Netflix's own viewing data.`,
      body: renewalArticleBody(facts),
      renewal: { showId: globalId("Show", show.id), seasonNumber: args.seasonNumber, verdict: standing.status, announcedAt: standing.announcedAt },
    }, { quotedFigures });
  }
}
