import { sql, type SQL } from "pg-sql2";
import { orderingFor } from "../common/connection.js";
import { parseLookup, SLUG_PATTERN, type LookupArgs } from "../common/lookup.js";
import { columns, dateColumn, decimalColumn, instantColumn, listColumn, scalar, table } from "../db/compiled/columns.js";
import { booleanWhereSql, oneOf } from "../db/compiled/filters.js";
import { declareFields } from "../db/compiled/mapping.js";
import { showOrderings, type ShowConnectionArgs, type ShowWhere } from "./show.args.js";

/** How shows, seasons and ratings read on the compiled path (db/compiled/mapping.ts); the rest takes the resolver path. */

/** The filter's conditions the SQL expresses (those `showWhere` maps to Prisma); any other refuses, for the resolver path. */
function showConditions(filter: ShowWhere, row: SQL): SQL[] {
  const parts: SQL[] = [];
  if (filter.premiereDate != null || filter.productionCompanyId != null || filter.personId != null) throw new Error("not compiled");
  if (filter.status != null) parts.push(oneOf(sql`${row}.status`, filter.status));
  if (filter.platform != null) parts.push(oneOf(sql`${row}.platform`, filter.platform));
  if (filter.kind != null) parts.push(oneOf(sql`${row}.kind`, filter.kind));
  for (const text of [filter.genre, filter.titleContains]) {
    // @Length(1, 100) is the validator's to report; LIKE wildcards Prisma's to interpret.
    if (text != null && (text.length < 1 || text.length > 100 || /[%_\\]/.test(text))) throw new Error("not compiled");
  }
  if (filter.genre != null) parts.push(sql`${sql.value(filter.genre)}::text = any(${row}.genres)`);
  if (filter.titleContains != null) parts.push(sql`${row}.title ilike ('%' || ${sql.value(filter.titleContains)}::text || '%')`);
  return parts;
}

/** Shows matching a `ShowWhere` (the filter of `Query.shows`). */
export function showsWhere(args: Pick<ShowConnectionArgs, "where">): SQL {
  const row = sql.identifier("Show");
  return sql`select * from ${table("Show")} where ${booleanWhereSql(args.where, (level) => showConditions(level, row))}`;
}

declareFields("Query", {
  show: {
    kind: "object",
    source: (_, args) => {
      const { id, slug } = args as LookupArgs;
      if (id === null || slug === null || (slug != null && (slug.length > 200 || !SLUG_PATTERN.test(slug)))) return null;
      const lookup = parseLookup(args as LookupArgs, "Show");
      if ("id" in lookup) return sql`select * from ${table("Show")} where id = ${sql.value(lookup.id)}::int`;
      // A former slug (the show was renamed) still finds it, as ShowService.find.
      const wanted = sql`${sql.value(lookup.slug)}::text`;
      return sql`select * from ${table("Show")} where id = coalesce((select id from ${table("Show")} where slug = ${wanted}), (select "showId" from ${table("ShowSlugAlias")} where slug = ${wanted}))`;
    },
  },
  shows: {
    kind: "connection",
    nodeType: "Show",
    ordering: (args) => orderingFor(showOrderings, (args as ShowConnectionArgs).orderBy) as never,
    source: (_, args) => showsWhere(args as ShowConnectionArgs),
  },
});

declareFields("Show", {
  ...columns("slug", "title", "synopsis", "kind", "platform", "isOriginal", "originalLanguage", "runtimeMinutes"),
  genres: listColumn("genres"),
  countries: listColumn("countries"),
  ...columns("contentRating", "status", "version"),
  premiereDate: dateColumn("premiereDate"),
  statusAnnouncedAt: dateColumn("statusAnnouncedAt"),
  createdAt: instantColumn("createdAt"),
  updatedAt: instantColumn("updatedAt"),
  seasons: { kind: "list", source: (show) => sql`select * from ${table("Season")} where "showId" = ${show!}.id`, order: (season) => sql`${season}.number` },
  seasonCount: scalar((show) => sql`(select count(*)::int from ${table("Season")} where "showId" = ${show}.id)`),
  ratings: {
    kind: "list",
    source: (show) => sql`select * from ${table("Rating")} where "showId" = ${show!}.id`,
    order: (rating) => sql`${rating}.source, ${rating}."asOf" desc, ${rating}.id`,
  },
});

declareFields("Season", {
  ...columns("number", "title", "episodeCount"),
  runtimeHours: decimalColumn("runtimeHours"),
  releaseDate: dateColumn("releaseDate"),
});

declareFields("Rating", {
  ...columns("source", "scaleMax", "voteCount"),
  score: decimalColumn("score"),
  asOf: dateColumn("asOf"),
});
