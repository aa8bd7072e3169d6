import { canSeeUnpublished } from "../common/context.js";
import type { Lookup } from "../common/lookup.js";
import { groupByKey, indexByKey } from "../common/request-scope.js";
import { RequestService } from "../common/service.js";
import type { Prisma } from "../db/prisma.js";
import type { Show } from "../shows/show.types.js";
import type { ArticleListArgs } from "./article.args.js";
import type { Article } from "./article.types.js";

const newestFirst = [{ publishedAt: { sort: "desc", nulls: "last" } }, { id: "desc" }] as const;

export class ArticleService extends RequestService {
  /**
   * The one place that decides which articles a request may see; every query below goes through it,
   * so drafts cannot leak through lists, nested fields or lookups.
   */
  private visible(where: Prisma.ArticleWhereInput = {}): Prisma.ArticleWhereInput {
    const viewer = this.context.viewer;
    if (canSeeUnpublished(viewer)) return where;
    // Writers also see their own unpublished work; everyone else sees published articles only.
    const readable: Prisma.ArticleWhereInput = viewer
      ? { OR: [{ status: "PUBLISHED" }, { authorId: viewer.id }] }
      : { status: "PUBLISHED" };
    return { AND: [where, readable] };
  }

  private articlesById() {
    return this.context.scope.loader<number, Article | null>("articles.byId", async (ids) =>
      indexByKey(ids, await this.prisma.article.findMany({ where: this.visible({ id: { in: [...ids] } }) }), (a) => a.id),
    );
  }

  /** By id or slug; a former slug of a published article still finds it. */
  async find(lookup: Lookup): Promise<Article | null> {
    if ("id" in lookup) return this.articlesById().load(lookup.id);
    const bySlug = await this.prisma.article.findFirst({ where: this.visible({ slug: lookup.slug }) });
    if (bySlug) return bySlug;
    const alias = await this.prisma.articleSlugAlias.findUnique({ where: { slug: lookup.slug } });
    return alias ? this.articlesById().load(alias.articleId) : null;
  }

  findById(id: number): Promise<Article | null> {
    return this.articlesById().load(id);
  }

  list(args: ArticleListArgs): Promise<Article[]> {
    return this.prisma.article.findMany({
      where: this.visible(args.status ? { status: args.status } : {}),
      orderBy: [...newestFirst],
      take: args.first,
      skip: args.skip,
    });
  }

  articlesOfShow(showId: number): Promise<Article[]> {
    return this.context.scope
      .loader<number, Article[]>("articles.byShow", async (showIds) => {
        const links = await this.prisma.articleShow.findMany({
          where: { showId: { in: [...showIds] }, article: this.visible() },
          include: { article: true },
          orderBy: [{ article: { publishedAt: { sort: "desc", nulls: "last" } } }, { articleId: "desc" }],
        });
        return groupByKey(showIds, links, (link) => link.showId).map((group) => group.map((link) => link.article));
      })
      .load(showId);
  }

  showsOfArticle(articleId: number): Promise<Show[]> {
    return this.context.scope
      .loader<number, Show[]>("articles.showsByArticle", async (articleIds) => {
        const links = await this.prisma.articleShow.findMany({
          where: { articleId: { in: [...articleIds] } },
          include: { show: true },
          orderBy: [{ show: { title: "asc" } }],
        });
        return groupByKey(articleIds, links, (link) => link.articleId).map((group) => group.map((link) => link.show));
      })
      .load(articleId);
  }
}
