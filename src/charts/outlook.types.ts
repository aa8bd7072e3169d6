import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateScalar } from "../common/scalars.js";
import { ChartCategory } from "./chart.types.js";
import { Season, Show } from "../shows/show.types.js";

export enum OutlookVerdict {
  LIKELY_RENEWED = "LIKELY_RENEWED",
  AT_RISK = "AT_RISK",
  LIKELY_CANCELED = "LIKELY_CANCELED",
  TOO_EARLY = "TOO_EARLY",
  NOT_APPLICABLE = "NOT_APPLICABLE",
  NO_CHART_DATA = "NO_CHART_DATA",
}
registerEnumType(OutlookVerdict, {
  name: "OutlookVerdict",
  description:
    "The model's call: LIKELY_RENEWED at probability ≥ 0.5, LIKELY_CANCELED below 0.2, AT_RISK between; TOO_EARLY while the first 28 days are not over; " +
    "NOT_APPLICABLE for limited series, specials and seasons that charted only once a later season was out; NO_CHART_DATA when the season never charted in a global TV list.",
});

export enum ReasonEffect {
  POSITIVE = "POSITIVE",
  NEGATIVE = "NEGATIVE",
  NEUTRAL = "NEUTRAL",
}
registerEnumType(ReasonEffect, { name: "ReasonEffect", description: "Which way a signal pushes the outlook." });

/** The codes of the reasons the outlook gives (src/charts/outlook/reasons.ts and outlook.service.ts). */
export enum OutlookReasonCode {
  VIEWING_VS_PEERS = "VIEWING_VS_PEERS",
  WEEKS_IN_TOP_10 = "WEEKS_IN_TOP_10",
  RANK = "RANK",
  WEEK_2 = "WEEK_2",
  FIRST_MONTH_DROP = "FIRST_MONTH_DROP",
  HOLD = "HOLD",
  LIST = "LIST",
  RETURNING_SEASON = "RETURNING_SEASON",
  GENRE = "GENRE",
  ORIGINAL_LANGUAGE = "ORIGINAL_LANGUAGE",
  CONTENT_RATING = "CONTENT_RATING",
  NO_CHART_DATA = "NO_CHART_DATA",
  COMPLETE_AS_MADE = "COMPLETE_AS_MADE",
  FIRST_MONTH_NOT_OVER = "FIRST_MONTH_NOT_OVER",
  LIBRARY_VIEWING = "LIBRARY_VIEWING",
}
registerEnumType(OutlookReasonCode, { name: "OutlookReasonCode", description: "Which part of the model (or which reason for making no call) a reason is." })

@ObjectType("OutlookReason", { description: "One part of the model's prediction, in words." })
export class OutlookReasonType {
  @Field(() => OutlookReasonCode, { description: "Machine-readable: which part this is." })
  code: string;

  @Field(() => ReasonEffect)
  effect: ReasonEffect;

  @Field(() => Float, { description: "Log-odds this part adds to the prediction, against an average season." })
  contribution: number;

  @Field(() => String, { description: "Plain English, naming the real week and figure." })
  explanation: string;
}

@ObjectType({ description: "A training season close to this one in the model's terms, and what happened to it." })
export class ComparableSeason {
  @Field(() => String)
  showTitle: string;

  @Field(() => Int)
  seasonNumber: number;

  @Field(() => ChartCategory, { description: "The global list it debuted in." })
  list: ChartCategory;

  @Field(() => Season, { nullable: true, description: "The season in this database, when it is here." })
  season: Season | null;

  @Field(() => DateScalar, { description: "Its first week in the global Top 10 (the week's Sunday)." })
  firstWeek: Date;

  @Field(() => Boolean, { description: "Whether it was renewed (a later season charted, or a status fact says so)." })
  renewed: boolean;

  @Field(() => Float, { description: "Distance in standardized features weighted by the model's weights; smaller is closer." })
  distance: number;
}

@ObjectType({ description: "The renewal outlook from the model (README \"Renewal outlook\"), with its reasons." })
export class RenewalOutlook {
  @Field(() => OutlookVerdict)
  verdict: OutlookVerdict;

  @Field(() => Float, { nullable: true, description: "The model's probability of renewal; null unless the verdict is a call." })
  probability: number | null;

  @Field(() => DateScalar, { description: "The day the outlook is for: only weeks ending by then (and within the first 28 days) are read." })
  asOf: Date;

  @Field(() => DateScalar, { nullable: true, description: "The last of the season's first 28 days." })
  decisionDate: Date | null;

  @Field(() => [OutlookReasonType], { description: "Largest contribution first." })
  reasons: OutlookReasonType[];

  x: number[] | null;
  self: { show: string; season: number };
}

@ObjectType({ description: "A 95% interval of the ROC AUC (seeded bootstrap)." })
export class AucInterval {
  @Field(() => Float)
  low: number;

  @Field(() => Float)
  high: number;
}

@ObjectType({ description: "One bin of predicted probability: how many seasons, the mean prediction and the share renewed." })
export class CalibrationBin {
  @Field(() => Float)
  from: number;

  @Field(() => Float)
  to: number;

  @Field(() => Int)
  seasons: number;

  @Field(() => Float, { nullable: true })
  meanPredicted: number | null;

  @Field(() => Float, { nullable: true })
  observedRate: number | null;
}

@ObjectType({ description: "Precision and recall of renewals at one decision threshold." })
export class ThresholdScore {
  @Field(() => String)
  threshold: string;

  @Field(() => Int)
  predicted: number;

