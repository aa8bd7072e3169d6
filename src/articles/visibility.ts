import { sql, type SQL } from "pg-sql2";
import { canSeeUnpublished, type Viewer } from "../common/context.js";
import type { Prisma } from "../db/prisma.js";

/**
 * The one rule for which articles a viewer may see, rendered for both read paths: Prisma conditions
 * (ArticleService) and SQL (the compiled path, articles/article.sql.ts), next to each other so they
 * cannot drift. Deleted drafts are hidden from everyone (editors reach them only through
 * deletedArticles); editors and admins see every other article; writers also their own unpublished
 * work; everyone else published articles only.
 */
export type ArticleVisibility = { sees: "all" } | { sees: "published" } | { sees: "publishedOrOwn"; authorId: number };

export function articleVisibility(viewer: Viewer | null): ArticleVisibility {
  if (canSeeUnpublished(viewer)) return { sees: "all" };
  return viewer ? { sees: "publishedOrOwn", authorId: viewer.id } : { sees: "published" };
}

/** `where`, narrowed to what the viewer may see (ANDed outside it, so no OR inside can widen it). */
export function visibleArticlesWhere(visibility: ArticleVisibility, where: Prisma.ArticleWhereInput = {}): Prisma.ArticleWhereInput {
  if (visibility.sees === "all") return { AND: [where, { deletedAt: null }] };
  const readable: Prisma.ArticleWhereInput =
    visibility.sees === "publishedOrOwn" ? { OR: [{ status: "PUBLISHED" }, { authorId: visibility.authorId }] } : { status: "PUBLISHED" };
  return { AND: [where, readable, { deletedAt: null }] };
}

/** The same rule as a condition on the article row `article`. */
export function visibleArticlesSql(visibility: ArticleVisibility, article: SQL): SQL {
  const live = sql`${article}."deletedAt" is null`;
  if (visibility.sees === "all") return live;
  const published = sql`${article}.status = 'PUBLISHED'`;
  const readable = visibility.sees === "publishedOrOwn" ? sql`(${published} or ${article}."authorId" = ${sql.value(visibility.authorId)}::int)` : published;
  return sql`(${readable} and ${live})`;
}
