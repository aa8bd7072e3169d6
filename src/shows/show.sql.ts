import { sql, type SQL } from "pg-sql2";
import { orderingFor } from "../common/connection.js";
import type { LookupArgs } from "../common/lookup.js";
import { columns, dateColumn, decimalColumn, instantColumn, listColumn, scalar, table } from "../db/compiled/columns.js";
import { booleanWhereSql, containsText, filterText, oneOf, type LeafConditions } from "../db/compiled/filters.js";
import { compiledLookup, lookupParameters } from "../db/compiled/lookup.js";
import { boundValue, type ConnectionMapping, declareFields } from "../db/compiled/mapping.js";
import { showOrderings, type ShowConnectionArgs, type ShowWhere } from "./show.args.js";

/** How shows, seasons and ratings read on the compiled path (db/compiled/mapping.ts); the rest takes the resolver path. */

/** The filter's conditions the SQL expresses (as `showWhere` maps them to Prisma); any other field takes the resolver path. */
function showConditions(row: SQL): LeafConditions<ShowWhere> {
  return {
    status: (status) => oneOf(sql`${row}.status`, status),
    platform: (platform) => oneOf(sql`${row}.platform`, platform),
    kind: (kind) => oneOf(sql`${row}.kind`, kind),
    originalLanguage: (languages) => oneOf(sql`${row}."originalLanguage"`, languages),
    genre: (genre) => sql`${sql.value(filterText(genre))}::text = any(${row}.genres)`,
    titleContains: (text) => containsText(sql`${row}.title`, text),
  };
}

/** Shows matching a `ShowWhere` (the filter of `Query.shows`), of those `among` (a condition on the "Show" row) admits. */
export function showsWhere(args: Pick<ShowConnectionArgs, "where">, among: (show: SQL) => SQL = () => sql`true`): SQL {
  const row = sql.identifier("Show");
  return sql`select * from ${table("Show")} where ${among(row)} and ${booleanWhereSql(args.where, showConditions(row))}`;
}

/** A connection of shows filtered and ordered like `Query.shows`. */
export function showConnection(among?: (parent: SQL | null, show: SQL) => SQL): ConnectionMapping {
  return {
    kind: "connection",
    nodeType: "Show",
    ordering: (args) => orderingFor(showOrderings, (args as ShowConnectionArgs).orderBy) as never,
    source: (parent, args) => showsWhere(args as ShowConnectionArgs, among && ((show) => among(parent, show))),
  };
}

declareFields("Query", {
  show: {
    kind: "object",
    parameters: lookupParameters("Show"),
    source: (_, args) => {
      const lookup = compiledLookup(args as LookupArgs, "Show");
      if (!lookup) return null;
      if ("id" in lookup) return sql`select * from ${table("Show")} where id = ${boundValue(lookup.id)}::int`;
      // A former slug (the show was renamed) still finds it, as ShowService.find.
      const wanted = sql`${boundValue(lookup.slug)}::text`;
      return sql`select * from ${table("Show")} where id = coalesce((select id from ${table("Show")} where slug = ${wanted}), (select "showId" from ${table("ShowSlugAlias")} where slug = ${wanted}))`;
    },
  },
  shows: showConnection(),
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
