import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv, createStaff, type Staff } from "./support/accounts.js";
import { graphql, query } from "./support/graphql.js";
import { importTop10Upload, uploadTop10 } from "./support/imports.js";
import { onPostgres, projectRoot, runCli, startServerOnFreshDatabase } from "./support/server.js";

const data = join(projectRoot, "..", "shared", "data");
let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
let staff: Staff;
let globalFile: string;

const IMPORT = `mutation($tsv: String!, $name: String!) { importTop10(tsv: $tsv, fileName: $name) {
  format rowsRead created updated unchanged showsCreated seasonsCreated } }`;

beforeAll(async () => {
  server = await startServerOnFreshDatabase(adminEnv);
  staff = await createStaff(server.url);
  globalFile = await readFile(join(data, "all-weeks-global.tsv"), "utf8");
});
afterAll(async () => {
  await server?.close();
});

describe("importing Netflix's Top 10 files", () => {
  it("imports the real global file, matches the seed's shows, and a second import changes nothing", async () => {
    // Whole files go to the streaming upload (the mutation takes small ones only).
    const first = await importTop10Upload(server.url, globalFile, "all-weeks-global.tsv", staff.admin);
    const rows = globalFile.trim().split("\n").length - 1;
    // The seed already holds 8 of these rows, exactly as the file has them.
    expect(first).toMatchObject({ format: "global", rowsRead: rows, created: rows - 8, updated: 0, unchanged: 8 });
    expect(first.showsCreated).toBeGreaterThan(1000);

    const second = await importTop10Upload(server.url, globalFile, "all-weeks-global.tsv", staff.admin);
    expect(second).toEqual({
      file: "all-weeks-global.tsv",
      format: "global",
      rowsRead: rows,
      created: 0,
      updated: 0,
      unchanged: rows,
      showsCreated: 0,
      seasonsCreated: 0,
      showsRemoved: 0,
      olderThanHeld: false,
      warnings: [],
    });
  });

  it("known rows come back exactly, on the seeded show (no duplicate created)", async () => {
    const result = await query(
      server.url,
      `{ imperfects: show(slug: "the-imperfects") { seasons { number chartEntries(where: {region: "GLOBAL"}) { nodes { weekEnd rank hoursViewed cumulativeWeeksInTop10 } } } }
         duplicate: show(slug: "the-imperfects-2") { id }
         cobraKai: show(slug: "cobra-kai") { chartEntries(first: 100) { nodes { weekEnd rank hoursViewed season { number } } } }
         stranger: show(slug: "stranger-things") { kind seasons { number } } }`,
    );
    expect(result.imperfects.seasons).toEqual([
      {
        number: 1,
        chartEntries: {
          nodes: [
            { weekEnd: "2022-09-11", rank: 3, hoursViewed: 24_070_000, cumulativeWeeksInTop10: 1 },
            { weekEnd: "2022-09-18", rank: 4, hoursViewed: 35_020_000, cumulativeWeeksInTop10: 2 },
            { weekEnd: "2022-09-25", rank: 9, hoursViewed: 12_760_000, cumulativeWeeksInTop10: 3 },
          ],
        },
      },
    ]);
    expect(result.duplicate).toBeNull();
    expect(result.cobraKai.chartEntries.nodes).toContainEqual({ weekEnd: "2022-09-18", rank: 1, hoursViewed: 95_550_000, season: { number: 5 } });
    // "Stranger Things 4" names season 4 of the series.
    expect(result.stranger.kind).toBe("SERIES");
    expect(result.stranger.seasons.map((s: { number: number }) => s.number)).toContain(4);
  });

  it("accepts the older column layouts (staggered launches, runtime flags)", async () => {
    const older = await readFile(join(data, "versions", "2024-11-13", "all-weeks-global.tsv"), "utf8");
    const result = await importTop10Upload(server.url, older, "2024-11-13.tsv", staff.admin);
    expect(result.rowsRead).toBe(older.trim().split("\n").length - 1);
    const twelve = await readFile(join(data, "versions", "2025-06-25", "all-weeks-global.tsv"), "utf8");
    const again = await importTop10Upload(server.url, twelve, "2025-06-25.tsv", staff.admin);
    expect(again.rowsRead).toBe(twelve.trim().split("\n").length - 1);
  });

  it("rejects a corrupted copy with the file, line and column, and writes nothing from it", async () => {
    const lines = globalFile.split("\n");
    const cells = lines[1]!.split("\t");
    const originalHours = cells[5];
    cells[5] = String(Number(originalHours) + 1); // a revised figure early in the file ...
    lines[1] = cells.join("\t");
    const broken = lines[4000]!.split("\t");
    broken[5] = "12,5 million"; // ... and a malformed one later
    lines[4000] = broken.join("\t");
    const result = await uploadTop10(server.url, lines.join("\n"), { fileName: "corrupted.tsv", headers: staff.admin });
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", line: 4001, column: "weekly_hours_viewed" });
    expect(result.body.errors?.[0]?.message).toContain("corrupted.tsv:4001");

    const [week, category, rank] = [cells[0], cells[1], Number(cells[2])];
    expect(category).toBe("Films (English)");
    const check = await query(
      server.url,
      `{ show(slug: ${JSON.stringify(slugOf(cells[3]!))}) { chartEntries(first: 100, where: {category: FILMS_ENGLISH}) { nodes { weekEnd rank hoursViewed } } } }`,
    );
    expect(check.show.chartEntries.nodes).toContainEqual({ weekEnd: week, rank, hoursViewed: Number(originalHours) });

    for (const [line, problem] of [
      ["2021-07-04\tTV (English)\t11\tX\tN/A\t100\t\t\t1", /rank 11 is impossible/],
      ["2021-07-05\tTV (English)\t1\tX\tN/A\t100\t\t\t1", /not a Sunday/],
      ["2021-07-04\tRadio\t1\tX\tN/A\t100\t\t\t1", /unknown category/],
    ] as const) {
      const header = lines[0];
      const bad = await graphql(server.url, IMPORT, { tsv: `${header}\n${line}\n`, name: "tiny.tsv" }, staff.admin);
      expect(bad.body.errors?.[0]?.message).toMatch(problem);
      expect(bad.body.errors?.[0]?.extensions?.line).toBe(2);
    }
    const missingColumn = await graphql(server.url, IMPORT, { tsv: "week\tcategory\n2021-07-04\tTV (English)\n", name: "x.tsv" }, staff.admin);
    expect(missingColumn.body.errors?.[0]?.message).toMatch(/missing column/);
  });

  it("is for admins only", async () => {
    const small = globalFile.split("\n").slice(0, 3).join("\n");
    const result = await graphql(server.url, IMPORT, { tsv: small, name: "x.tsv" }, staff.editor);
    expect(result.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const upload = await uploadTop10(server.url, globalFile, { fileName: "x.tsv", headers: staff.editor });
    expect(upload.status).toBe(403);
    expect(upload.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});

describe("derived figures", () => {
  it("The Imperfects season 1: 71,850,000 hours, +45% then -64%, peak rank 3, three weeks", async () => {
    const { show } = await query(
      server.url,
      `{ show(slug: "the-imperfects") {
          chartEntries(where: {region: "GLOBAL"}) { nodes { weekEnd hoursChange hoursChangePercent } }
          seasons { chartRun { category firstWeek lastWeek weeksInTop10 peakRank totalHours hoursFirst28Days
            largestWeekOverWeekDrop { weekEnd percent } firstMonthDropOver50Percent } } } }`,
    );
    expect(show.chartEntries.nodes.map((e: { hoursChangePercent: number | null }) => e.hoursChangePercent && Math.round(e.hoursChangePercent))).toEqual([
      null,
      45,
      -64,
    ]);
    expect(show.chartEntries.nodes[1].hoursChange).toBe(10_950_000);
    expect(show.seasons[0].chartRun).toEqual({
      category: "TV_ENGLISH",
      firstWeek: "2022-09-11",
      lastWeek: "2022-09-25",
      weeksInTop10: 3,
      peakRank: 3,
      totalHours: 71_850_000,
      hoursFirst28Days: 71_850_000,
      largestWeekOverWeekDrop: { weekEnd: "2022-09-25", percent: -63.56 },
      firstMonthDropOver50Percent: true,
    });
  });
});

describe("renewal outlook, comparisons and data-backed drafts", () => {
  it("The Imperfects season 1 is not LIKELY_RENEWED, and the reasons quote its first-month drop", async () => {
    const { show } = await query(
      server.url,
      `{ show(slug: "the-imperfects") { seasons { renewalOutlook { verdict probability reasons { code effect contribution explanation } } } } }`,
    );
    const outlook = show.seasons[0].renewalOutlook;
    expect(outlook.verdict).not.toBe("LIKELY_RENEWED");
    expect(outlook.probability).toBeLessThan(0.5);
    const drop = outlook.reasons.find((r: { code: string }) => r.code === "FIRST_MONTH_DROP");
    expect(drop.explanation).toMatch(/fell 64% in week 3/);
    const rank = outlook.reasons.find((r: { code: string }) => r.code === "RANK");
    expect(rank?.explanation).toBe("It debuted at No. 3.");
  });

  it("compareShows puts hours side by side, with the ratio the file implies", async () => {
    const cobraHours = globalFile
      .split("\n")
      .map((line) => line.split("\t"))
      .filter((cells) => cells[3] === "Cobra Kai" && cells[1] === "TV (English)")
      .reduce((total, cells) => total + Number(cells[5]), 0);
    const { compareShows } = await query(
      server.url,
      `{ compareShows(a: "the-imperfects", b: "cobra-kai") { a { hours weeksInTop10 } b { hours } hoursRatio summary } }`,
    );
    expect(compareShows.a).toEqual({ hours: 71_850_000, weeksInTop10: 3 });
    expect(compareShows.b.hours).toBe(cobraHours);
    expect(compareShows.hoursRatio).toBeCloseTo(71_850_000 / cobraHours, 6);
    expect(compareShows.summary).toMatch(/^The Imperfects drew .* the hours Cobra Kai did/);
    const unknown = await graphql(server.url, `{ compareShows(a: "the-imperfects", b: "no-such-show") { summary } }`);
    expect(unknown.body.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "b" });
  });

  it("outlookBacktest serves the committed report (editors)", async () => {
    const { outlookBacktest } = await query(
      server.url,
      `{ outlookBacktest { testWindow { from to } testSeasons model { auc } baselines { articleRule { auc } pointsRule { auc } } } }`,
      undefined,
      staff.editor,
    );
    const committed = JSON.parse(await readFile(join(projectRoot, "models", "outlook-backtest.json"), "utf8"));
    expect(outlookBacktest).toMatchObject({ testWindow: committed.testWindow, testSeasons: committed.testSeasons, model: { auc: committed.model.auc } });
  });

  it("draftRenewalArticle writes a DRAFT whose every figure comes from the data", async () => {
    const imperfects = (await query(server.url, `{ show(slug: "the-imperfects") { id } }`)).show.id;
    const { draftRenewalArticle: article } = await query(
      server.url,
      `mutation { draftRenewalArticle(showId: "${imperfects}", seasonNumber: 2) { id title status verdict seasonNumber body renewalShow { slug } } }`,
      undefined,
      staff.writer,
    );
    expect(article).toMatchObject({
      title: "Has Netflix Renewed The Imperfects for Season 2?",
      status: "DRAFT",
      verdict: "CANCELED",
      seasonNumber: 2,
      renewalShow: { slug: "the-imperfects" },
    });
    for (const figure of ["| 2022-09-11 | 24,070,000 | – | 3 | 1 |", "| 2022-09-18 | 35,020,000 | +45% | 4 | 2 |", "| 2022-09-25 | 12,760,000 | -64% | 9 | 3 |"]) {
      expect(article.body).toContain(figure);
    }
    expect(article.body).toContain("In its first run, season 1 drew 71.9 million hours in TV (English) over 3 weeks, peaking at No. 3.");
    expect(article.body).toContain("IMDb: 6.1/10 from 1,500 votes");
    expect(article.body).toMatch(/created by Shelley Eriksen and Dennis Heaton/);
    expect(article.body).toMatch(/Nomadic Pictures, which also made .*The Order/);
    expect(article.body).toContain("*Partner Track* (canceled)");
    expect((await query(server.url, `{ article(id: "${article.id}") { id } }`)).article).toBeNull();
    const anonymous = await graphql(server.url, `mutation { draftRenewalArticle(showId: "${imperfects}", seasonNumber: 2) { id } }`);
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");

    // Films, specials and limited series are complete as made: no renewal article to draft.
    for (const kind of ["FILM", "LIMITED_SERIES"]) {
      const { shows } = await query(server.url, `{ shows(where: {kind: [${kind}]}, first: 1) { nodes { id title } } }`);
      const refused = await graphql(server.url, `mutation { draftRenewalArticle(showId: "${shows.nodes[0].id}", seasonNumber: 2) { id } }`, undefined, staff.writer);
      expect(refused.body.errors?.[0]?.extensions, kind).toMatchObject({ code: "BAD_USER_INPUT", field: "showId" });
      expect(refused.body.errors?.[0]?.message, kind).toContain("complete as made");
    }
  });
});

describe.runIf(onPostgres)("the per-country file from the command line", () => {
  it("imports 134,620 rows, idempotently, and The Imperfects charted in Australia", async () => {
    const file = join(data, "countries-to-2022-11-13", "all-weeks-countries.tsv");
    const first = await runCli(["import-top10", file], server.database.env);
    expect(first.code, first.output).toBe(0);
    expect(first.output).toMatch(/134620 rows read \(country\), 134620 created, 0 updated, 0 unchanged/);
    const second = await runCli(["import-top10", file], server.database.env);
    expect(second.output).toMatch(/134620 rows read \(country\), 0 created, 0 updated, 134620 unchanged; 0 shows and 0 seasons created/);
    const { show } = await query(
      server.url,
      `{ show(slug: "the-imperfects") { chartEntries(where: {region: "AU"}, first: 10) { nodes { weekEnd rank category country { code name } } } } }`,
    );
    expect(show.chartEntries.nodes).toContainEqual({ weekEnd: "2022-09-11", rank: 5, category: "TV", country: { code: "AU", name: "Australia" } });
  });
});

function slugOf(title: string): string {
  return title
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}
