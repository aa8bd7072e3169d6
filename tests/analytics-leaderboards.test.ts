// Season leaderboards, movers and company/person totals (#16), on the seed plus Netflix's real global file,
// checked against figures this test computes from the file itself.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, adminEnv, createStaff, importGlobalTop10, signIn, type Staff } from "./support/accounts.js";
import { bearer, graphql, query } from "./support/graphql.js";
import { globalId } from "./support/ids.js";
import { importTop10Upload } from "./support/imports.js";
import { projectRoot, startServerOnFreshDatabase } from "./support/server.js";

const FILE = join(projectRoot, "..", "shared", "data", "all-weeks-global.tsv");
const DAY = 86_400_000;

interface FileRow {
  week: string;
  category: string;
  rank: number;
  show: string;
  season: string | null;
  hours: number;
  /** The title's runtime in hours as the file states it (0 for some titles); null before Netflix published runtimes. */
  runtime: number | null;
  views: number | null;
}

let rows: FileRow[];
let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
let staff: Staff;
let seedImperfects: any;
/** Titles the import made specials or live events (one-off, no seasons): no season of theirs is on a leaderboard. */
let specials: Set<string>;

const STATS = `chartStats { category firstWeek viewsFirst28Days hoursFirst28Days debutRank peakRank weeksInTop10 totalHours totalViews reentryWeeks
  largestDrop { weekEnd percent } source { source category firstWeek lastWeek dataThrough refreshedAt } }`;
const LEADERBOARD = `query($first: Int, $after: String, $last: Int, $before: String, $where: SeasonWhere, $orderBy: [SeasonOrder!]) {
  seasons(first: $first, after: $after, last: $last, before: $before, where: $where, orderBy: $orderBy) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    nodes { id number show { title } chartEntries(first: 1, where: { region: ["GLOBAL"] }) { nodes { showTitle seasonTitle } } ${STATS} } } }`;

const TV_ENGLISH_2024 = { category: ["TV_ENGLISH"], firstWeek: { from: "2024-01-01", to: "2024-12-31" } };

function readRows(text: string): FileRow[] {
  const [header, ...lines] = text.trim().split("\n");
  const columns = header!.split("\t");
  return lines.map((line) => {
    const cells = Object.fromEntries(line.split("\t").map((cell, index) => [columns[index], cell.trim()]));
    return {
      week: cells.week!,
      category: cells.category!,
      rank: Number(cells.weekly_rank),
      show: cells.show_title!,
      season: cells.season_title === "N/A" || cells.season_title === "" ? null : cells.season_title!,
      hours: Number(cells.weekly_hours_viewed),
      runtime: cells.runtime ? Number(cells.runtime) : null,
      views: cells.weekly_views && cells.weekly_views !== "N/A" ? Number(cells.weekly_views) : null,
    };
  });
}

/** The file's own answer: each title's first 28 days in the list (weeks ending within 21 days of its first Sunday). */
function firstMonthByTitle(category: string) {
  const byTitle = new Map<string, FileRow[]>();
  for (const row of rows.filter((candidate) => candidate.category === category)) {
    const key = row.season ?? row.show;
    byTitle.set(key, [...(byTitle.get(key) ?? []), row]);
  }
  return [...byTitle].filter(([, weeks]) => !specials.has(weeks[0]!.show)).map(([title, weeks]) => {
    weeks.sort((a, b) => a.week.localeCompare(b.week));
    const first = Date.parse(weeks[0]!.week);
    const month = weeks.filter((week) => Date.parse(week.week) <= first + 21 * DAY);
    return {
      title,
      firstWeek: weeks[0]!.week,
      views: month.every((week) => week.views !== null) ? month.reduce((total, week) => total + week.views!, 0) : null,
      hours: month.reduce((total, week) => total + week.hours, 0),
    };
  });
}

/** The file's week-over-week moves in hours of one list for the weeks ending from `from` to `to`. */
function movesInFile(category: string, from: string, to: string) {
  const key = (row: FileRow) => `${row.show}\u0000${row.season ?? ""}`;
  const list = rows.filter((row) => row.category === category);
  const byWeek = new Map(list.map((row) => [`${row.week}\u0000${key(row)}`, row]));
  return list
    .filter((row) => row.week >= from && row.week <= to)
    .flatMap((row) => {
      const before = byWeek.get(`${new Date(Date.parse(row.week) - 7 * DAY).toISOString().slice(0, 10)}\u0000${key(row)}`);
      if (!before || before.hours === 0) return [];
      return [{ week: row.week, title: row.season ?? row.show, percent: Math.round(((row.hours - before.hours) / before.hours) * 10_000) / 100 }];
    });
}

/**
 * What chartTotals should say for the shows titled so in the file, from the file's own rows: every week of their
 * seasons in the global TV lists. A week's views are Netflix's where the file has them; otherwise hours ÷ runtime,
 * with the row's runtime or else the season's (the newest of its rows that states one, which the import stores on
 * the season), as src/charts/figures.ts `viewsOf` defines views. A season's views count only when all its weeks'
 * are known; `computedWeeks` says how many weeks needed the division.
 */
