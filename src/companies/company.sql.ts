import { sql, type SQL } from "pg-sql2";
import { orderingFor } from "../common/connection.js";
import type { LookupArgs } from "../common/lookup.js";
import { columns, scalar, table } from "../db/compiled/columns.js";
import { booleanWhereSql, containsText, type LeafConditions } from "../db/compiled/filters.js";
import { compiledLookup, lookupParameters } from "../db/compiled/lookup.js";
import { type Arguments, boundValue, declareFields } from "../db/compiled/mapping.js";
import { showConnection } from "../shows/show.sql.js";
import { companyOrderings, type CompanyConnectionArgs, type CompanyWhere } from "./company.args.js";

/** How production companies read on the compiled path (db/compiled/mapping.ts). */

/** The filter's conditions, as CompanyService.list maps them to Prisma; a country the validator refuses is left to it. */
function companyConditions(row: SQL): LeafConditions<CompanyWhere> {
  return {
    nameContains: (text) => containsText(sql`${row}.name`, text),
    country: (country) => {
      if (!/^[A-Z]{2}$/.test(country)) throw new Error("not compiled");
      return sql`${row}.country = ${sql.value(country)}::text`;
    },
  };
}

declareFields("Query", {
  productionCompany: {
    kind: "object",
    parameters: lookupParameters("ProductionCompany"),
    source: (_, args) => {
      const lookup = compiledLookup(args as LookupArgs, "ProductionCompany");
      if (!lookup) return null;
      // CompanyService.find: no former slugs for companies.
      return "id" in lookup
        ? sql`select * from ${table("ProductionCompany")} where id = ${boundValue(lookup.id)}::int`
        : sql`select * from ${table("ProductionCompany")} where slug = ${boundValue(lookup.slug)}::text`;
    },
  },
  productionCompanies: {
    kind: "connection",
    nodeType: "ProductionCompany",
    ordering: (args: Arguments) => orderingFor(companyOrderings, (args as CompanyConnectionArgs).orderBy) as never,
    source: (_, args) => {
      const row = sql.identifier("ProductionCompany");
      const filter = booleanWhereSql((args as CompanyConnectionArgs).where, companyConditions(row));
      return sql`select * from ${table("ProductionCompany")} where ${filter}`;
    },
  },
});

declareFields("Show", {
  productionCompanies: {
    kind: "list",
    source: (show) =>
      sql`select pc.* from ${table("ShowProductionCompany")} link join ${table("ProductionCompany")} pc on pc.id = link."companyId" where link."showId" = ${show!}.id`,
    order: (company) => sql`${company}.name, ${company}.id`,
  },
});

declareFields("ProductionCompany", {
  ...columns("slug", "version", "name", "country", "website"),
  showCount: scalar((company) => sql`(select count(*)::int from ${table("ShowProductionCompany")} where "companyId" = ${company}.id)`),
  shows: showConnection(
    (company, show) => sql`${show}.id in (select "showId" from ${table("ShowProductionCompany")} where "companyId" = ${company!}.id)`,
  ),
});
