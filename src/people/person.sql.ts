import { sql, type SQL } from "pg-sql2";
import { parseLookup, SLUG_PATTERN, type LookupArgs } from "../common/lookup.js";
import { columns, table } from "../db/compiled/columns.js";
import { oneOf } from "../db/compiled/filters.js";
import { declareFields } from "../db/compiled/mapping.js";
import { creditOrdering, type CreditConnectionArgs } from "./person.args.js";

/** How people and credits read on the compiled path (db/compiled/mapping.ts). */

/** A show's or person's credits, filtered by role as PeopleService's `creditsPage`. */
function creditsOf(owner: "showId" | "personId", parent: SQL, args: CreditConnectionArgs): SQL | null {
  const role = args.role == null ? sql`true` : oneOf(sql`"Credit".role`, args.role);
  return sql`select * from ${table("Credit")} where ${sql.identifier(owner)} = ${parent}.id and ${role}`;
}

/** The short creator and cast lists: one role, in billing order. */
const creatorsOf = (show: SQL) =>
  sql`select p.*, c.position as "__position", c.id as "__creditId" from ${table("Credit")} c join ${table("Person")} p on p.id = c."personId" where c."showId" = ${show}.id and c.role = 'CREATOR'`;

declareFields("Query", {
  person: {
    kind: "object",
    source: (_, args) => {
      const { id, slug } = args as LookupArgs;
      if (id === null || slug === null || (slug != null && (slug.length > 200 || !SLUG_PATTERN.test(slug)))) return null;
      const lookup = parseLookup(args as LookupArgs, "Person");
      if ("id" in lookup) return sql`select * from ${table("Person")} where id = ${sql.value(lookup.id)}::int`;
      // A former slug (the person was renamed) still finds them, as PeopleService.find.
      const wanted = sql`${sql.value(lookup.slug)}::text`;
      return sql`select * from ${table("Person")} where id = coalesce((select id from ${table("Person")} where slug = ${wanted}), (select "personId" from ${table("PersonSlugAlias")} where slug = ${wanted}))`;
    },
  },
});

declareFields("Show", {
  creators: { kind: "list", source: (show) => creatorsOf(show!), order: (person) => sql`${person}."__position", ${person}."__creditId"` },
  cast: {
    kind: "list",
    source: (show) => sql`select * from ${table("Credit")} where "showId" = ${show!}.id and role = 'CAST'`,
    order: (credit) => sql`${credit}.position, ${credit}.id`,
  },
  credits: {
    kind: "connection",
    nodeType: "Credit",
    ordering: () => creditOrdering as never,
    source: (show, args) => creditsOf("showId", show!, args as CreditConnectionArgs),
  },
});

declareFields("Person", {
  ...columns("slug", "version", "name", "bio"),
  credits: {
    kind: "connection",
    nodeType: "Credit",
    ordering: () => creditOrdering as never,
    source: (person, args) => creditsOf("personId", person!, args as CreditConnectionArgs),
  },
});

declareFields("Credit", {
  ...columns("role", "characterName", "position"),
  person: { kind: "object", source: (credit) => sql`select * from ${table("Person")} where id = ${credit!}."personId"` },
  show: { kind: "object", source: (credit) => sql`select * from ${table("Show")} where id = ${credit!}."showId"` },
});