function totalsInFile(shows: string[]) {
  const seasons = new Map<string, FileRow[]>();
  for (const row of rows.filter((candidate) => shows.includes(candidate.show) && candidate.category.startsWith("TV"))) {
    const key = `${row.show}\u0000${row.season ?? ""}`;
    seasons.set(key, [...(seasons.get(key) ?? []), row]);
  }
  let totalViews = 0;
  let viewsComplete = true;
  let computedWeeks = 0;
  for (const weeks of seasons.values()) {
    const newestStated = weeks.filter((week) => week.runtime).sort((a, b) => b.week.localeCompare(a.week))[0];
    const views = weeks.map((week) => {
      if (week.views !== null) return week.views;
      const runtime = week.runtime || newestStated?.runtime;
      if (!runtime) return null;
      computedWeeks += 1;
      return Math.round(week.hours / runtime);
    });
    if (views.every((value) => value !== null)) totalViews += views.reduce<number>((total, value) => total + value!, 0);
    else viewsComplete = false;
  }
  const all = [...seasons.values()].flat();
  return {
    totals: {
      chartWeeks: all.length,
      totalHours: all.reduce((total, row) => total + row.hours, 0),
      totalViews,
      viewsComplete,
      seasonsCharted: seasons.size,
      bestRank: Math.min(...all.map((row) => row.rank)),
    },
    computedWeeks,
  };
}

const titleOf = (node: any) => node.chartEntries.nodes[0].seasonTitle ?? node.chartEntries.nodes[0].showTitle;

async function statements(source: string, variables?: Record<string, unknown>) {
  const result = await graphql(server.url, source, variables);
  expect(result.body.errors).toBeUndefined();
  return { count: Number(result.headers.get("x-sql-statements")), data: result.body.data };
}

beforeAll(async () => {
  rows = readRows(await readFile(FILE, "utf8"));
  server = await startServerOnFreshDatabase(adminEnv);
  staff = await createStaff(server.url);
  // The seed's rows alone, before the file: the seed path fills the statistics too.
  seedImperfects = (await query(server.url, `{ show(slug: "the-imperfects") { seasons { number ${STATS} } } }`)).show.seasons[0];
  await importGlobalTop10(server.url);
  const special = await query(server.url, `{ shows(first: 100, where: { kind: [SPECIAL] }) { totalCount nodes { title } } }`);
  expect(special.shows.totalCount).toBeLessThan(100);
  specials = new Set(special.shows.nodes.map((show: any) => show.title));
});
afterAll(async () => {
  await server?.close();
});

describe("precomputed season statistics", () => {
  it("the seed fills them: The Imperfects' three seeded weeks", () => {
    expect(seedImperfects.chartStats).toMatchObject({
      category: "TV_ENGLISH",
      firstWeek: "2022-09-11",
      hoursFirst28Days: 24_070_000 + 35_020_000 + 12_760_000,
      debutRank: 3,
      peakRank: 3,
      weeksInTop10: 3,
      reentryWeeks: 0,
      largestDrop: { weekEnd: "2022-09-25", percent: -63.56 },
      source: { category: "TV_ENGLISH", firstWeek: "2022-09-11", lastWeek: "2022-09-25" },
    });
  });

  it("say where they came from: Netflix's Top 10, the list, the weeks covered and the file's date", async () => {
    const { seasons } = await query(server.url, LEADERBOARD, { first: 1, where: TV_ENGLISH_2024, orderBy: ["VIEWS_FIRST_28_DAYS_DESC"] });
    const newest = rows.filter((row) => row.category === "TV (English)").reduce((latest, row) => (row.week > latest ? row.week : latest), "");
    expect(seasons.nodes[0].chartStats.source).toMatchObject({ source: expect.stringContaining("Netflix"), category: "TV_ENGLISH", dataThrough: newest });
    expect(seasons.nodes[0].chartStats.source.firstWeek).toBe(seasons.nodes[0].chartStats.firstWeek);
  });
});

