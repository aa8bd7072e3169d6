import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { RenewalStatus, Season, Show } from "../shows/show.types.js";
import { OUTLOOK_REASON_CODES, type OutlookReasonCode as OutlookReasonCodeValue } from "./outlook.js";

export enum OutlookVerdict {
  LIKELY_RENEWED = "LIKELY_RENEWED",
  AT_RISK = "AT_RISK",
  LIKELY_CANCELED = "LIKELY_CANCELED",
  TOO_EARLY = "TOO_EARLY",
}
registerEnumType(OutlookVerdict, { name: "OutlookVerdict", description: "What the chart data says about renewal." });

export enum ReasonEffect {
  POSITIVE = "POSITIVE",
  NEGATIVE = "NEGATIVE",
  NEUTRAL = "NEUTRAL",
}
registerEnumType(ReasonEffect, { name: "ReasonEffect", description: "Which way a signal pushes the outlook." });

/** The rule's signal codes as an enum object (GraphQL name = value), from the rule's own list. */
export const OutlookReasonCode = Object.fromEntries(OUTLOOK_REASON_CODES.map((code) => [code, code])) as { [Code in OutlookReasonCodeValue]: Code };
registerEnumType(OutlookReasonCode, { name: "OutlookReasonCode", description: "The signals of the renewal outlook rule (documented in the README)." });

@ObjectType("OutlookReason", { description: "One signal behind an outlook." })
export class OutlookReasonType {
  @Field(() => OutlookReasonCode, { description: "Machine-readable: which signal this is." })
  code: OutlookReasonCodeValue;

  @Field(() => ReasonEffect)
  effect: ReasonEffect;

  @Field(() => Int, { description: "Points it adds to the score." })
  weight: number;

  @Field(() => String, { description: "Plain English." })
  explanation: string;
}

@ObjectType({ description: "The renewal outlook from the chart data, with its reasons (rule documented in the README)." })
export class RenewalOutlook {
  @Field(() => OutlookVerdict)
  outlook: OutlookVerdict;

  @Field(() => Int, { description: "Sum of the reasons' weights: ≥ 2 likely renewed, ≤ −2 likely canceled." })
  score: number;

  @Field(() => [OutlookReasonType])
  reasons: OutlookReasonType[];
}

@ObjectType({ description: "A season where the outlook made a call that the show's actual status contradicts." })
export class BacktestDisagreement {
  @Field(() => Show)
  show: Show;

  @Field(() => Season)
  season: Season;

  @Field(() => OutlookVerdict)
  outlook: OutlookVerdict;

  @Field(() => RenewalStatus, { description: "The show's actual status." })
  status: RenewalStatus;
}

@ObjectType({ description: "How often the outlook agreed with decisions already made." })
export class OutlookBacktest {
  @Field(() => Int, { description: "Seasons of shows with a known status that have chart data." })
  evaluated: number;

  @Field(() => Int)
  agreed: number;

  @Field(() => Int)
  disagreed: number;

  @Field(() => Int, { description: "AT_RISK or TOO_EARLY: no call made." })
  noCall: number;

  @Field(() => [BacktestDisagreement])
  disagreements: BacktestDisagreement[];
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

@ObjectType({ description: "Where a season charted in one country." })
export class CountryRun {
  @Field(() => String)
  countryCode: string;

  @Field(() => String, { nullable: true })
  countryName: string | null;

  @Field(() => Int)
  weeks: number;

  @Field(() => Int)
  bestRank: number;
}
