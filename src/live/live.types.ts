import { Field, ObjectType } from "type-graphql";
import { Article } from "../articles/article.types.js";
import { Show } from "../shows/show.types.js";

/** The verb of the first message of every subscription: the state when it started, before any change. */
export const SUBSCRIBED = "subscribed";

@ObjectType({ description: "A change to one article, as the subscriber may see it (re-read for them at delivery)." })
export class ArticleChange {
  @Field(() => String, {
    description:
      'What happened: the audit verb ("article.updated", "article.submitted", "article.published", …), "article.editing_started" or ' +
      '"article.editing_stopped" when someone opens or closes it for editing; "subscribed" for the first message.',
  })
  action: string;

  @Field(() => Article, { description: "The article as it is now, for this subscriber." })
  article: Article;

  /** Who made the change (resolved as `by`). */
  actorId: number | null;
  /** Who has the article open for editing (resolved as `editing`). */
  editorIds: number[];
}

@ObjectType({ description: "An article entered or left the review queue (IN_REVIEW)." })
export class ReviewQueueChange {
  @Field(() => String, { description: 'The workflow verb ("article.submitted", "article.withdrawn", …); "subscribed" for the first message.' })
  action: string;

  @Field(() => Article, { nullable: true, description: "The article as it is now; null in the first message." })
  article: Article | null;

  @Field(() => Boolean, { nullable: true, description: "Whether the article is in the review queue now; null in the first message." })
  inReview: boolean | null;
}

@ObjectType({ description: "A show's status facts changed (a renewal, cancellation or their retraction)." })
export class ShowStatusChange {
  @Field(() => String, { description: 'The audit verb ("status_fact.recorded", …); "subscribed" for the first message.' })
  action: string;

  @Field(() => Show, { description: "The show as it is now." })
  show: Show;
}
