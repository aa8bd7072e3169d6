import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { Node } from "../common/node.js";
import { connectionType } from "../common/connection.js";
import { ArticleStatus } from "../db/generated/enums.js";
import { DateScalar, DateTimeScalar } from "../common/scalars.js";
import { RenewalStatus } from "../shows/show.types.js";

registerEnumType(ArticleStatus, {
  name: "ArticleStatus",
  description: "Where an article is in the editorial workflow. Anonymous readers only ever see PUBLISHED.",
});
export { ArticleStatus };


/** Why a revision was saved (the column holds these names). */
export enum RevisionReason {
  CREATE = "CREATE",
  UPDATE = "UPDATE",
  RESTORE = "RESTORE",
}
registerEnumType(RevisionReason, {
  name: "RevisionReason",
  description: "Why an article revision exists.",
  valuesConfig: {
    CREATE: { description: "The article's first save." },
    UPDATE: { description: "An edit of its content." },
    RESTORE: { description: "An earlier revision's content, restored." },
  },
});

@ObjectType({ implements: Node, description: "A news article, such as a renewal report." })
export class Article {
  id: number;

  authorId: number | null;

  @Field(() => String)
  slug: string;

  @Field(() => String)
  title: string;

  @Field(() => String, { nullable: true })
  summary: string | null;

  @Field(() => String, { description: "The body as Markdown." })
  body: string;

  @Field(() => ArticleStatus)
  status: ArticleStatus;

  @Field(() => RenewalStatus, { nullable: true, description: "For renewal articles: the verdict reported." })
  verdict: RenewalStatus | null;

  @Field(() => Int, { nullable: true, description: "For renewal articles: the season in question." })
  seasonNumber: number | null;

  @Field(() => DateScalar, { nullable: true, description: "For renewal articles: when the network announced the verdict, as the article states it." })
  verdictAnnouncedAt: Date | null;

  @Field(() => String, { nullable: true, description: "For renewal articles: the network's own announcement, when linked." })
  verdictSourceUrl: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "When the article was first published." })
  publishedAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "When a SCHEDULED article is due to be published." })
  publishAt: Date | null;

  @Field(() => Int, {
    description: "Number of the newest saved revision. Pass it as `baseVersion` when updating, so no save overwrites another.",
  })
  version: number;

  renewalShowId: number | null;
  publishedRevisionId: number | null;
  reviewNote: string | null;
  submittedAt: Date | null;
  deletedAt: Date | null;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar)
  updatedAt: Date;
}

@ObjectType({ implements: Node, description: "A saved state of an article's content. Every save makes one; none is ever changed." })
export class ArticleRevision {
  id: number;

  articleId: number;
  editorId: number | null;
  renewalShowId: number | null;

  @Field(() => Int, { description: "1 for the first save, then one more per save." })
  number: number;

  @Field(() => String)
  title: string;

  @Field(() => String)
  slug: string;

  @Field(() => String, { nullable: true })
  summary: string | null;

  @Field(() => String, { description: "Markdown source." })
  body: string;

  @Field(() => RenewalStatus, { nullable: true })
  verdict: RenewalStatus | null;

  @Field(() => Int, { nullable: true })
  seasonNumber: number | null;

  @Field(() => DateScalar, { nullable: true })
  verdictAnnouncedAt: Date | null;

  @Field(() => String, { nullable: true })
  verdictSourceUrl: string | null;

  /** Exposed as the shows' global ids by ArticleRevisionResolver. */
  showIds: number[];

  @Field(() => [String], { description: "Content fields that differ from the previous revision." })
  changedFields: string[];

  // A string column holding RevisionReason's names (see editorial.service.ts), served as the enum.
  @Field(() => RevisionReason, { description: "Why this revision exists." })
  reason: string;

  @Field(() => DateTimeScalar)
  createdAt: Date;
}

@ObjectType({ description: "A revision as readers would see it once published: for the author and editors only." })
export class ArticlePreview {
  /** Exposed as the article's global id by ArticlePreviewResolver. */
  articleId: number;

  @Field(() => Int)
  revisionNumber: number;

  @Field(() => String)
  title: string;

  @Field(() => String)
  slug: string;

  @Field(() => String, { nullable: true })
  summary: string | null;

  @Field(() => String, { description: "The body rendered to sanitized HTML, exactly as bodyHtml will be." })
  bodyHtml: string;
}

export const ArticleConnection = connectionType("Article", Article);
export const ArticleRevisionConnection = connectionType("ArticleRevision", ArticleRevision);