describe("seasons leaderboard", () => {
  it("top 10 TV (English) seasons of 2024 by first-28-day views, in one query, match the file", async () => {
    const expected = firstMonthByTitle("TV (English)")
      .filter((title) => title.firstWeek >= "2024-01-01" && title.firstWeek <= "2024-12-31" && title.views !== null)
      .sort((a, b) => b.views! - a.views!)
      .slice(0, 10);
    const { seasons } = await query(server.url, LEADERBOARD, { first: 10, where: TV_ENGLISH_2024, orderBy: ["VIEWS_FIRST_28_DAYS_DESC"] });
    expect(seasons.nodes.map((node: any) => [titleOf(node), node.chartStats.viewsFirst28Days])).toEqual(expected.map((title) => [title.title, title.views]));
    expect(seasons.nodes.every((node: any) => node.chartStats.firstWeek >= "2024-01-01" && node.chartStats.category === "TV_ENGLISH")).toBe(true);
  });

  it("by first-28-day hours, the same against the file", async () => {
    const expected = firstMonthByTitle("TV (Non-English)")
      .filter((title) => title.firstWeek >= "2023-01-01" && title.firstWeek <= "2023-12-31")
      .sort((a, b) => b.hours - a.hours)
      .slice(0, 5);
    const where = { category: ["TV_NON_ENGLISH"], firstWeek: { from: "2023-01-01", to: "2023-12-31" } };
    const { seasons } = await query(server.url, LEADERBOARD, { first: 5, where, orderBy: ["HOURS_FIRST_28_DAYS_DESC"] });
    expect(seasons.nodes.map((node: any) => [titleOf(node), node.chartStats.hoursFirst28Days])).toEqual(expected.map((title) => [title.title, title.hours]));
  });

  it("orders by peak rank, weeks, debut rank and largest drop, ties broken by first-28-day hours", async () => {
    const read = async (orderBy: string) => (await query(server.url, LEADERBOARD, { first: 40, where: TV_ENGLISH_2024, orderBy: [orderBy] })).seasons.nodes.map((node: any) => node.chartStats);
    const peak = await read("PEAK_RANK_ASC");
    for (let i = 1; i < peak.length; i += 1) {
      expect(peak[i].peakRank).toBeGreaterThanOrEqual(peak[i - 1].peakRank);
      if (peak[i].peakRank === peak[i - 1].peakRank) expect(peak[i].hoursFirst28Days).toBeLessThanOrEqual(peak[i - 1].hoursFirst28Days);
    }
    expect(peak[0].peakRank).toBe(1);
    const weeks = await read("WEEKS_IN_TOP10_DESC");
    for (let i = 1; i < weeks.length; i += 1) expect(weeks[i].weeksInTop10).toBeLessThanOrEqual(weeks[i - 1].weeksInTop10);
    const debut = await read("DEBUT_RANK_ASC");
    for (let i = 1; i < debut.length; i += 1) expect(debut[i].debutRank).toBeGreaterThanOrEqual(debut[i - 1].debutRank);
    const drops = (await read("LARGEST_DROP_DESC")).filter((stats: any) => stats.largestDrop);
    for (let i = 1; i < drops.length; i += 1) expect(drops[i].largestDrop.percent).toBeGreaterThanOrEqual(drops[i - 1].largestDrop.percent);
    expect(drops[0].largestDrop.percent).toBeLessThan(-50);
  });

  it("pages with cursors both ways, stable against the one-page answer", async () => {
    const variables = { where: TV_ENGLISH_2024, orderBy: ["HOURS_FIRST_28_DAYS_DESC"] };
    const whole = (await query(server.url, LEADERBOARD, { ...variables, first: 12 })).seasons;
    const one = (await query(server.url, LEADERBOARD, { ...variables, first: 5 })).seasons;
    const two = (await query(server.url, LEADERBOARD, { ...variables, first: 7, after: one.pageInfo.endCursor })).seasons;
    expect([...one.nodes, ...two.nodes].map((node: any) => node.id)).toEqual(whole.nodes.map((node: any) => node.id));
    expect(two.pageInfo.hasPreviousPage).toBe(true);
    const back = (await query(server.url, LEADERBOARD, { ...variables, last: 5, before: two.pageInfo.startCursor })).seasons;
    expect(back.nodes.map((node: any) => node.id)).toEqual(one.nodes.map((node: any) => node.id));
    expect(whole.totalCount).toBe(firstMonthByTitle("TV (English)").filter((title) => title.firstWeek >= "2024-01-01" && title.firstWeek <= "2024-12-31").length);
  });

  it("filters by production company, person, kind, status and language (seeded credits and companies)", async () => {
    const { productionCompany } = await query(server.url, `{ productionCompany(slug: "nomadic-pictures") { id shows(first: 50) { nodes { title seasons { id chartStats { weeksInTop10 } } } } } }`);
    const charted = productionCompany.shows.nodes.flatMap((show: any) => show.seasons.filter((season: any) => season.chartStats).map((season: any) => season.id)).sort();
    expect(charted.length).toBeGreaterThan(1);
    const byCompany = (await query(server.url, LEADERBOARD, { first: 50, where: { show: { productionCompanyId: productionCompany.id } } })).seasons;
    expect(byCompany.nodes.map((node: any) => node.id).sort()).toEqual(charted);

    const { person } = await query(server.url, `{ person(slug: "shelley-eriksen") { id } }`);
    const byPerson = (await query(server.url, LEADERBOARD, { first: 50, where: { show: { personId: person.id } } })).seasons;
    expect(byPerson.nodes.map((node: any) => node.show.title)).toEqual(["The Imperfects"]);

    const english = (await query(server.url, `{ seasons(first: 100, where: { show: { originalLanguage: ["en"], kind: [SERIES], status: [CANCELED] } }) { totalCount nodes { show { originalLanguage kind status } } } }`)).seasons;
    expect(english.totalCount).toBeGreaterThan(0);
    expect(english.nodes.every((node: any) => node.show.originalLanguage === "en" && node.show.kind === "SERIES" && node.show.status === "CANCELED")).toBe(true);

    const either = (await query(server.url, LEADERBOARD, { first: 50, where: { OR: [{ show: { personId: person.id } }, { show: { productionCompanyId: productionCompany.id } }], NOT: { category: ["TV_NON_ENGLISH"] } } })).seasons;
    expect(either.totalCount).toBe(byCompany.totalCount);
  });

  it("filters by kind, status and language (lists, OR and NOT) return every matching season and no other, paged to the end", async () => {
    // A second language on record, so a language filter has more than one value to tell apart.
    const squid = (await query(server.url, `{ show(slug: "squid-game") { id version } }`)).show;
    await query(server.url, `mutation($input: UpdateShowInput!) { updateShow(input: $input) { id } }`, { input: { id: squid.id, baseVersion: squid.version, originalLanguage: "ko" } }, staff.editor);

    // Every season with figures, read another way: each show's own fields and its seasons' figures (no leaderboard filter involved).
    interface Charted { id: string; category: string; kind: string; status: string; language: string | null }
    const universe: Charted[] = [];
    for (let after: string | null = null; ; ) {
      const { shows }: any = await query(
        server.url,
        `query($after: String) { shows(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { kind status originalLanguage seasons { id chartStats { category } } } } }`,
        { after },
      );
      for (const show of shows.nodes) {
        for (const season of show.seasons.filter((candidate: any) => candidate.chartStats)) {
          universe.push({ id: season.id, category: season.chartStats.category, kind: show.kind, status: show.status, language: show.originalLanguage });
        }
      }
      if (!shows.pageInfo.hasNextPage) break;
      after = shows.pageInfo.endCursor;
    }
    /** A filter's whole answer: every page, first to last. */
    const everyPage = async (where?: Record<string, unknown>) => {
      const ids: string[] = [];
      let totalCount = 0;
      for (let after: string | null = null; ; ) {
        const { seasons }: any = await query(
          server.url,
          `query($where: SeasonWhere, $after: String) { seasons(first: 100, after: $after, where: $where) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } }`,
          { where, after },
        );
        ids.push(...seasons.nodes.map((node: any) => node.id));
        totalCount = seasons.totalCount;
        if (!seasons.pageInfo.hasNextPage) break;
        after = seasons.pageInfo.endCursor;
      }
      return { ids, totalCount };
    };
    const all = await everyPage();
    expect(all.ids.sort()).toEqual(universe.map((season) => season.id).sort());

    const cases: [Record<string, unknown>, (season: Charted) => boolean][] = [
      [{ show: { kind: ["LIMITED_SERIES"] } }, (season) => season.kind === "LIMITED_SERIES"],
      [{ NOT: { show: { kind: ["LIMITED_SERIES"] } } }, (season) => season.kind !== "LIMITED_SERIES"],
      [{ category: ["TV_NON_ENGLISH"], show: { NOT: { kind: ["SERIES"] } } }, (season) => season.category === "TV_NON_ENGLISH" && season.kind !== "SERIES"],
      [{ show: { status: ["CANCELED", "RENEWED"] } }, (season) => season.status === "CANCELED" || season.status === "RENEWED"],
      [{ show: { status: ["ENDED"] } }, (season) => season.status === "ENDED"],
      [{ NOT: { show: { status: ["PENDING"] } } }, (season) => season.status !== "PENDING"],
      [{ show: { originalLanguage: ["en"] } }, (season) => season.language === "en"],
      [{ show: { originalLanguage: ["ko", "en"] } }, (season) => season.language === "ko" || season.language === "en"],
      [{ show: { originalLanguage: ["en"], NOT: { status: ["CANCELED"] } } }, (season) => season.language === "en" && season.status !== "CANCELED"],
      // NOT is "does not match": a show whose language is not on record is not English, so it is kept.
      [{ NOT: { show: { originalLanguage: ["en"] } } }, (season) => season.language !== "en"],
      [{ show: { NOT: { originalLanguage: ["ko"] } } }, (season) => season.language !== "ko"],
      [{ show: { OR: [{ kind: ["LIMITED_SERIES"] }, { status: ["RENEWED"] }, { originalLanguage: ["ko"] }] } }, (season) => season.kind === "LIMITED_SERIES" || season.status === "RENEWED" || season.language === "ko"],
      [
        { OR: [{ show: { status: ["CANCELED", "RENEWED"] } }, { category: ["TV_NON_ENGLISH"], show: { kind: ["LIMITED_SERIES"] } }], NOT: { category: ["TV_ENGLISH"], show: { status: ["RENEWED"] } } },
        (season) =>
          (season.status === "CANCELED" || season.status === "RENEWED" || (season.category === "TV_NON_ENGLISH" && season.kind === "LIMITED_SERIES")) &&
          !(season.category === "TV_ENGLISH" && season.status === "RENEWED"),
      ],
    ];
    for (const [where, matches] of cases) {
      const label = JSON.stringify(where);
      const expected = universe.filter(matches).map((season) => season.id).sort();
      // Neither everything nor nothing: the filter has seasons to keep and seasons to leave out.
      expect(expected.length, label).toBeGreaterThan(0);
      expect(expected.length, label).toBeLessThan(universe.length);
      const { ids, totalCount } = await everyPage(where);
      expect(new Set(ids).size, label).toBe(ids.length);
      expect(ids.sort(), label).toEqual(expected);
      expect(totalCount, label).toBe(expected.length);
    }
  });

  it("costs a fixed number of statements: one for the page with its figures, one for the shows, one for the count", async () => {
    const page = `query($first: Int!) { seasons(first: $first, where: { category: [TV_ENGLISH] }, orderBy: [VIEWS_FIRST_28_DAYS_DESC]) {
      nodes { number show { title } ${STATS} } } }`;
    for (const first of [5, 100]) expect((await statements(page, { first })).count).toBe(2);
    const counted = `{ seasons(first: 10, where: { show: { kind: [SERIES] } }) { totalCount nodes { number } } }`;
    expect((await statements(counted)).count).toBe(2);
    // Figures on seasons reached another way: one batched read for all of them.
    const nested = `{ shows(first: 50, where: { titleContains: "the" }) { nodes { seasons { ${STATS} } } } }`;
    expect((await statements(nested)).count).toBe(2);
  });
});

