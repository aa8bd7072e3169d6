import { Field, Float, Int, ObjectType } from "type-graphql";
import { DateTimeScalar } from "../common/scalars.js";
import { Season, Show } from "../shows/show.types.js";
import { ChartCategory } from "./chart.types.js";

@ObjectType({ description: "One title on Netflix's all-time Most Popular list: a global list's top 10 by views in the first 91 days." })
export class MostPopularEntry {
  showId: number | null;
  seasonId: number | null;

  @Field(() => ChartCategory, { description: "The global list it tops." })
  category: string;

  @Field(() => Int, { description: "1 to 10, by views in the first 91 days." })
  rank: number;

  @Field(() => String, { description: "The show title as the file spells it." })
  showTitle: string;

  @Field(() => String, { nullable: true, description: "The season title as the file spells it; null for films." })
  seasonTitle: string | null;

  @Field(() => Float, { description: "Netflix's hours viewed in the first 91 days." })
  hoursFirst91Days: number;

  @Field(() => Float, { description: "Netflix's views (hours ÷ runtime) in the first 91 days." })
  viewsFirst91Days: number;

  @Field(() => Float, { nullable: true, description: "Runtime in hours, as Netflix gives it." })
  runtimeHours: number | null;

  @Field(() => Show, { nullable: true, description: "The show the Top 10 matcher finds for the title; null when no imported Top 10 file had it." })
  show: Show | null;

  @Field(() => Season, { nullable: true, description: "The season it matched; null for films and unmatched titles." })
  season: Season | null;

  @Field(() => String, { description: 'Where it came from: "Netflix\'s Most Popular list (most-popular.tsv line 4, imported 2026-12-02)".' })
  source: string;

  @Field(() => DateTimeScalar, { description: "When the file was imported." })
  importedAt: Date;
}

@ObjectType({ description: "Where a season stands against Netflix's Most Popular list of its global list." })
export class MostPopularPosition {
  @Field(() => ChartCategory, { description: "The list it debuted in, whose Most Popular entries it is measured against." })
  category: string;

  @Field(() => MostPopularEntry, { nullable: true, description: "Netflix's own entry for this season, when it is on the list." })
  listed: MostPopularEntry | null;

  @Field(() => Float, {
    nullable: true,
    description:
      "OUR ESTIMATE, not Netflix's: the views of its first-run weeks in the weekly Top 10 that end within 91 days of its debut week's Monday. " +
      "Weeks outside the Top 10 have no published figure, so it is a lower bound; null when a week's views are unknown.",
  })
  estimatedViewsFirst91Days: number | null;

  @Field(() => Int, { description: "How many weekly figures the estimate sums (at most 13)." })
  estimateWeeks: number;

  @Field(() => Int, { nullable: true, description: "Where the estimate would rank on the list (1 to 10, ties going to the entry already there); null when below the 10th or unknown." })
  estimatedRank: number | null;

  @Field(() => String, { description: "The position in words, saying which figure is Netflix's and which is ours." })
  summary: string;
}
