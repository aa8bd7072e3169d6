import { findPage, idKey, type Connection, type ConnectionArgs, type Ordering } from "../common/connection.js";
import { globalId } from "../common/node.js";
import { canSeeUnpublished, type Viewer } from "../common/context.js";
import { notFound, unauthenticated } from "../common/errors.js";
import { RequestService } from "../common/service.js";
import type { Prisma } from "../db/prisma.js";
import type { Article } from "./article.types.js";
import { renderMarkdown } from "./markdown.js";

const oldestSubmissionFirst: Ordering<Article> = {
  name: "submitted",
  keys: [
    { field: "submittedAt", direction: "asc", nullable: true, kind: "date", of: (a) => a.submittedAt },
    idKey("asc"),
  ],
};
const soonestPublishFirst: Ordering<Article> = {
  name: "publish-at",
  keys: [{ field: "publishAt", direction: "asc", nullable: true, kind: "date", of: (a) => a.publishAt }, idKey("asc")],
};
const recentlyUpdatedFirst: Ordering<Article> = {
  name: "-updated",
  keys: [{ field: "updatedAt", direction: "desc", kind: "date", of: (a) => a.updatedAt }, idKey("desc")],
};
const recentlyDeletedFirst: Ordering<Article> = {
  name: "-deleted",
  keys: [{ field: "deletedAt", direction: "desc", nullable: true, kind: "date", of: (a) => a.deletedAt }, idKey("desc")],
};

export interface ArticlePreviewContent {
  articleId: number;
  revisionNumber: number;
  title: string;
  slug: string;
  summary: string | null;
  bodyHtml: string;
}

/**
 * The editors' work lists and previews. Roles are checked by the resolvers; what each list holds
 * (never a deleted draft, except in deletedArticles) is decided here.
 */
export class EditorialQueueService extends RequestService {
  private get viewer(): Viewer {
    if (!this.context.viewer) throw unauthenticated("Sign in to see editorial queues.");
    return this.context.viewer;
  }

  reviewQueue(args: ConnectionArgs): Promise<Connection<Article>> {
    return this.page(args, oldestSubmissionFirst, { status: "IN_REVIEW", deletedAt: null });
  }

  scheduled(args: ConnectionArgs): Promise<Connection<Article>> {
    return this.page(args, soonestPublishFirst, { status: "SCHEDULED", deletedAt: null });
  }

  myDrafts(args: ConnectionArgs): Promise<Connection<Article>> {
    return this.page(args, recentlyUpdatedFirst, { status: "DRAFT", authorId: this.viewer.id, deletedAt: null });
  }

  deletedArticles(args: ConnectionArgs): Promise<Connection<Article>> {
    return this.page(args, recentlyDeletedFirst, { deletedAt: { not: null } });
  }

  /** A revision rendered as readers would see it, for the author and editors only. */
  async preview(articleId: number, revisionNumber: number): Promise<ArticlePreviewContent> {
    const article = await this.prisma.article.findUnique({ where: { id: articleId }, select: { authorId: true, deletedAt: true } });
    if (!article || article.deletedAt || (!canSeeUnpublished(this.viewer) && article.authorId !== this.viewer.id)) {
      throw notFound(`No article with id ${globalId("Article", articleId)}.`, "articleId");
    }
    const revision = await this.prisma.articleRevision.findUnique({
      where: { articleId_number: { articleId, number: revisionNumber } },
      select: { number: true, title: true, slug: true, summary: true, body: true },
    });
    if (!revision) throw notFound(`Article ${globalId("Article", articleId)} has no revision ${revisionNumber}.`, "revisionNumber");
    return {
      articleId,
      revisionNumber: revision.number,
      title: revision.title,
      slug: revision.slug,
      summary: revision.summary,
      bodyHtml: renderMarkdown(revision.body),
    };
  }

  private page(args: ConnectionArgs, ordering: Ordering<Article>, where: Prisma.ArticleWhereInput): Promise<Connection<Article>> {
    return findPage(
      args,
      ordering,
      where,
      (query) => this.prisma.article.findMany(query as Prisma.ArticleFindManyArgs),
      (filter) => this.prisma.article.count({ where: filter }),
    );
  }
}
