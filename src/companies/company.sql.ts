import { sql } from "pg-sql2";
import { columns, scalar, table } from "../db/compiled/columns.js";
import { declareFields } from "../db/compiled/mapping.js";

/** How production companies read on the compiled path (db/compiled/mapping.ts). */

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
});