  @Field(() => Float, { nullable: true })
  precision: number | null;

  @Field(() => Float, { nullable: true })
  recall: number | null;
}

@ObjectType({ description: "One method's scores on the test window's seasons." })
export class MethodScores {
  @Field(() => String)
  description: string;

  @Field(() => Float, { description: "ROC AUC." })
  auc: number;

  @Field(() => AucInterval, { description: "Seeded bootstrap 95% interval of the AUC." })
  aucInterval: AucInterval;

  @Field(() => Float)
  brier: number;

  @Field(() => Float, { description: "Share of seasons called right at probability 0.5." })
  accuracy: number;

  @Field(() => [CalibrationBin], { description: "Predicted against observed, in ten bins of predicted probability." })
  calibration: CalibrationBin[];

  @Field(() => [ThresholdScore], { description: "Precision and recall (of renewed) at the decision thresholds." })
  thresholds: ThresholdScore[];
}

@ObjectType({ description: "The two rules the model is measured against, scored on the same seasons." })
export class BacktestBaselines {
  @Field(() => MethodScores, { description: "The source article's rule: hours falling > 50% within the first month → canceled." })
  articleRule: MethodScores;

  @Field(() => MethodScores, { description: "Greenlight's former points rule." })
  pointsRule: MethodScores;
}

@ObjectType({ description: "A span of first-chart weeks." })
export class BacktestWindow {
  @Field(() => DateScalar)
  from: Date;

  @Field(() => DateScalar)
  to: Date;
}

@ObjectType({ description: "The committed backtest report of the renewal model (models/outlook-backtest.json, `npm run outlook:backtest`)." })
export class OutlookBacktest {
  @Field(() => BacktestWindow, { description: "Seasons first charting in this window are the test set; earlier ones train." })
  testWindow: BacktestWindow;

  @Field(() => Int)
  trainSeasons: number;

  @Field(() => Int)
  testSeasons: number;

  @Field(() => Int)
  testRenewed: number;

  @Field(() => String, { description: "sha256 of the chart rows and labels the report was computed from." })
  fingerprint: string;

  @Field(() => MethodScores)
  model: MethodScores;

  @Field(() => BacktestBaselines)
  baselines: BacktestBaselines;

  @Field(() => Boolean, { description: "ROC AUC ≥ 0.80, Brier better than both baselines, and every decile with ≥ 20 seasons within 10 points." })
  targetMet: boolean;
}

@ObjectType({ description: "A show's viewing figures beside others' (see compareShows)." })
export class ShowViewing {
  @Field(() => Show)
  show: Show;

  @Field(() => Float, { description: "Hours viewed over all its weeks in the global Top 10." })
  hours: number;

  @Field(() => Float, { nullable: true, description: "Views over the weeks whose runtime is known; null when none is." })
  views: number | null;

  @Field(() => Int)
  weeksInTop10: number;
}

@ObjectType({ description: "Two shows side by side." })
export class ShowComparison {
  @Field(() => ShowViewing)
  a: ShowViewing;

  @Field(() => ShowViewing)
  b: ShowViewing;

  @Field(() => Float, { nullable: true, description: "a's hours ÷ b's." })
  hoursRatio: number | null;

  @Field(() => Float, { nullable: true, description: "a's views ÷ b's, when both are known." })
  viewsRatio: number | null;

  @Field(() => String, { description: 'E.g. "The Imperfects drew about a third of the hours Resident Evil did."' })
  summary: string;
}

@ObjectType({ description: "A continent (from the countries-list package's continent of each country)." })
export class Continent {
  @Field(() => String, { description: "Two letters: AF, AN, AS, EU, NA, OC or SA." })
  code: string;

  @Field(() => String)
  name: string;
}

@ObjectType({ description: "Where a season charted in one country." })
export class CountryRun {
  @Field(() => String)
  countryCode: string;

  @Field(() => String, { nullable: true })
  countryName: string | null;

  @Field(() => Continent, { nullable: true, description: "Its continent; null for a code the country data does not know." })
  continent: Continent | null;

  @Field(() => Int)
  weeks: number;

  @Field(() => Int)
  bestRank: number;

  @Field(() => Int, { description: "Weeks in the country's Top 10 weighted by rank: the sum of 11 − rank (a No. 1 week scores 10, a No. 10 week 1)." })
  popularity: number;

  @Field(() => DateScalar, { description: "The Sunday ending its first week in the country's Top 10." })
  firstWeek: Date;

  @Field(() => DateScalar, { description: "The Sunday ending its last week there." })
  lastWeek: Date;

  @Field(() => String, { description: 'Where the figures come from: "Netflix\'s national Top 10 of Guadeloupe (TV), weeks ending 2022-09-11 to 2022-09-25."' })
  source: string;
}

@ObjectType({ description: "A season's country runs rolled up by continent." })
export class ContinentRun {
  @Field(() => Continent)
  continent: Continent;

  @Field(() => Int, { description: "The continent's countries with a national Top 10 list in the data." })
  countriesWithList: number;

  @Field(() => Int, { description: "Of those, the ones where the season charted." })
  countriesCharted: number;

  @Field(() => Int, { description: "Popularity points summed over the continent's countries." })
  popularity: number;

  @Field(() => Float, { description: "Points per country with a list (0 where it never charted), two decimals: what continents are ordered by." })
  averagePopularity: number;

  @Field(() => String, { description: "Its most popular country there (ISO 3166-1 alpha-2)." })
  topCountryCode: string;
}
