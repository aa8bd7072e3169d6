import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { globalId, IsGlobalId, rowIdOf } from "../common/node.js";
import { Length, Min } from "class-validator";
import { Author } from "../auth/author.types.js";
import { UserService } from "../auth/user.service.js";
import { ConnectionArgs } from "../common/connection.js";
import type { RequestContext } from "../common/context.js";
import { IdArgs } from "../common/lookup.js";
import { IsNotBlank } from "../common/text.js";
import { restrictedField, restrictedQuery } from "../common/restricted.js";
import { serviceFor } from "../common/service.js";
import { ShowService } from "../shows/show.service.js";
import { Show } from "../shows/show.types.js";
import { CreateArticleInput, ScheduleArticleInput, UpdateArticleInput } from "./article.inputs.js";
import { Article, ArticleConnection, ArticlePreview, ArticleRevision, ArticleRevisionConnection } from "./article.types.js";
import { EditorialService } from "./editorial.service.js";
import { EditorialQueueService } from "./queues.service.js";
import { DateTimeScalar } from "../common/scalars.js";
import { renderMarkdown } from "./markdown.js";

@ArgsType()
class RevisionListArgs extends ConnectionArgs {
  @Field(() => ID, { description: "The article's id." })
  @IsGlobalId("Article")
  id: string;
}

@ArgsType()
class PublishArgs extends IdArgs {
  @Field(() => Boolean, { defaultValue: false, description: "Publish even though claims no longer hold; recorded in the audit log." })
  overrideStaleFacts: boolean;
}

@ArgsType()
class RequestChangesArgs extends IdArgs {
  @Field(() => String, { description: "What the writer should change." })
  @Length(1, 2000)
  @IsNotBlank()
  note: string;
}

@ArgsType()
class RestoreRevisionArgs {
  @Field(() => ID, { description: "The article whose revision to restore." })
  @IsGlobalId("Article")
  articleId: string;

  @Field(() => Int, { description: "The revision's `number`." })
  @Min(1)
    revisionNumber: number;

  @Field(() => Int, { description: "The article's `version` this restore is based on." })
  @Min(1)
  baseVersion: number;
}

@ArgsType()
class PreviewArgs {
  @Field(() => ID, { description: "The article to preview." })
  @IsGlobalId("Article")
  articleId: string;

  @Field(() => Int, { description: "The revision's `number`." })
  @Min(1)
    revisionNumber: number;
}

const editorial = (context: RequestContext) => serviceFor(context, EditorialService);
const queues = (context: RequestContext) => serviceFor(context, EditorialQueueService);

/** Who may read an article's editing state (see EditorialService.mayEdit). */
const ARTICLE_EDITORS = "the article's author, editors and admins";

/** Mutations of the editorial workflow; who may do what is enforced here (roles) and in the service (ownership). */
@Resolver(() => Article)
export class EditorialResolver {
  @Authorized("WRITER")
  @Mutation(() => Article, { description: "Starts a DRAFT; the slug comes from the title unless given." })
  createArticle(@Arg("input", () => CreateArticleInput, { description: "The fields to write (see CreateArticleInput)." }) input: CreateArticleInput, @Ctx() context: RequestContext) {
    return editorial(context).create(input);
  }

  @Authorized("WRITER")
  @Mutation(() => Article, {
    description:
      "Saves a new revision. Edits to a PUBLISHED article wait as a draft until the next publishArticle; " +
      "a stale `baseVersion` is a CONFLICT naming who saved in between.",
  })
  updateArticle(@Arg("input", () => UpdateArticleInput, { description: "The fields to write (see UpdateArticleInput)." }) input: UpdateArticleInput, @Ctx() context: RequestContext) {
    return editorial(context).update(input);
  }

  @Authorized("WRITER")
  @Mutation(() => Article, { description: "DRAFT → IN_REVIEW." })
  submitForReview(@Args(() => IdArgs) { id }: IdArgs, @Ctx() context: RequestContext) {
    return editorial(context).submitForReview(rowIdOf("Article", id, "id"));
  }

  @Authorized("EDITOR")
  @Mutation(() => Article, { description: "IN_REVIEW or SCHEDULED → DRAFT, with a note for the writer." })
  requestChanges(@Args(() => RequestChangesArgs) { id, note }: RequestChangesArgs, @Ctx() context: RequestContext) {
    return editorial(context).requestChanges(rowIdOf("Article", id, "id"), note);
  }

