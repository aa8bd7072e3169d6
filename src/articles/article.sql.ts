import { sql, type SQL } from "pg-sql2";
import { orderingFor } from "../common/connection.js";
import { columns, dateColumn, instantColumn, table } from "../db/compiled/columns.js";
import { booleanWhereSql, oneOf, type LeafConditions } from "../db/compiled/filters.js";
import { compiledLookup, lookupParameters } from "../db/compiled/lookup.js";
import { type Arguments, boundValue, declareFields, type FieldContext } from "../db/compiled/mapping.js";
import type { LookupArgs } from "../common/lookup.js";
import { articleOrderings, type ArticleConnectionArgs, type ArticleWhere } from "./article.args.js";
import { articleVisibility, visibleArticlesSql } from "./visibility.js";

/**
 * How articles read on the compiled path (db/compiled/mapping.ts): every source is narrowed by the
 * viewer's visibility (articles/visibility.ts), so drafts stay invisible on every compiled path. The
 * rendered body and the staff-only fields take the resolver path.
 */

/** The filter's conditions the SQL expresses; ids and date ranges take the resolver path. */
function articleConditions(row: SQL): LeafConditions<ArticleWhere> {
  return {
    status: (status) => oneOf(sql`${row}.status`, status),
    verdict: (verdicts) => oneOf(sql`${row}.verdict`, verdicts),
  };
}

function visibleArticles(args: ArticleConnectionArgs, context: FieldContext, article: SQL): SQL {
  const filter = booleanWhereSql(args.where, articleConditions(article));
  return sql`${visibleArticlesSql(articleVisibility(context.viewer), article)} and ${filter}`;
}

const ordering = (args: Arguments) => orderingFor(articleOrderings, (args as ArticleConnectionArgs).orderBy) as never;

/** ArticleService.find: by id, or by slug (the one holding it publicly first), then by a former slug; of those the viewer may see. */
function articleLookup(args: LookupArgs, context: FieldContext): SQL | null {
  const lookup = compiledLookup(args, "Article");
  if (!lookup) return null;
  const article = sql.identifier("Article");
  const visible = visibleArticlesSql(articleVisibility(context.viewer), article);
  const readable = (id: SQL) => sql`select * from ${table("Article")} where id = ${id} and ${visible}`;
  if ("id" in lookup) return readable(sql`${boundValue(lookup.id)}::int`);
  const wanted = sql`${boundValue(lookup.slug)}::text`;
  const bySlug = sql`select id from ${table("Article")} where slug = ${wanted} and ${visible} order by status desc, id limit 1`;
  return readable(sql`coalesce((${bySlug}), (select "articleId" from ${table("ArticleSlugAlias")} where slug = ${wanted}))`);
}

declareFields("Query", {
  article: { kind: "object", parameters: lookupParameters("Article"), source: (_, args, context) => articleLookup(args as LookupArgs, context) },
  articles: {
    kind: "connection",
    nodeType: "Article",
    ordering,
    source: (_, args, context) => sql`select * from ${table("Article")} where ${visibleArticles(args as ArticleConnectionArgs, context, sql.identifier("Article"))}`,
  },
});

declareFields("Show", {
  articles: {
    kind: "connection",
    nodeType: "Article",
    ordering,
    source: (show, args, context) =>
      sql`select a.* from ${table("ArticleShow")} link join ${table("Article")} a on a.id = link."articleId"
        where link."showId" = ${show!}.id and ${visibleArticles(args as ArticleConnectionArgs, context, sql.identifier("a"))}`,
  },
});

declareFields("Article", {
  ...columns("slug", "title", "summary", "body", "status", "verdict", "seasonNumber", "verdictSourceUrl", "version"),
  verdictAnnouncedAt: dateColumn("verdictAnnouncedAt"),
  publishedAt: instantColumn("publishedAt"),
  publishAt: instantColumn("publishAt"),
  createdAt: instantColumn("createdAt"),
  updatedAt: instantColumn("updatedAt"),
  // UserService.author: the public face of the writer (a name), for anyone who may see the article.
  author: { kind: "object", source: (article) => sql`select id, name from ${table("User")} where id = ${article!}."authorId"` },
});

declareFields("Author", columns("name"));