describe("chartMovers", () => {
  const MOVERS = `query($category: ChartCategory!, $from: Date!, $to: Date!, $direction: MoverDirection, $min: Float, $first: Int, $after: String) {
    chartMovers(category: $category, from: $from, to: $to, direction: $direction, minChangePercent: $min, first: $first, after: $after) {
      totalCount pageInfo { endCursor hasNextPage }
      nodes { weekEnd rank showTitle seasonTitle hoursViewed hoursChange hoursChangePercent previousWeek { weekEnd rank hoursViewed } } } }`;

  it("a real week's biggest drops and rises, beside the same title's week before, as the file has them", async () => {
    const week = "2024-06-30";
    const moves = movesInFile("TV (English)", week, week);
    const drops = moves.filter((move) => move.percent < 0).sort((a, b) => a.percent - b.percent);
    const { chartMovers } = await query(server.url, MOVERS, { category: "TV_ENGLISH", from: week, to: week, direction: "DROPS" });
    expect(chartMovers.nodes.map((node: any) => [node.seasonTitle ?? node.showTitle, node.hoursChangePercent])).toEqual(drops.map((move) => [move.title, move.percent]));
    const top = chartMovers.nodes[0];
    expect(top.previousWeek.weekEnd).toBe("2024-06-23");
    expect(top.hoursChange).toBe(top.hoursViewed - top.previousWeek.hoursViewed);
    const rises = (await query(server.url, MOVERS, { category: "TV_ENGLISH", from: week, to: week, direction: "RISES" })).chartMovers;
    expect(rises.nodes.map((node: any) => node.hoursChangePercent)).toEqual(moves.filter((move) => move.percent > 0).map((move) => move.percent).sort((a, b) => b - a));
  });

  it("'which shows dropped more than 50% this month' is one query, paged with cursors", async () => {
    const expected = movesInFile("TV (English)", "2024-06-01", "2024-06-30")
      .filter((move) => move.percent <= -50)
      .sort((a, b) => a.percent - b.percent);
    expect(expected.length).toBeGreaterThan(3);
    const variables = { category: "TV_ENGLISH", from: "2024-06-01", to: "2024-06-30", direction: "DROPS", min: 50 };
    const one = (await query(server.url, MOVERS, { ...variables, first: 2 })).chartMovers;
    const rest = (await query(server.url, MOVERS, { ...variables, first: 50, after: one.pageInfo.endCursor })).chartMovers;
    expect(one.totalCount).toBe(expected.length);
    expect([...one.nodes, ...rest.nodes].map((node: any) => node.hoursChangePercent)).toEqual(expected.map((move) => move.percent));
    expect(rest.pageInfo.hasNextPage).toBe(false);
  });

  it("costs one statement for the page, one for the previous weeks, one for the count", async () => {
    const { count } = await statements(`{ chartMovers(category: TV_ENGLISH, from: "2024-01-01", to: "2024-12-31", first: 50) {
      totalCount nodes { hoursChangePercent previousWeek { rank } } } }`);
    expect(count).toBe(3);
  });
});