  @Authorized("EDITOR")
  @Mutation(() => Article, { description: "→ SCHEDULED: published automatically at `publishAt`, once, even if a server was down." })
  scheduleArticle(@Arg("input", () => ScheduleArticleInput, { description: "The fields to write (see ScheduleArticleInput)." }) input: ScheduleArticleInput, @Ctx() context: RequestContext) {
    return editorial(context).schedule(rowIdOf("Article", input.id, "input.id"), input.publishAt);
  }

  @Authorized("EDITOR")
  @Mutation(() => Article, {
    description:
      "→ PUBLISHED, in one transaction. The article's claims are checked first: a verdict contradicted by a fact " +
      "recorded since it was written, or a quoted chart figure Netflix has revised, refuses the publish with " +
      "STALE_FACTS listing each claim (`extensions.claims`), unless `overrideStaleFacts` (audited). A renewal verdict " +
      "then becomes a status fact of the show, or a further source of the standing one.",
  })
  publishArticle(@Args(() => PublishArgs) { id, overrideStaleFacts }: PublishArgs, @Ctx() context: RequestContext) {
    return editorial(context).publish(rowIdOf("Article", id, "id"), overrideStaleFacts);
  }

  @Authorized("EDITOR")
  @Mutation(() => Article, { description: "PUBLISHED or SCHEDULED → DRAFT." })
  unpublishArticle(@Args(() => IdArgs) { id }: IdArgs, @Ctx() context: RequestContext) {
    return editorial(context).unpublish(rowIdOf("Article", id, "id"));
  }

  @Authorized("EDITOR")
  @Mutation(() => Article, { description: "DRAFT or PUBLISHED → ARCHIVED (no longer public)." })
  archiveArticle(@Args(() => IdArgs) { id }: IdArgs, @Ctx() context: RequestContext) {
    return editorial(context).archive(rowIdOf("Article", id, "id"));
  }

  @Authorized("WRITER")
  @Mutation(() => Article, { description: "IN_REVIEW → DRAFT: the author takes their submission back." })
  withdrawSubmission(@Args(() => IdArgs) { id }: IdArgs, @Ctx() context: RequestContext) {
    return editorial(context).withdrawSubmission(rowIdOf("Article", id, "id"));
  }

  @Authorized("EDITOR")
  @Mutation(() => Article, { description: "ARCHIVED → DRAFT (showing the newest revision); publishArticle puts it live again." })
  unarchiveArticle(@Args(() => IdArgs) { id }: IdArgs, @Ctx() context: RequestContext) {
    return editorial(context).unarchive(rowIdOf("Article", id, "id"));
  }

  @Authorized("WRITER")
  @Mutation(() => Article, {
    description:
      "Deletes a DRAFT (writers: their own): hidden everywhere, restorable by editors with restoreArticle until it is purged " +
      "(DELETED_ARTICLE_RETENTION, 30 days). Published articles are unpublished or archived instead.",
  })
  deleteArticle(@Args(() => IdArgs) { id }: IdArgs, @Ctx() context: RequestContext) {
    return editorial(context).delete(rowIdOf("Article", id, "id"));
  }

  @Authorized("EDITOR")
  @Mutation(() => Article, { description: "Brings a deleted draft back, as it was, until it is purged." })
  restoreArticle(@Args(() => IdArgs) { id }: IdArgs, @Ctx() context: RequestContext) {
    return editorial(context).restoreDeleted(rowIdOf("Article", id, "id"));
  }

  @Authorized("EDITOR")
  @Query(() => ArticleConnection, restrictedQuery("Articles waiting for review (IN_REVIEW), oldest submission first.", "editors and admins"))
  reviewQueue(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: RequestContext) {
    return queues(context).reviewQueue(args);
  }

  @Authorized("EDITOR")
  @Query(() => ArticleConnection, restrictedQuery("SCHEDULED articles, the next to be published first.", "editors and admins"))
  scheduled(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: RequestContext) {
    return queues(context).scheduled(args);
  }

  @Authorized("WRITER")
  @Query(() => ArticleConnection, restrictedQuery("The signed-in user's own DRAFTs, most recently updated first.", "signed-in staff"))
  myDrafts(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: RequestContext) {
    return queues(context).myDrafts(args);
  }

