import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { Node } from "../common/node.js";
import { connectionType } from "../common/connection.js";
import { Platform, RatingSource, RenewalStatus, ShowKind, StatusFactOrigin } from "../db/generated/enums.js";
import { DateScalar, DateTimeScalar, NonNegativeIntScalar } from "../common/scalars.js";

registerEnumType(ShowKind, { name: "ShowKind", description: "What kind of title a show is." });
registerEnumType(Platform, { name: "Platform", description: "The streaming service a show is on." });
registerEnumType(RenewalStatus, {
  name: "RenewalStatus",
  description: "Whether a show is coming back.",
  valuesConfig: {
    PENDING: { description: "No decision announced yet." },
    RENEWED: { description: "Renewed for another season." },
    CANCELED: { description: "Canceled before its story was meant to end." },
    ENDED: { description: "Finished as planned (final season or limited run)." },
  },
});
registerEnumType(RatingSource, { name: "RatingSource", description: "Where a rating comes from." });

export { Platform, RatingSource, RenewalStatus, ShowKind, StatusFactOrigin };

@ObjectType({ implements: Node, description: "A series or film on a streaming service." })
export class Show {
  id: number;

  @Field(() => String, { description: "Stable, unique, URL-safe name." })
  slug: string;

  @Field(() => String)
  title: string;

  @Field(() => String, { nullable: true })
  synopsis: string | null;

  @Field(() => [String])
  genres: string[];

  @Field(() => ShowKind)
  kind: ShowKind;

  @Field(() => Platform)
  platform: Platform;

  @Field(() => Boolean, { description: "Commissioned by the platform (a Netflix original, say)." })
  isOriginal: boolean;

  @Field(() => String, { nullable: true, description: "ISO 639-1 code of the original language." })
  originalLanguage: string | null;

  @Field(() => DateScalar, { nullable: true })
  premiereDate: Date | null;

  @Field(() => [String], { description: "ISO 3166-1 alpha-2 codes of the countries that produced it (from metadata imports)." })
  countries: string[];

  @Field(() => NonNegativeIntScalar, { nullable: true, description: "A film's running time in minutes (a series' runtimes are its seasons')." })
  runtimeMinutes: number | null;

  @Field(() => String, { nullable: true, description: "The content rating the platform shows (TV-MA, PG-13 ...)." })
  contentRating: string | null;

  @Field(() => RenewalStatus, { description: "The current renewal status, derived from the standing facts in `statusHistory`." })
  status: RenewalStatus;

  @Field(() => DateScalar, { nullable: true, description: "When the network announced the current status (the deciding fact's date)." })
  statusAnnouncedAt: Date | null;

  @Field(() => Int, { description: "Bumped by every editor's save of the show or its parts; edits name it as `baseVersion`." })
  version: number;

  updatedById: number | null;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar)
  updatedAt: Date;
}

@ObjectType({ implements: Node, description: "One season of a show." })
export class Season {
  id: number;

  showId: number;

  @Field(() => Int)
  number: number;

  @Field(() => String, { nullable: true })
  title: string | null;

  @Field(() => NonNegativeIntScalar, { nullable: true, description: "Null when not known." })
  episodeCount: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "Total runtime in hours as Netflix publishes it (e.g. 1.9667); views = hours viewed ÷ runtime.",
  })
  runtimeHours: number | null;

  @Field(() => DateScalar, { nullable: true })
  releaseDate: Date | null;
}

@ObjectType({ implements: Node, description: "A score from a review aggregator or audience poll." })
export class Rating {
  id: number;

  showId: number;
  seasonId: number | null;

  @Field(() => RatingSource)
  source: RatingSource;

  @Field(() => Float, { nullable: true, description: "Null when the source has no score yet (not enough reviews)." })
  score: number | null;

  @Field(() => Int, { description: "The top of the source's scale: 10 for IMDb, 100 for Rotten Tomatoes." })
  scaleMax: number;

  @Field(() => NonNegativeIntScalar, { nullable: true })
  voteCount: number | null;

  @Field(() => DateScalar, { description: "When the score was read." })
  asOf: Date;
}

registerEnumType(StatusFactOrigin, {
  name: "StatusFactOrigin",
  description: "How a status fact entered the record.",
  valuesConfig: {
    ARTICLE: { description: "Reported by a published renewal article (its verdict)." },
    EDITOR: { description: "Recorded by an editor from the network's own source (`sourceUrl`)." },
    SEED: { description: "Part of the seed data the service started with." },
  },
});

@ObjectType({ implements: Node, description:
    "A renewal-status fact: what the network announced about a show, when, and where we have it from. " +
    "The show's current status is derived from its standing (non-retracted) facts: the latest announcement wins.",
})
export class StatusChange {
  id: number;

  showId: number;
  /** The articles that reported the fact, first report first (visibility is decided where they are resolved). */
  sourceArticleIds: number[];
  recordedById: number | null;
  retractedAt: Date | null;
  retractedById: number | null;
  retractionReason: string | null;
  retractedWithArticleId: number | null;
  createdAt: Date;

  @Field(() => RenewalStatus)
  status: RenewalStatus;

  @Field(() => RenewalStatus, {
    nullable: true,
    description: "The status standing just before this fact among the standing facts (PENDING before the first).",
  })
  previousStatus: RenewalStatus | null;

  @Field(() => Int, { nullable: true, description: "The season the decision is about." })
  seasonNumber: number | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: "When the network announced it (not when Greenlight reported it); null when the date is not known.",
  })
  announcedAt: Date | null;

  @Field(() => String, { nullable: true, description: "The network's own announcement or another primary source." })
  sourceUrl: string | null;

  @Field(() => StatusFactOrigin)
  origin: StatusFactOrigin;

  @Field(() => DateTimeScalar, { description: "When the fact was recorded in Greenlight; breaks ties between same-day announcements." })
  recordedAt: Date;
}

@ObjectType({ description: "Why and by whom a status fact was retracted. Only editors see retracted facts." })
export class StatusRetraction {
  retractedById: number | null;
  articleId: number | null;

  @Field(() => DateTimeScalar)
  retractedAt: Date;

  @Field(() => String)
  reason: string;

  @Field(() => Boolean, {
    description: "Retracted because its only source article was unpublished or archived; publishing it again restores the fact.",
  })
  automatic: boolean;
}

export const ShowConnection = connectionType("Show", Show);
