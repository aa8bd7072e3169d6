import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { connectionType } from "../common/connection.js";
import { Platform, RatingSource, RenewalStatus, ShowKind } from "../db/generated/enums.js";
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

export { Platform, RatingSource, RenewalStatus, ShowKind };

@ObjectType({ description: "A series or film on a streaming service." })
export class Show {
  @Field(() => ID)
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

  @Field(() => RenewalStatus, { description: "The current renewal status." })
  status: RenewalStatus;

  @Field(() => DateScalar, { nullable: true, description: "When the current status was announced." })
  statusAnnouncedAt: Date | null;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar)
  updatedAt: Date;
}

@ObjectType({ description: "One season of a show." })
export class Season {
  @Field(() => ID)
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

@ObjectType({ description: "A score from a review aggregator or audience poll." })
export class Rating {
  @Field(() => ID)
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

@ObjectType({ description: "A change of a show's renewal status." })
export class StatusChange {
  @Field(() => ID)
  id: number;

  showId: number;
  articleId: number | null;

  @Field(() => RenewalStatus)
  status: RenewalStatus;

  @Field(() => RenewalStatus, { nullable: true })
  previousStatus: RenewalStatus | null;

  @Field(() => Int, { nullable: true, description: "The season the decision is about." })
  seasonNumber: number | null;

  @Field(() => DateScalar)
  announcedAt: Date;
}

export const ShowConnection = connectionType("Show", Show);