  @Authorized("EDITOR")
  @Query(() => ArticleConnection, restrictedQuery("Deleted drafts not yet purged, most recently deleted first.", "editors and admins"))
  deletedArticles(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: RequestContext) {
    return queues(context).deletedArticles(args);
  }

  @Authorized("WRITER")
  @Query(() => ArticlePreview, restrictedQuery("A revision as readers would see it.", "the article's author, editors and admins"))
  articlePreview(@Args(() => PreviewArgs) args: PreviewArgs, @Ctx() context: RequestContext) {
    return queues(context).preview(rowIdOf("Article", args.articleId, "articleId"), args.revisionNumber);
  }

  @Authorized("WRITER")
  @Mutation(() => Article, { description: "Brings an old revision back as a new, newest revision." })
  restoreRevision(@Args(() => RestoreRevisionArgs) args: RestoreRevisionArgs, @Ctx() context: RequestContext) {
    return editorial(context).restoreRevision(rowIdOf("Article", args.articleId, "articleId"), args.revisionNumber, args.baseVersion);
  }

  @Authorized("WRITER")
  @Query(() => ArticleRevisionConnection, restrictedQuery("Every saved revision of an article, newest first.", "the article's author, editors and admins"))
  articleRevisions(@Args(() => RevisionListArgs) { id, ...page }: RevisionListArgs, @Ctx() context: RequestContext) {
    return editorial(context).revisions(rowIdOf("Article", id, "id"), page);
  }

  @FieldResolver(() => String, { description: "The body rendered to sanitized HTML." })
  bodyHtml(@Root() article: Article): string {
    return renderMarkdown(article.body);
  }

  @FieldResolver(() => Show, { nullable: true, description: "For renewal articles: the show in question." })
  renewalShow(@Root() article: Article, @Ctx() context: RequestContext): Promise<Show | null> | null {
    return article.renewalShowId === null ? null : serviceFor(context, ShowService).findById(article.renewalShowId);
  }

  @FieldResolver(() => ArticleRevision, restrictedField("The newest saved revision (the working draft).", ARTICLE_EDITORS))
  draft(@Root() article: Article, @Ctx() context: RequestContext): Promise<ArticleRevision | null> {
    return editorial(context).draftOf(article);
  }

  @FieldResolver(() => Boolean, restrictedField("Whether saved edits are waiting for the next publish.", ARTICLE_EDITORS))
  async hasUnpublishedChanges(@Root() article: Article, @Ctx() context: RequestContext): Promise<boolean | null> {
    if (!editorial(context).mayEdit(article)) return null;
    const draft = await editorial(context).draftOf(article);
    return article.status === "PUBLISHED" && draft !== null && draft.id !== article.publishedRevisionId;
  }

  @FieldResolver(() => String, restrictedField("What a reviewer asked to change.", ARTICLE_EDITORS))
  reviewNote(@Root() article: Article, @Ctx() context: RequestContext): string | null {
    return editorial(context).mayEdit(article) ? article.reviewNote : null;
  }

  @Authorized("WRITER")
  @FieldResolver(() => DateTimeScalar, { nullable: true, description: "When it was last submitted for review." })
  submittedAt(@Root() article: Article): Date | null {
    return article.submittedAt;
  }

  @Authorized("WRITER")
  @FieldResolver(() => DateTimeScalar, { nullable: true, description: "When it was deleted (only deletedArticles lists deleted drafts)." })
  deletedAt(@Root() article: Article): Date | null {
    return article.deletedAt;
  }
}

@Resolver(() => ArticleRevision)
export class ArticleRevisionResolver {
  @FieldResolver(() => [ID], { description: "The shows the article covers in this revision (their global ids)." })
  showIds(@Root() revision: ArticleRevision): string[] {
    return revision.showIds.map((id) => globalId("Show", id));
  }

  @FieldResolver(() => Author, { nullable: true, description: "Who saved this revision." })
  editor(@Root() revision: ArticleRevision, @Ctx() context: RequestContext): Promise<Author | null> | null {
    return revision.editorId === null ? null : serviceFor(context, UserService).author(revision.editorId);
  }

  @FieldResolver(() => String)
  bodyHtml(@Root() revision: ArticleRevision): string {
    return renderMarkdown(revision.body);
  }
}

@Resolver(() => ArticlePreview)
export class ArticlePreviewResolver {
  @FieldResolver(() => ID, { description: "The article's global id." })
  articleId(@Root() preview: ArticlePreview): string {
    return globalId("Article", preview.articleId);
  }
}