describe("chartTotals", () => {
  it("a person's and a company's totals add up their shows' global weeks (from the chart rows themselves)", async () => {
    const imperfects = rows.filter((row) => row.show === "The Imperfects");
    const { person } = await query(server.url, `{ person(slug: "shelley-eriksen") { chartTotals { chartWeeks totalHours totalViews seasonsCharted bestRank viewsComplete source { source dataThrough } } } }`);
    expect(person.chartTotals).toMatchObject({
      chartWeeks: imperfects.length,
      totalHours: imperfects.reduce((total, row) => total + row.hours, 0),
      seasonsCharted: 1,
      bestRank: Math.min(...imperfects.map((row) => row.rank)),
    });
    const { productionCompany } = await query(server.url, `{ productionCompany(slug: "nomadic-pictures") {
      chartTotals { chartWeeks totalHours seasonsCharted bestRank }
      shows(first: 50) { nodes { chartEntries(first: 100, where: { region: ["GLOBAL"] }) { nodes { rank hoursViewed season { id } } } } } } }`);
    const entries = productionCompany.shows.nodes.flatMap((show: any) => show.chartEntries.nodes).filter((entry: any) => entry.season);
    expect(productionCompany.chartTotals).toEqual({
      chartWeeks: entries.length,
      totalHours: entries.reduce((total: number, entry: any) => total + entry.hoursViewed, 0),
      seasonsCharted: new Set(entries.map((entry: any) => entry.season.id)).size,
      bestRank: Math.min(...entries.map((entry: any) => entry.rank)),
    });
  });

  const TOTALS = "chartTotals { chartWeeks totalHours totalViews viewsComplete seasonsCharted bestRank }";
  const showOf = async (slug: string) => (await query(server.url, `query($slug: String!) { show(slug: $slug) { id version } }`, { slug })).show;

  it("a person's views add up Netflix's and hours ÷ runtime over their shows, each show once, as the file has them", async () => {
    // Seeded: Iñaki Godoy is in The Imperfects (2022: no views, no runtime anywhere) and ONE PIECE (Netflix's views every week).
    const godoy = totalsInFile(["The Imperfects", "ONE PIECE"]);
    expect(godoy.totals).toMatchObject({ viewsComplete: false, seasonsCharted: 3 });
    expect(godoy.totals.totalViews).toBeGreaterThan(0);
    const seeded = await query(server.url, `{ person(slug: "inaki-godoy") { ${TOTALS} } }`);
    expect(seeded.person.chartTotals).toEqual(godoy.totals);

    // Wednesday season 1's 2022-23 weeks have no views in the file: they are hours ÷ the runtime its 2025 rows state.
    const wednesday = totalsInFile(["Wednesday", "The Imperfects"]);
    expect(wednesday.computedWeeks).toBeGreaterThan(10);
    const created = await query(server.url, `mutation { createPerson(input: { name: "Views Counted" }) { id } }`, undefined, staff.editor);
    const credit = `mutation($input: AddCreditInput!) { addCredit(input: $input) { id } }`;
    // Two credits on one show: its seasons still count once.
    for (const [slug, role] of [["wednesday", "CREATOR"], ["wednesday", "CAST"], ["the-imperfects", "CAST"]] as const) {
      const show = await showOf(slug);
      await query(server.url, credit, { input: { showId: show.id, baseVersion: show.version, personId: created.createPerson.id, role } }, staff.editor);
    }
    const { node } = await query(server.url, `query($id: ID!) { node(id: $id) { ... on Person { ${TOTALS} } } }`, { id: created.createPerson.id });
    expect(node.chartTotals).toEqual(wednesday.totals);
  });

  it("a company's views are complete when every week of its shows' seasons has one, Netflix's or computed", async () => {
    // Seeded: Nomadic Pictures made My Life With the Walter Boys (Netflix's views) and The Imperfects (none); its 2019 shows never charted.
    const nomadic = totalsInFile(["My Life With the Walter Boys", "The Imperfects", "The I-Land", "The Order", "Wu Assassins"]);
    expect(nomadic.totals.viewsComplete).toBe(false);
    const seeded = await query(server.url, `{ productionCompany(slug: "nomadic-pictures") { ${TOTALS} } }`);
    expect(seeded.productionCompany.chartTotals).toEqual(nomadic.totals);

    // Wednesday and Squid Game: every season's every week has views, Netflix's since mid-2023 and hours ÷ runtime before.
    const expected = totalsInFile(["Wednesday", "Squid Game"]);
    expect(expected.totals.viewsComplete).toBe(true);
    expect(expected.computedWeeks).toBeGreaterThan(30);
    const company = (await query(server.url, `mutation { createProductionCompany(input: { name: "Views Complete Pictures" }) { id } }`, undefined, staff.editor)).createProductionCompany;
    for (const slug of ["wednesday", "squid-game"]) {
      const show = await showOf(slug);
      await query(server.url, `mutation($show: ID!, $company: ID!, $version: Int!) { linkProductionCompany(showId: $show, companyId: $company, baseVersion: $version) }`, { show: show.id, company: company.id, version: show.version }, staff.editor);
    }
    const { node } = await query(server.url, `query($id: ID!) { node(id: $id) { ... on ProductionCompany { ${TOTALS} } } }`, { id: company.id });
    expect(node.chartTotals).toEqual(expected.totals);
  });

  it("is zeros and nulls, clearly, for someone whose shows never charted", async () => {
    const created = await query(
      server.url,
      `mutation { createPerson(input: { name: "Nobody Charted" }) { chartTotals { chartWeeks totalHours totalViews seasonsCharted bestRank viewsComplete source { firstWeek dataThrough } } } }`,
      undefined,
      staff.editor,
    );
    expect(created.createPerson.chartTotals).toEqual({
      chartWeeks: 0,
      totalHours: 0,
      totalViews: 0,
      seasonsCharted: 0,
      bestRank: null,
      viewsComplete: true,
      source: { firstWeek: null, dataThrough: null },
    });
    const { people } = await query(server.url, `{ people(first: 100) { nodes { slug chartTotals { chartWeeks bestRank } } } }`);
    const uncharted = people.nodes.filter((node: any) => node.chartTotals.chartWeeks === 0);
    expect(uncharted.every((node: any) => node.chartTotals.bestRank === null)).toBe(true);
  });

  it("costs one statement for a page of owners", async () => {
    const { count } = await statements(`{ people(first: 100) { nodes { chartTotals { chartWeeks totalHours seasonsCharted bestRank } } } }`);
    expect(count).toBe(2);
  });
});

