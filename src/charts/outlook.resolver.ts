import { Length, Max, Min } from "class-validator";
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { DateScalar, PositiveIntScalar } from "../common/scalars.js";
import type { RequestContext } from "../common/context.js";
import { badUserInput, notFound } from "../common/errors.js";
import { decodeGlobalId } from "../common/node.js";
import { SLUG_PATTERN } from "../common/lookup.js";
import { IsNotBlank } from "../common/text.js";
import { serviceFor } from "../common/service.js";
import { ShowService } from "../shows/show.service.js";
import { Season, type Show } from "../shows/show.types.js";
import { ChartService } from "./chart.service.js";
import { OutlookService } from "./outlook.service.js";
import { restrictedQuery } from "../common/restricted.js";
import { storedBacktest } from "./outlook/stored.js";
import { ComparableSeason, ContinentRun, CountryRun, OutlookBacktest, RenewalOutlook, ShowComparison } from "./outlook.types.js";
import { continentRunsOf } from "./popularity.js";

@ArgsType()
class ComparableArgs {
  @Field(() => Int, { defaultValue: 3, description: "How many, 1 to 20." })
  @Min(1)
  @Max(20)
  first: number;
}

@ArgsType()
class CompareArgs {
  @Field(() => String, { description: "Slug or (global) id of the first show." })
  @Length(1, 200)
  @IsNotBlank()
  a: string;

  @Field(() => String, { description: "Slug or (global) id of the show to compare it with." })
  @Length(1, 200)
  @IsNotBlank()
  b: string;
}

async function showBySlugOrId(context: RequestContext, key: string, field: string): Promise<Show> {
  const shows = serviceFor(context, ShowService);
  // Slugs are lowercase; a global id (base64url) of a show starts "U2hvdz", so the two never collide.
  const decoded = decodeGlobalId(key);
  if (decoded && decoded.typeName !== "Show") throw badUserInput(`\`${field}\` is the id of a ${decoded.typeName}, not of a show.`, field);
  if (!decoded && !SLUG_PATTERN.test(key)) throw badUserInput(`\`${field}\` is neither a show's id nor a slug.`, field);
  const show = decoded ? await shows.findById(decoded.rowId) : await shows.find({ slug: key });
  if (!show) throw notFound(`No show "${key}".`, field);
  return show;
}

@Resolver(() => Season)
export class SeasonOutlookResolver {
  @FieldResolver(() => RenewalOutlook, { description: "The renewal model's probability for this season, its verdict and its reasons." })
  async renewalOutlook(
    @Root() season: Season,
    @Ctx() context: RequestContext,
    @Arg("asOf", () => DateScalar, { nullable: true, description: "Judge as of this day (default: the newest week in the data)." }) asOf?: Date | null,
  ): Promise<RenewalOutlook> {
    return (await serviceFor(context, OutlookService).outlookOf(season, asOf)) as RenewalOutlook;
  }

  @FieldResolver(() => [CountryRun], {
    description: "Where the season charted nationally, most popular first: popularity is the sum of 11 − rank over its weeks in a country's Top 10 (then weeks, best rank).",
  })
  async countryRuns(
    @Root() season: Season,
    @Ctx() context: RequestContext,
    @Arg("first", () => PositiveIntScalar, { nullable: true, description: "Only the most popular this many countries (all of them when not given)." }) first?: number | null,
  ): Promise<CountryRun[]> {
    const runs = await serviceFor(context, ChartService).countryRunsOf(season.id);
    return first == null ? runs : runs.slice(0, first);
  }

  @FieldResolver(() => [ContinentRun], {
    description: "The country runs rolled up by continent, highest average popularity per country with a list first.",
  })
  async continentRuns(@Root() season: Season, @Ctx() context: RequestContext): Promise<ContinentRun[]> {
    const charts = serviceFor(context, ChartService);
    const [runs, countries] = await Promise.all([charts.countryRunsOf(season.id), charts.countries()]);
    return continentRunsOf(runs, countries.map((country) => country.code));
  }
}

@Resolver(() => RenewalOutlook)
export class RenewalOutlookResolver {
  @FieldResolver(() => [ComparableSeason], { description: "Training seasons nearest to this one in the model's terms, nearest first." })
  comparableSeasons(@Root() outlook: RenewalOutlook, @Args(() => ComparableArgs) { first }: ComparableArgs, @Ctx() context: RequestContext): Promise<ComparableSeason[]> {
    return serviceFor(context, OutlookService).comparableSeasons(outlook, first) as Promise<ComparableSeason[]>;
  }
}

@Resolver()
export class OutlookQueryResolver {
  @Authorized("EDITOR")
  @Query(() => OutlookBacktest, restrictedQuery("The renewal model's backtest against the two baselines, as committed with the model.", "editors and admins"))
  outlookBacktest(): OutlookBacktest {
    // The report is computed by `outlook:backtest` and read from the committed file: serving it costs nothing.
    const report = storedBacktest();
    return {
      testWindow: { from: new Date(`${report.testWindow.from}T00:00:00Z`), to: new Date(`${report.testWindow.to}T00:00:00Z`) },
      trainSeasons: report.trainWindow.seasons,
      testSeasons: report.testSeasons,
      testRenewed: report.testRenewed,
      fingerprint: report.fingerprint,
      model: report.model,
      baselines: report.baselines,
      targetMet: report.target.auc.met && report.target.brier.met && report.target.calibration.met,
    };
  }

  @Query(() => ShowComparison, {
    description: "Two shows' hours and views side by side, with ratios.",
    deprecationReason:
      "Sums whole shows over every week they charted (re-entries and seasons years apart included): use compareSeasons, which lines seasons up by week since debut.",
  })
  async compareShows(@Args(() => CompareArgs) { a, b }: CompareArgs, @Ctx() context: RequestContext): Promise<ShowComparison> {
    const [left, right] = await Promise.all([showBySlugOrId(context, a, "a"), showBySlugOrId(context, b, "b")]);
    return serviceFor(context, OutlookService).compare(left, right);
  }
}
