import { sql, type SQL } from "pg-sql2";
import { orderingFor } from "../common/connection.js";
import { columns, dateColumn, decimalColumn, table } from "../db/compiled/columns.js";
import { declareFields, type ConnectionMapping } from "../db/compiled/mapping.js";
import { chartEntryOrderings, type ChartEntryConnectionArgs } from "./chart.args.js";
import { GLOBAL_REGION } from "./chart.types.js";

/**
 * How Top 10 rows read on the compiled path (db/compiled/mapping.ts). The week-over-week figures,
 * views and the chart run's series are computed in TypeScript (figures.ts): selecting them takes the
 * resolver path.
 */

/** A show's or season's rows; filtered pages (`where`) are left to the resolver path. */
function entriesOf(owner: "showId" | "seasonId"): ConnectionMapping {
  return {
    kind: "connection",
    nodeType: "ChartEntry",
    ordering: (args) => orderingFor(chartEntryOrderings, (args as ChartEntryConnectionArgs).orderBy) as never,
    source: (parent, args) => ((args as ChartEntryConnectionArgs).where != null ? null : sql`select * from ${table("ChartEntry")} where ${sql.identifier(owner)} = ${parent!}.id`),
  };
}

/** A season's run in the global Top 10 (SeasonChartsResolver's `seasonChartRun`): its first list's rows, summed up; none if it never charted. */
function globalRunOf(season: SQL): SQL {
  const global = sql.literal(GLOBAL_REGION);
  return sql`select category, min("weekEnd") as "firstWeek", max("weekEnd") as "lastWeek", count(*)::int as "weeksInTop10", min(rank) as "peakRank",
      case when count(*) = count("hoursViewed") then sum("hoursViewed")::float8 end as "totalHours"
    from ${table("ChartEntry")}
    where "seasonId" = ${season}.id and region = ${global} and category = (
      select category from ${table("ChartEntry")} where "seasonId" = ${season}.id and region = ${global}
      order by "weekEnd", category, region, rank limit 1)
    group by category`;
}

declareFields("Show", { chartEntries: entriesOf("showId") });
declareFields("Season", {
  chartEntries: entriesOf("seasonId"),
  chartRun: { kind: "object", source: (season) => globalRunOf(season!) },
});

declareFields("ChartEntry", {
  ...columns("category", "region", "rank", "showTitle", "seasonTitle", "hoursViewed", "cumulativeWeeksInTop10", "isStaggeredLaunch", "episodeLaunchDetails"),
  weekStart: dateColumn("weekStart"),
  weekEnd: dateColumn("weekEnd"),
  runtimeHours: decimalColumn("runtimeHours"),
});

declareFields("ChartRun", {
  ...columns("category", "weeksInTop10", "peakRank", "totalHours"),
  firstWeek: dateColumn("firstWeek"),
  lastWeek: dateColumn("lastWeek"),
});