describe("query cost", () => {
  it("prices the analytics fields by their weights (seasons 5, chartMovers 20, chartTotals 10) times their pages", async () => {
    const totals = "show { productionCompanies { chartTotals { chartWeeks } } }";
    const seasons = (alias: string) => `${alias}: seasons(first: 100) { nodes { ${totals} } }`;
    const source = `{ ${["a", "b", "c", "d"].map(seasons).join(" ")} movers: chartMovers(category: TV_ENGLISH, from: "2024-06-01", to: "2024-06-30", first: 100) { nodes { ${totals} } } }`;
    // A node: nodes 1 + show 1 + productionCompanies (1 + 10 assumed × (chartTotals 10 + chartWeeks 1)).
    const perNode = 1 + 1 + (1 + 10 * (10 + 1));
    const result = await graphql(server.url, source);
    expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", cost: 4 * (5 + 100 * perNode) + (20 + 100 * perNode) });
  });

  it("prices Season.chartStats as a plain field (1, batched), refusing a page of seasons that asks it of 10,000 chart rows' seasons", async () => {
    const source = `{ seasons(first: 100) { nodes { show { chartEntries(first: 100) { nodes { season { chartStats { peakRank weeksInTop10 } } } } } } } }`;
    // A chart row: nodes 1 + season 1 + chartStats (1 + peakRank 1 + weeksInTop10 1) = 5;
    // a season: nodes 1 + show 1 + chartEntries (1 + 100 × 5) = 503; the page: seasons 5 + 100 × 503 = 50,305 (the limit is 50,000).
    const result = await graphql(server.url, source);
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", cost: 5 + 100 * (1 + 1 + (1 + 100 * (1 + 1 + (1 + 1 + 1)))), maxCost: 50_000 });
  });
});

