import { sql, type SQL } from "pg-sql2";
import type { LookupArgs } from "../common/lookup.js";
import { columns, table } from "../db/compiled/columns.js";
import { orderingFor } from "../common/connection.js";
import { booleanWhereSql, containsText, oneOf, type LeafConditions } from "../db/compiled/filters.js";
import { compiledLookup, lookupParameters } from "../db/compiled/lookup.js";
import { boundValue, declareFields } from "../db/compiled/mapping.js";
import { creditOrdering, personOrderings, type CreditConnectionArgs, type PersonConnectionArgs, type PersonWhere } from "./person.args.js";

/** How people and credits read on the compiled path (db/compiled/mapping.ts). */

/** A show's or person's credits, filtered by role as PeopleService's `creditsPage`. */
function creditsOf(owner: "showId" | "personId", parent: SQL, args: CreditConnectionArgs): SQL | null {
  const role = args.role == null ? sql`true` : oneOf(sql`"Credit".role`, args.role);
  return sql`select * from ${table("Credit")} where ${sql.identifier(owner)} = ${parent}.id and ${role}`;
}

/** `credits(role, first, after…)` of a show or a person: one connection, keyed by the owner's column. */
const creditConnection = (owner: "showId" | "personId") =>
  ({
    kind: "connection",
    nodeType: "Credit",
    ordering: () => creditOrdering as never,
    source: (parent: SQL | null, args: unknown) => creditsOf(owner, parent!, args as CreditConnectionArgs),
  }) as const;

/** The short creator and cast lists: one role, in billing order. */
const creatorsOf = (show: SQL) =>
  sql`select p.*, c.position as "__position", c.id as "__creditId" from ${table("Credit")} c join ${table("Person")} p on p.id = c."personId" where c."showId" = ${show}.id and c.role = 'CREATOR'`;

declareFields("Query", {
  person: {
    kind: "object",
    parameters: lookupParameters("Person"),
    source: (_, args) => {
      const lookup = compiledLookup(args as LookupArgs, "Person");
      if (!lookup) return null;
      if ("id" in lookup) return sql`select * from ${table("Person")} where id = ${boundValue(lookup.id)}::int`;
      // A former slug (the person was renamed) still finds them, as PeopleService.find.
      const wanted = sql`${boundValue(lookup.slug)}::text`;
      return sql`select * from ${table("Person")} where id = coalesce((select id from ${table("Person")} where slug = ${wanted}), (select "personId" from ${table("PersonSlugAlias")} where slug = ${wanted}))`;
    },
  },
});

/** The filter's conditions, as PeopleService.list maps them to Prisma. */
function personConditions(row: SQL): LeafConditions<PersonWhere> {
  return {
    nameContains: (text) => containsText(sql`${row}.name`, text),
    role: (roles) => sql`exists (select from ${table("Credit")} c where c."personId" = ${row}.id and ${oneOf(sql`c.role`, roles)})`,
  };
}

declareFields("Query", {
  people: {
    kind: "connection",
    nodeType: "Person",
    ordering: (args) => orderingFor(personOrderings, (args as PersonConnectionArgs).orderBy) as never,
    source: (_, args) => {
      const row = sql.identifier("Person");
      const filter = booleanWhereSql((args as PersonConnectionArgs).where, personConditions(row));
      return sql`select * from ${table("Person")} where ${filter}`;
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
  credits: creditConnection("showId"),
});

declareFields("Person", {
  ...columns("slug", "version", "name", "bio"),
  credits: creditConnection("personId"),
});

declareFields("Credit", {
  ...columns("role", "characterName", "position"),
  person: { kind: "object", source: (credit) => sql`select * from ${table("Person")} where id = ${credit!}."personId"` },
  show: { kind: "object", source: (credit) => sql`select * from ${table("Show")} where id = ${credit!}."showId"` },
});
