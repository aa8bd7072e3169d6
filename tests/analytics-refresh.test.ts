// The precomputed season statistics are refreshed in the import's own transaction (#16: "heavy aggregates are
// precomputed per import (materialized, refreshed in the import's transaction)"): an import that fails after it
// wrote its chart rows and refreshed the statistics leaves neither behind.
//
// A client's file is checked whole before the transaction starts (src/charts/import/parse.ts), by design, so the
// failure here is the test's own: a trigger on the audit log, whose "charts.imported" entry is the import's last
// write, raises once the transaction holds the file's newest week and statistics refreshed through it. The database is reached
// directly: on PostgreSQL over a connection of the test's; the embedded engine lets one process open its folder at a
// time, so there the server is stopped, the folder opened with PGlite, and the server started again.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, adminEnv, signIn } from "./support/accounts.js";
import { bearer, graphql, query } from "./support/graphql.js";
import { importTop10Upload, uploadTop10 } from "./support/imports.js";
import { createTestDatabase, projectRoot, startServer, type RunningServer, type TestDatabase } from "./support/server.js";

const FILE = join(projectRoot, "..", "shared", "data", "all-weeks-global.tsv");

let database: TestDatabase;
let server: RunningServer;
let header: string;
/** The file's lines up to `cut`, imported first, and those of the weeks after it, the import that fails. */
let earlier: string[];
let later: string[];
let cut: string;
let newest: string;

type Sql = (text: string) => Promise<Record<string, unknown>[]>;

/** Runs `work` with SQL on the server's database (see the top of the file for the embedded engine). */
async function onDatabase<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
  if (database.url) {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return await work(async (text) => (await client.query(text)).rows);
    } finally {
      await client.end();
    }
  }
  await server.stop();
  const db = await PGlite.create(database.env.DATA_DIR, { extensions: { unaccent } });
  try {
    return await work(async (text) => (await db.query<Record<string, unknown>>(text)).rows);
  } finally {
    await db.close();
    server = await startServer({ ...database.env, ...adminEnv, MIGRATE_ON_START: "false", SEED_ON_START: "false" });
  }
}

/**
 * Everything the import writes, summed up: the chart rows and the statistics (counts, newest weeks, and a digest of
 * every column of every row, refreshedAt included, so a committed refresh changes it even where figures do not), the
 * shows and seasons it creates and its audit entries; and the statistics' agreement with the rows they count.
 */
const snapshot = (sql: Sql) =>
  sql(`SELECT
    (SELECT count(*) FROM "ChartEntry")::int AS "chartRows",
    (SELECT max("weekEnd") FROM "ChartEntry")::text AS "newestWeek",
    (SELECT md5(string_agg(e::text, '|' ORDER BY e.id)) FROM "ChartEntry" e) AS "chartRowsDigest",
    (SELECT count(*) FROM "SeasonChartStats")::int AS "seasonStats",
    (SELECT max("dataThrough") FROM "SeasonChartStats")::text AS "statsDataThrough",
    (SELECT max("refreshedAt") FROM "SeasonChartStats")::text AS "statsRefreshedAt",
    (SELECT md5(string_agg(s::text, '|' ORDER BY s."seasonId")) FROM "SeasonChartStats" s) AS "seasonStatsDigest",
    (SELECT count(*) FROM "Show")::int AS shows,
    (SELECT count(*) FROM "Season")::int AS seasons,
    (SELECT count(*) FROM "AuditEvent" WHERE action = 'charts.imported')::int AS imports,
    (SELECT count(*) FROM "SeasonChartStats" s WHERE s."chartWeeks" <> (SELECT count(*) FROM "ChartEntry" e
       WHERE e."seasonId" = s."seasonId" AND e.region = 'GLOBAL' AND e.category IN ('TV_ENGLISH', 'TV_NON_ENGLISH')))::int AS "statsDisagreeingWithRows",
    (SELECT count(DISTINCT e."seasonId") FROM "ChartEntry" e WHERE e.region = 'GLOBAL' AND e.category IN ('TV_ENGLISH', 'TV_NON_ENGLISH')
       AND e."seasonId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "SeasonChartStats" s WHERE s."seasonId" = e."seasonId"))::int AS "chartedSeasonsWithoutStats"`).then(
    (rows) => rows[0]!,
  );

const admin = async () => bearer(await signIn(server.url, ADMIN.email, ADMIN.password));

const SEASON_STATS = `query($title: String!) { shows(first: 10, where: { titleContains: $title }) { nodes { title seasons {
  chartEntries(first: 1, where: { region: ["GLOBAL"] }) { nodes { seasonTitle } }
  chartStats { firstWeek weeksInTop10 reentryWeeks totalHours totalViews source { lastWeek dataThrough refreshedAt } } } } } }`;

beforeAll(async () => {
  const text = (await readFile(FILE, "utf8")).trimEnd();
  const [first, ...lines] = text.split("\n");
  header = first!;
  const weeks = [...new Set(lines.map((line) => line.split("\t")[0]!))].sort();
  newest = weeks[weeks.length - 1]!;
  cut = weeks[weeks.length - 7]!;
  earlier = lines.filter((line) => line.split("\t")[0]! <= cut);
  later = lines.filter((line) => line.split("\t")[0]! > cut);
  database = await createTestDatabase();
  server = await startServer({ ...database.env, ...adminEnv });
  await importTop10Upload(server.url, `${header}\n${earlier.join("\n")}\n`, "all-weeks-global-earlier.tsv", await admin());
}, 600_000);
afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