describe("bad arguments", () => {
  const codeAndField = async (source: string) => {
    const result = await graphql(server.url, source);
    return [result.body.errors?.[0]?.extensions?.code, result.body.errors?.[0]?.extensions?.field];
  };

  it("are BAD_USER_INPUT naming the argument", async () => {
    expect(await codeAndField(`{ seasons(first: 101) { nodes { number } } }`)).toEqual(["BAD_USER_INPUT", "first"]);
    expect(await codeAndField(`{ seasons(where: { firstWeek: { from: "2024-12-31", to: "2024-01-01" } }) { nodes { number } } }`)).toEqual(["BAD_USER_INPUT", "where.firstWeek"]);
    expect(await codeAndField(`{ seasons(where: { show: { productionCompanyId: "${globalId("ProductionCompany", 987654)}" } }) { nodes { number } } }`)).toEqual([
      "BAD_USER_INPUT",
      "where.show.productionCompanyId",
    ]);
    expect(await codeAndField(`{ seasons(where: { OR: [{ show: { personId: "${globalId("Person", 987654)}" } }] }) { nodes { number } } }`)).toEqual([
      "BAD_USER_INPUT",
      "where.OR.0.show.personId",
    ]);
    expect((await codeAndField(`{ seasons(where: { show: { personId: "${globalId("Show", 1)}" } }) { nodes { number } } }`))[0]).toBe("BAD_USER_INPUT");
    const cursor = (await query(server.url, `{ seasons(first: 1, orderBy: [PEAK_RANK_ASC]) { pageInfo { endCursor } } }`)).seasons.pageInfo.endCursor;
    expect(await codeAndField(`{ seasons(after: "${cursor}", orderBy: [VIEWS_FIRST_28_DAYS_DESC]) { nodes { number } } }`)).toEqual(["BAD_USER_INPUT", "after"]);
    expect(await codeAndField(`{ chartMovers(category: TV_ENGLISH, from: "2024-06-30", to: "2024-06-01") { nodes { rank } } }`)).toEqual(["BAD_USER_INPUT", "to"]);
    expect(await codeAndField(`{ chartMovers(category: TV, from: "2024-06-01", to: "2024-06-30") { nodes { rank } } }`)).toEqual(["BAD_USER_INPUT", "category"]);
    expect(await codeAndField(`{ chartMovers(category: TV_ENGLISH, from: "2024-06-01", to: "2024-06-30", minChangePercent: -5) { nodes { rank } } }`)).toEqual([
      "BAD_USER_INPUT",
      "minChangePercent",
    ]);
    expect(await codeAndField(`{ chartMovers(category: TV_ENGLISH, from: "2024-06-01", to: "2024-06-30", first: 500) { nodes { rank } } }`)).toEqual(["BAD_USER_INPUT", "first"]);
  });
});

describe("filters that cannot match by construction", () => {
  // The leaderboard holds the global TV lists' seasons only: films, specials and national lists have none.
  const refusal = async (where: string) => {
    const result = await graphql(server.url, `{ seasons(where: ${where}) { nodes { number } } }`);
    expect(result.body.data?.seasons ?? null).toBeNull();
    const error = result.body.errors?.[0];
    return [error?.extensions?.code, error?.extensions?.field, error?.message];
  };

  it("are BAD_USER_INPUT naming the argument, never an empty page", async () => {
    const film = await refusal(`{ category: [FILMS_ENGLISH] }`);
    expect(film.slice(0, 2)).toEqual(["BAD_USER_INPUT", "where.category"]);
    expect(film[2]).toMatch(/FILMS_ENGLISH is a film list: films have no seasons/);
    expect((await refusal(`{ category: [TV_ENGLISH, FILMS_NON_ENGLISH] }`)).slice(0, 2)).toEqual(["BAD_USER_INPUT", "where.category"]);
    const national = await refusal(`{ category: [TV] }`);
    expect(national.slice(0, 2)).toEqual(["BAD_USER_INPUT", "where.category"]);
    expect(national[2]).toMatch(/national list: season figures are computed from the global lists only/);
    expect((await refusal(`{ category: [] }`)).slice(0, 2)).toEqual(["BAD_USER_INPUT", "where.category"]);
    const kind = await refusal(`{ category: [TV_ENGLISH], show: { kind: [FILM] } }`);
    expect(kind.slice(0, 2)).toEqual(["BAD_USER_INPUT", "where.show.kind"]);
    expect(kind[2]).toMatch(/kind FILM can never match \(films have no seasons\)/);
    expect((await refusal(`{ show: { OR: [{ kind: [SERIES] }, { kind: [SPECIAL] }] } }`)).slice(0, 2)).toEqual(["BAD_USER_INPUT", "where.show.OR.1.kind"]);
    expect((await refusal(`{ AND: [{ firstWeek: { from: "2024-01-01" } }, { category: [FILMS] }] }`)).slice(0, 2)).toEqual(["BAD_USER_INPUT", "where.AND.1.category"]);
  });

  it("excluding what cannot be there is allowed: NOT a film is every season", async () => {
    const all = await query(server.url, `{ seasons(first: 1) { totalCount } }`);
    const notFilms = await query(server.url, `{ seasons(first: 1, where: { NOT: { category: [FILMS_ENGLISH], show: { kind: [FILM] } } }) { totalCount } }`);
    expect(all.seasons.totalCount).toBeGreaterThan(0);
    expect(notFilms.seasons.totalCount).toBe(all.seasons.totalCount);
    // The lists and kinds seasons do have still filter as before.
    const tv = await query(server.url, `{ seasons(first: 1, where: { category: [TV_ENGLISH, TV_NON_ENGLISH], show: { kind: [SERIES, LIMITED_SERIES] } }) { totalCount } }`);
    expect(tv.seasons.totalCount).toBeGreaterThan(0);
  });
});

