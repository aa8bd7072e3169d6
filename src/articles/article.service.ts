import { type Connection, type NestedPage, findPage, orderingFor, loaderKey, nestedConnections, nestedPagePrefetch, nestedPageSelect, pageRequest } from "../common/connection.js";
import { booleanWhere, definite } from "../common/filters.js";
import { globalId, rowIdOf } from "../common/node.js";
import type { Prefetch, ResolveTree } from "../common/prefetch.js";
import { articleVisibility, visibleArticlesWhere } from "./visibility.js";
import { dateTimeRangeFilter } from "../common/ranges.js";
import type { Lookup } from "../common/lookup.js";
import { groupByKey, indexByKey } from "../common/request-scope.js";
import { RequestService } from "../common/service.js";
import { Prisma } from "../db/prisma.js";
import { columnsFor, type RowColumns } from "../common/columns.js";
import type { Show } from "../shows/show.types.js";
import { articleOrderings, type ArticleConnectionArgs, type ArticleWhere } from "./article.args.js";
import type { Article } from "./article.types.js";

/** The client's filter; the viewer's visibility is ANDed outside it (see `visible`), so no OR in it can widen that. */
function articleWhere(filter: ArticleWhere | undefined): Prisma.ArticleWhereInput {
  return booleanWhere(filter, articleConditions);
}

/** One level of an `ArticleWhere`: its own conditions, AND/OR/NOT aside. */
function articleConditions(filter: ArticleWhere, path: string): Prisma.ArticleWhereInput {
  return {
    status: filter.status ? { in: filter.status } : undefined,
    authorId: definite(filter.authorId == null ? undefined : { equals: rowIdOf(["Author", "User"], filter.authorId, "where.authorId") }),
    shows: filter.showId ? { some: { showId: rowIdOf("Show", filter.showId, "where.showId") } } : undefined,
    verdict: definite(filter.verdict ? { in: filter.verdict } : undefined),
    publishedAt: definite(dateTimeRangeFilter(filter.publishedAt, `${path}.publishedAt`)),
  };
}

/** What Article's computed fields read (see common/columns.ts); the editorial ones read the whole row. */
const articleColumns: RowColumns = {
  columns: Prisma.ArticleScalarFieldEnum,
  computed: { bodyHtml: ["body"], author: ["authorId"], renewalShow: ["renewalShowId"], shows: [], renewalWarnings: ["renewalShowId", "seasonNumber"] },
};

export class ArticleService extends RequestService {
  /**
   * Which articles a request may see (articles/visibility.ts); every query below goes through it,
   * so drafts cannot leak through lists, nested fields or lookups.
   */
  private visible(where: Prisma.ArticleWhereInput = {}): Prisma.ArticleWhereInput {
    return visibleArticlesWhere(articleVisibility(this.context.viewer), where);
  }

  private articlesById() {
    return this.context.scope.loader<number, Article | null>("articles.byId", async (ids) =>
      indexByKey(ids, await this.prisma.article.findMany({ where: this.visible({ id: { in: [...ids] } }) }), (a) => a.id),
    );
  }

  /** By id or slug; a former slug of a published article still finds it. */
  async find(lookup: Lookup): Promise<Article | null> {
    if ("id" in lookup) return this.articlesById().load(lookup.id);
    // Only scheduled and published articles hold a slug alone (see slug-claims.ts): for a viewer who
    // also sees drafts sharing it, the one holding it publicly wins (the status enum sorts them last).
    const bySlug = await this.prisma.article.findFirst({ where: this.visible({ slug: lookup.slug }), orderBy: [{ status: "desc" }, { id: "asc" }] });
    if (bySlug) return bySlug;
    const alias = await this.prisma.articleSlugAlias.findUnique({ where: { slug: lookup.slug } });
    return alias ? this.articlesById().load(alias.articleId) : null;
  }

  findById(id: number): Promise<Article | null> {
    return this.articlesById().load(id);
  }

  list(args: ArticleConnectionArgs): Promise<Connection<Article>> {
    return findPage(
      args,
      orderingFor(articleOrderings, args.orderBy),
      this.visible(articleWhere(args.where)),
      (query) => this.prisma.article.findMany(query as Prisma.ArticleFindManyArgs),
      (where) => this.prisma.article.count({ where }),
    );
  }

  /** A page of each show's visible articles, batched: one statement for all shows of a request. */
  articlesOfShow(showId: number, args: ArticleConnectionArgs, withCount: boolean): Promise<Connection<Article>> {
    const nested = this.showArticlesPage(args, withCount);
    return this.context.scope
      .loader<number, Connection<Article>>(loaderKey("articles.byShow", args, withCount), async (showIds) => {
        const select = { id: true, ...nestedPageSelect(nested) } as Prisma.ShowSelect;
        return nestedConnections(showIds, await this.prisma.show.findMany({ where: { id: { in: [...showIds] } }, select }), nested);
      })
      .load(showId);
  }

  /** A show's visible articles, read in the show's statement: only the columns `selections` need. */
  prefetchArticlesOfShow(args: ArticleConnectionArgs, withCount: boolean, selections: Record<string, ResolveTree>[]): Prefetch {
    return nestedPagePrefetch(this.showArticlesPage(args, withCount, columnsFor(articleColumns, selections)));
  }

  private showArticlesPage(args: ArticleConnectionArgs, withCount: boolean, columns?: Record<string, true>): NestedPage<Article> {
    const ordering = orderingFor(articleOrderings, args.orderBy);
    return {
      relation: "articles",
      through: "article",
      ordering,
      page: pageRequest(args, ordering),
      filter: this.visible(articleWhere(args.where)),
      withCount,
      columns,
    };
  }

  /**
   * The other articles the viewer can see (archived ones aside) that report on the same show and
   * season as `article`: a second renewal article is allowed (a follow-up, a correction) but an
   * editor should know. Batched: one statement for every article of a request. Anonymous readers
   * get none, and no query.
   */
  async renewalWarnings(article: Pick<Article, "id" | "renewalShowId" | "seasonNumber">): Promise<string[]> {
    const { renewalShowId, seasonNumber } = article;
    if (!this.context.viewer || renewalShowId === null || seasonNumber === null) return [];
    const sameRenewal = await this.context.scope
      .loader<string, { id: number; title: string; status: string }[]>("articles.sameRenewal", async (keys) => {
        const pairs = keys.map((key) => key.split(":").map(Number) as [number, number]);
        const rows = await this.prisma.article.findMany({
          where: this.visible({ status: { not: "ARCHIVED" }, OR: pairs.map(([showId, season]) => ({ renewalShowId: showId, seasonNumber: season })) }),
          select: { id: true, title: true, status: true, renewalShowId: true, seasonNumber: true },
          orderBy: { id: "asc" },
        });
        return groupByKey(keys, rows, (row) => `${row.renewalShowId}:${row.seasonNumber}`);
      })
      .load(`${renewalShowId}:${seasonNumber}`);
    return sameRenewal
      .filter((other) => other.id !== article.id)
      .map((other) => `Article ${globalId("Article", other.id)} ("${other.title}", ${other.status}) also reports on season ${seasonNumber} of this show.`);
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