describe("an import that fails inside its transaction", () => {
  it("leaves the chart rows and the season statistics exactly as they were, though it had written both when it failed", async () => {
    // A season of the later weeks that charted before them too: the failed import would have extended its statistics.
    const cells = later.map((line) => line.split("\t"));
    const earlierSeasons = new Set(earlier.map((line) => line.split("\t")).map(([, category, , show, season]) => `${category}|${show}|${season}`));
    const [, , , showTitle, seasonTitle] = cells.find(([, category, , show, season]) => category === "TV (English)" && season !== "N/A" && earlierSeasons.has(`${category}|${show}|${season}`))!;
    const statsOf = async () => {
      const { shows } = await query(server.url, SEASON_STATS, { title: showTitle });
      const show = shows.nodes.find((candidate: any) => candidate.title.toLowerCase() === showTitle!.toLowerCase());
      return show.seasons.find((season: any) => season.chartEntries.nodes[0]?.seasonTitle === seasonTitle).chartStats;
    };
    const statsBefore = await statsOf();
    expect(statsBefore.source.dataThrough).toBe(cut);

    const before = await onDatabase(async (sql) => {
      // Raises only if the rows of the file's newest week and statistics refreshed through it are already written.
      await sql(`CREATE FUNCTION test_fail_import() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.action = 'charts.imported'
            AND EXISTS (SELECT 1 FROM "ChartEntry" WHERE region = 'GLOBAL' AND "weekEnd" = DATE '${newest}')
            AND EXISTS (SELECT 1 FROM "SeasonChartStats" WHERE "dataThrough" = DATE '${newest}') THEN
            RAISE EXCEPTION 'test: the import fails after writing its chart rows and refreshing the statistics';
          END IF;
          RETURN NEW;
        END $$`);
      await sql(`CREATE TRIGGER test_fail_import BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION test_fail_import()`);
      return snapshot(sql);
    });
    expect(before).toMatchObject({ newestWeek: cut, statsDataThrough: cut, imports: 1, statsDisagreeingWithRows: 0, chartedSeasonsWithoutStats: 0 });

    const laterFile = `${header}\n${later.join("\n")}\n`;
    const failed = await graphql(server.url, `mutation($tsv: String!) { importTop10(tsv: $tsv, fileName: "all-weeks-global-later.tsv") { created } }`, { tsv: laterFile }, await admin());
    expect(failed.body.errors?.[0]?.extensions?.code).toBe("INTERNAL_SERVER_ERROR");
    // The trigger's own refusal, so past both writes (the client is told only "Internal server error").
    const refusal = "test: the import fails after writing its chart rows and refreshing the statistics";
    await expect.poll(() => server.logs()).toContain(refusal);
    const firstMentions = server.logs().split(refusal).length - 1;
    // The upload endpoint fails the same way: masked for the client, logged for the operator.
    const uploaded = await uploadTop10(server.url, laterFile, { fileName: "all-weeks-global-later.tsv", headers: await admin() });
    expect(uploaded.status).toBe(500);
    expect(uploaded.body.errors).toEqual([{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }]);
    const mentions = () => server.logs().split(refusal).length - 1;
    await expect.poll(mentions).toBeGreaterThanOrEqual(2 * firstMentions);
    expect(server.logs()).toMatch(/"path":"\/imports\/top10"[^\n]*"msg":"Unexpected error"|"msg":"Unexpected error"[^\n]*"path":"\/imports\/top10"/);

    const afterFailure = await onDatabase(async (sql) => {
      const state = await snapshot(sql);
      await sql(`DROP TRIGGER test_fail_import ON "AuditEvent"`);
      await sql(`DROP FUNCTION test_fail_import()`);
      return state;
    });
    expect(afterFailure).toEqual(before);
    expect(await statsOf()).toEqual(statsBefore);

    // The same file without the trigger: it does write what the failed attempt had written and lost.
    const imported = await importTop10Upload(server.url, laterFile, "all-weeks-global-later.tsv", await admin());
    expect(imported).toMatchObject({ rowsRead: later.length, created: later.length, showsRemoved: 0 });
    // New titles among the later weeks: the failed attempt had created their shows and seasons too.
    expect(imported.showsCreated).toBeGreaterThan(0);
    const afterSuccess = await onDatabase(snapshot);
    expect(afterSuccess).toMatchObject({
      chartRows: (before.chartRows as number) + later.length,
      shows: (before.shows as number) + imported.showsCreated,
      seasons: (before.seasons as number) + imported.seasonsCreated,
      newestWeek: newest,
      statsDataThrough: newest,
      imports: 2,
      statsDisagreeingWithRows: 0,
      chartedSeasonsWithoutStats: 0,
    });
    expect(afterSuccess.seasonStatsDigest).not.toBe(before.seasonStatsDigest);
    expect((afterSuccess.statsRefreshedAt as string) > (before.statsRefreshedAt as string)).toBe(true);
    const statsAfter = await statsOf();
    expect(statsAfter.source.dataThrough).toBe(newest);
    expect(statsAfter.weeksInTop10 + statsAfter.reentryWeeks).toBe(statsBefore.weeksInTop10 + statsBefore.reentryWeeks + cells.filter(([, , , show, season]) => show === showTitle && season === seasonTitle).length);
  });
});