describe("refreshes", () => {
  it("a merge refreshes both shows' statistics in its transaction (Doc and DOC's season 1 become one)", async () => {
    const lookup = async (title: string) =>
      (await query(server.url, `query($t: String!) { shows(first: 5, where: { titleContains: $t }) { nodes { id title version seasons { number ${STATS} chartEntries(where: { region: ["GLOBAL"] }) { totalCount } } } } }`, { t: title })).shows.nodes.find(
        (show: any) => show.title === title,
      );
    const [us, italian] = [await lookup("Doc"), await lookup("DOC")];
    const before = us.seasons.find((season: any) => season.number === 1);
    expect(before.chartStats.weeksInTop10 + before.chartStats.reentryWeeks).toBe(before.chartEntries.totalCount);
    const merged = await graphql(
      server.url,
      `mutation($input: MergeShowsInput!) { mergeShows(input: $input) { mergeId } }`,
      { input: { sourceId: italian.id, targetId: us.id, sourceBaseVersion: italian.version, targetBaseVersion: us.version } },
      staff.editor,
    );
    expect(merged.body.errors).toBeUndefined();
    const after = (await lookup("Doc")).seasons.find((season: any) => season.number === 1);
    expect(after.chartEntries.totalCount).toBeGreaterThan(before.chartEntries.totalCount);
    expect(after.chartStats.weeksInTop10 + after.chartStats.reentryWeeks).toBe(after.chartEntries.totalCount);

    // Unmerging moves the rows back and refreshes again: the season's figures are what they were.
    const unmerged = await graphql(server.url, `mutation($id: ID!) { unmergeShows(mergeId: $id) { source { id } } }`, { id: merged.body.data.mergeShows.mergeId }, staff.editor);
    expect(unmerged.body.errors).toBeUndefined();
    const restored = (await lookup("Doc")).seasons.find((season: any) => season.number === 1);
    const withoutRefreshTime = ({ source: { refreshedAt: _at, ...source }, ...stats }: any) => ({ ...stats, source });
    expect(withoutRefreshTime(restored.chartStats)).toEqual(withoutRefreshTime(before.chartStats));
    expect(restored.chartStats.source.refreshedAt > before.chartStats.source.refreshedAt).toBe(true);
  });

  it("a split refreshes both shows: the rows that leave take their weeks to the new show's season", async () => {
    const docShow = async (title: string) =>
      (await query(server.url, `query($t: String!) { shows(first: 5, where: { titleContains: $t }) { nodes { id title version seasons { number ${STATS} chartEntries(where: { region: ["GLOBAL"] }) { totalCount } } } } }`, { t: title })).shows.nodes.find(
        (show: any) => show.title === title,
      );
    const [us, italian] = [await docShow("Doc"), await docShow("DOC")];
    const alone = us.seasons.find((season: any) => season.number === 1);
    const merge = `mutation($input: MergeShowsInput!) { mergeShows(input: $input) { target { version } } }`;
    const merged = await query(server.url, merge, { input: { sourceId: italian.id, targetId: us.id, sourceBaseVersion: italian.version, targetBaseVersion: us.version } }, staff.editor);
    const split = await graphql(
      server.url,
      `mutation($input: SplitShowInput!) { splitShow(input: $input) { newShow { seasons { number ${STATS} chartEntries(where: { region: ["GLOBAL"] }) { totalCount } } } } }`,
      { input: { showId: us.id, baseVersion: merged.mergeShows.target.version, seasonTitles: ["DOC: Season 1"], newShow: { title: "DOC", kind: "SERIES" } } },
      staff.editor,
    );
    expect(split.body.errors).toBeUndefined();
    const [moved] = split.body.data.splitShow.newShow.seasons;
    expect(moved.chartStats.weeksInTop10 + moved.chartStats.reentryWeeks).toBe(moved.chartEntries.totalCount);
    expect(moved.chartStats.category).toBe("TV_NON_ENGLISH");
    const stayed = (await docShow("Doc")).seasons.find((season: any) => season.number === 1);
    expect(stayed.chartStats.weeksInTop10 + stayed.chartStats.reentryWeeks).toBe(alone.chartEntries.totalCount);
    expect(stayed.chartStats.firstWeek).toBe(alone.chartStats.firstWeek);
  });

  it("a re-import refreshes what it touched: a new week extends a season's run", async () => {
    const newest = rows.reduce((latest, row) => (row.week > latest ? row.week : latest), "");
    const leader = rows.find((row) => row.week === newest && row.category === "TV (English)" && row.rank === 1)!;
    const find = async () =>
      (await query(server.url, LEADERBOARD, { first: 1, where: { category: ["TV_ENGLISH"], firstWeek: { from: "2000-01-01" } }, orderBy: ["FIRST_WEEK_DESC"] })).seasons;
    const titleWhere = { category: ["TV_ENGLISH"] };
    const seasonsBefore = (await query(server.url, LEADERBOARD, { first: 100, where: titleWhere, orderBy: ["FIRST_WEEK_DESC"] })).seasons.nodes;
    const target = seasonsBefore.find((node: any) => titleOf(node) === (leader.season ?? leader.show));
    expect(target).toBeTruthy();
    expect(await find()).toBeTruthy();
    const next = new Date(Date.parse(newest) + 7 * DAY).toISOString().slice(0, 10);
    const header = "week\tcategory\tweekly_rank\tshow_title\tseason_title\tweekly_hours_viewed\truntime\tweekly_views\tcumulative_weeks_in_top_10";
    const line = [next, "TV (English)", 1, leader.show, leader.season ?? "N/A", 1_000_000, 1, 1_000_000, 99].join("\t");
    const token = await signIn(server.url, ADMIN.email, ADMIN.password);
    await importTop10Upload(server.url, `${header}\n${line}\n`, "one-more-week.tsv", bearer(token));
    const seasonsAfter = (await query(server.url, LEADERBOARD, { first: 100, where: titleWhere, orderBy: ["FIRST_WEEK_DESC"] })).seasons.nodes;
    const updated = seasonsAfter.find((node: any) => node.id === target.id);
    expect(updated.chartStats.weeksInTop10 + updated.chartStats.reentryWeeks).toBe(target.chartStats.weeksInTop10 + target.chartStats.reentryWeeks + 1);
    expect(updated.chartStats.source.dataThrough).toBe(next);
  });
});
