// The figures and matching of the Top 10 import, checked against Netflix's real global file
// (imported once, through the admin mutation) and its older versions.
import { existsSync } from "node:fs";
import { importTop10Upload } from "./support/imports.js";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv, createStaff, type Staff } from "./support/accounts.js";
import { graphql, query } from "./support/graphql.js";
import { projectRoot, startServerOnFreshDatabase } from "./support/server.js";

// Beside the project, or beside the folder of worktrees the project may be checked out in.
const data = [join(projectRoot, "..", "shared", "data"), join(projectRoot, "..", "..", "shared", "data")].find((dir) => existsSync(dir))!;

const CATEGORY: Record<string, string> = {
  "TV (English)": "TV_ENGLISH",
  "TV (Non-English)": "TV_NON_ENGLISH",
  "Films (English)": "FILMS_ENGLISH",
  "Films (Non-English)": "FILMS_NON_ENGLISH",
};

interface FileRow {
  week: string;
  category: string;
  rank: number;
  show: string;
  season: string | null;
  hours: number;
  runtime: string;
  views: string;
  cumulative: number;
}

function readRows(text: string): FileRow[] {
  const [header, ...lines] = text.trim().split("\n");
  const columns = header!.split("\t");
  return lines.map((line) => {
    const cells = Object.fromEntries(line.split("\t").map((cell, index) => [columns[index], cell.trim()]));
    return {
      week: cells.week!,
      category: CATEGORY[cells.category!]!,
      rank: Number(cells.weekly_rank),
      show: cells.show_title!,
      season: cells.season_title === "N/A" || cells.season_title === "" ? null : cells.season_title!,
      hours: Number(cells.weekly_hours_viewed),
      runtime: cells.runtime ?? "",
      views: cells.weekly_views ?? "",
      cumulative: Number(cells.cumulative_weeks_in_top_10),
    };
  });
}

const IMPORT = `mutation($tsv: String!, $name: String!, $allowOlder: Boolean) {
  importTop10(tsv: $tsv, fileName: $name, allowOlder: $allowOlder) {
    rowsRead created updated unchanged showsCreated seasonsCreated showsRemoved olderThanHeld warnings } }`;

const keyOf = (row: { week?: string; weekEnd?: string; category: string; rank: number }) => `${row.weekEnd ?? row.week}|${row.category}|${row.rank}`;

interface ApiRow {
  weekEnd: string;
  category: string;
  rank: number;
  showTitle: string;
  seasonTitle: string | null;
  hoursViewed: number;
  views: number | null;
  viewsSource: "NETFLIX" | "COMPUTED" | null;
  hoursChange: number | null;
  hoursChangePercent: number | null;
  isStaggeredLaunch: boolean | null;
  show: { id: string; title: string; kind: string; status: string };
  season: { number: number; title: string | null; runtimeHours: number | null } | null;
}

let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
let staff: Staff;
let fileRows: FileRow[];
/** Every global row, as the API serves it after the import, by week|list|rank. */
const served = new Map<string, ApiRow>();

async function readAllGlobalRows(): Promise<Map<string, ApiRow>> {
  const rows = new Map<string, ApiRow>();
  let after: string | null = null;
  for (;;) {
    const page: { chartEntries: { nodes: ApiRow[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } = await query(
      server.url,
      `query($after: String) { chartEntries(first: 100, after: $after, where: {region: ["GLOBAL"]}) {
        nodes { weekEnd category rank showTitle seasonTitle hoursViewed views viewsSource hoursChange hoursChangePercent isStaggeredLaunch
          show { id title kind status } season { number title runtimeHours } }
        pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    for (const node of page.chartEntries.nodes) rows.set(keyOf(node), node);
    if (!page.chartEntries.pageInfo.hasNextPage) return rows;
    after = page.chartEntries.pageInfo.endCursor;
  }
}

const rowOf = (week: string, category: string, rank: number) => served.get(`${week}|${category}|${rank}`)!;
const rowsOf = (show: string, season?: string | null) =>
  [...served.values()].filter((row) => row.showTitle === show && (season === undefined || row.seasonTitle === season));

beforeAll(async () => {
  server = await startServerOnFreshDatabase(adminEnv);
  staff = await createStaff(server.url);
  const text = await readFile(join(data, "all-weeks-global.tsv"), "utf8");
  fileRows = readRows(text);
  const result = { importTop10: await importTop10Upload(server.url, text, "all-weeks-global.tsv", staff.admin) };
  expect(result.importTop10).toMatchObject({ rowsRead: 10_560, olderThanHeld: false, warnings: [] });
  for (const [key, row] of await readAllGlobalRows()) served.set(key, row);
}, 600_000);
afterAll(async () => {
  await server?.close();
});

describe("views: Netflix's own figures first", () => {
  it("equal Netflix's weekly_views on every row of the global file that has one, marked NETFLIX", () => {
    expect(served.size).toBe(10_560);
    const published = fileRows.filter((row) => row.views !== "");
    expect(published.length).toBeGreaterThan(5000);
    const mismatches = published.filter((row) => {
      const api = served.get(keyOf(row))!;
      return api.views !== Number(row.views) || api.viewsSource !== "NETFLIX";
    });
    expect(mismatches).toEqual([]);
  });

  it("keeps Netflix's figure where its runtime differs or is 0 (Raw, Miss Night and Day, King the Land, Suits)", () => {
    // Hours ÷ runtime would say 3,476,700.
    expect(rowsOf("Raw").find((row) => row.weekEnd === "2026-06-07")).toMatchObject({ views: 2_000_000, viewsSource: "NETFLIX" });
    for (const title of ["Miss Night and Day", "King the Land", "Suits"]) {
      const zeroRuntime = fileRows.filter((row) => row.show === title && row.runtime === "0" && row.views !== "");
      expect(zeroRuntime.length, title).toBeGreaterThan(0);
      for (const row of zeroRuntime) expect(served.get(keyOf(row))).toMatchObject({ views: Number(row.views), viewsSource: "NETFLIX" });
    }
  });

  it("computes hours ÷ the season's runtime for weeks before Netflix published runtimes, and says so", async () => {
    // The Chestnut Man's first season charted in 2021 without a runtime; its 2026 rows state 5.55 hours.
    const first = rowOf("2021-10-03", "TV_NON_ENGLISH", 2);
    expect(first.season).toMatchObject({ number: 1, runtimeHours: 5.55 });
    expect(first).toMatchObject({ views: Math.round(31_380_000 / 5.55), viewsSource: "COMPUTED" });
    // Where no row ever states a runtime, views stay unknown.
    const carrossel = rowsOf("Carrossel");
    expect(carrossel.length).toBe(10);
    for (const row of carrossel) expect(row).toMatchObject({ views: null, viewsSource: null });
    // Season.chartRun adds the same figures up.
    const chestnut = (await query(server.url, `{ show(id: "${first.show.id}") { seasons { number chartRun { totalViews weeksInTop10 } } } }`)).show;
    const seasonOne = rowsOf("The Chestnut Man", null);
    const expected = seasonOne.reduce((total, row) => total + row.views!, 0);
    expect(chestnut.seasons.find((season: { number: number }) => season.number === 1).chartRun).toEqual({ totalViews: expected, weeksInTop10: 7 });
  });
});

describe("week-over-week change", () => {
  it("compares every row of the file only with the same season title's previous week in the same list", () => {
    const byTitle = new Map(fileRows.map((row) => [`${row.category}|${row.show}|${row.season ?? ""}|${row.week}`, row]));
    const weekBefore = (week: string) => new Date(Date.parse(`${week}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10);
    const wrong = fileRows.filter((row) => {
      const previous = byTitle.get(`${row.category}|${row.show}|${row.season ?? ""}|${weekBefore(row.week)}`);
      return served.get(keyOf(row))!.hoursChange !== (previous ? row.hours - previous.hours : null);
    });
    expect(wrong).toEqual([]);
  });

  it("Weak Hero: Class 2's debut, Barbarians and Raw's dated airings have no change against another title", () => {
    expect(rowOf("2025-04-27", "TV_NON_ENGLISH", 1)).toMatchObject({ seasonTitle: "Weak Hero: Class 2", hoursChangePercent: null });
    expect(rowOf("2025-04-27", "TV_NON_ENGLISH", 8)).toMatchObject({ seasonTitle: "Weak Hero: Class 1", hoursChange: 800_000 });
    expect(rowOf("2022-10-23", "TV_NON_ENGLISH", 5)).toMatchObject({ seasonTitle: "Barbarians: II", hoursChangePercent: null });
    expect(rowOf("2022-10-30", "TV_NON_ENGLISH", 2)).toMatchObject({ seasonTitle: "Barbarians: II", hoursChange: 21_220_000 - 14_590_000 });
    expect(rowOf("2022-10-30", "TV_NON_ENGLISH", 5)).toMatchObject({ seasonTitle: null, hoursChange: 12_120_000 - 8_300_000 });
    // Each airing of Raw is its own title: a week's airing is never compared with the week before's.
    const raw = rowsOf("Raw");
    expect(raw.length).toBeGreaterThanOrEqual(68);
    const airedTheWeekBefore = (row: ApiRow) =>
      raw.some((other) => other.seasonTitle === row.seasonTitle && Date.parse(row.weekEnd) - Date.parse(other.weekEnd) === 7 * 86_400_000);
    expect(raw.filter((row) => row.hoursChange !== null && !airedTheWeekBefore(row))).toEqual([]);
  });
});

describe("matching titles to shows", () => {
  it("keeps titles Netflix lists apart apart: Doc (US) and DOC (Italian), same-titled films", () => {
    const doc = rowOf("2025-09-28", "TV_ENGLISH", 10);
    const italianDoc = rowOf("2026-03-08", "TV_NON_ENGLISH", 10);
    expect([doc.showTitle, italianDoc.showTitle]).toEqual(["Doc", "DOC"]);
    expect(doc.show.id).not.toBe(italianDoc.show.id);
    for (const title of ["Mother's Day", "Accused", "Inheritance", "Security", "Ballerina"]) {
      const lists = new Map<string, Set<string>>();
      for (const row of rowsOf(title)) lists.set(row.category, (lists.get(row.category) ?? new Set()).add(row.show.id));
      expect(lists.size, title).toBe(2);
      const [english, other] = [...lists.values()];
      expect(english!.size, title).toBe(1);
      expect(other!.size, title).toBe(1);
      expect([...english!][0], title).not.toBe([...other!][0]);
    }
    // The English "Mother's Day" of 2021 charted again in 2023 and 2026 (its weeks count on): one film.
    expect(new Set(rowsOf("Mother's Day").filter((row) => row.category === "FILMS_ENGLISH").map((row) => row.show.id)).size).toBe(1);
  });

  it("a film whose weeks in the Top 10 start again at 1 is another film of the same title", () => {
    for (const [title, second] of [["Noise", "2023-03-19"], ["Aftermath", "2025-02-16"], ["Dhamaka", "2023-01-29"], ["Kingdom", "2025-08-31"]] as const) {
      const rows = rowsOf(title).filter((row) => row.show.kind === "FILM");
      const earlier = new Set(rows.filter((row) => row.weekEnd < second).map((row) => row.show.id));
      const later = new Set(rows.filter((row) => row.weekEnd >= second).map((row) => row.show.id));
      expect(earlier.size, title).toBe(1);
      expect(later.size, title).toBe(1);
      expect([...earlier][0], title).not.toBe([...later][0]);
    }
  });
});

describe("season titles, specials and limited series", () => {
  it.each([
    ["Our Planet", "Our Planet: II", 2, null],
    ["Barbarians", "Barbarians: II", 2, null],
    ["Barbarians", null, 1, null],
    ["The Great British Baking Show", "The Great British Baking Show: Collection 11", 11, null],
    ["The Creature Cases", "The Creature Cases: Chapter 4", 4, null],
    ["Weak Hero", "Weak Hero: Class 1", 1, null],
    ["Weak Hero", "Weak Hero: Class 2", 2, null],
    ["Homicide", "Homicide: New York: Season 1", 1, "New York"],
    ["Homicide", "Homicide: New York: Season 2", 2, "New York"],
    ["Homicide", "Homicide: Los Angeles", 3, "Los Angeles"],
    ["The Snow Girl", "The Snow Girl 1.", 1, null],
    ["The Snow Girl", "The Snow Girl: 2. The Soul Game", 2, "The Soul Game"],
    ["The Chestnut Man", null, 1, null],
    ["The Chestnut Man", "The Chestnut Man: Hide and Seek", 2, "Hide and Seek"],
    ["Stranger Things", null, 1, null],
    ["Stranger Things", "Stranger Things 4", 4, null],
    ["KAOS", null, 1, null],
    ["STEEL BALL RUN JoJo’s Bizarre Adventure", "STEEL BALL RUN JoJo’s Bizarre Adventure: 1st STAGE", 1, null],
  ])("%s / %s → season %s (%s)", (show, season, number, title) => {
    const rows = rowsOf(show, season);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.season).toMatchObject({ number, title });
    expect(new Set(rows.map((row) => row.show.id)).size).toBe(1);
  });

  it("named seasons get their own numbers, in the order they entered the Top 10", () => {
    const arcs = [
      "Demon Slayer: Kimetsu no Yaiba: Swordsmith Village Arc",
      "Demon Slayer: Kimetsu no Yaiba: Hashira Training Arc",
      "Demon Slayer: Kimetsu no Yaiba: Tanjiro Kamado, Unwavering Resolve Arc",
    ].map((season) => ({ season, first: rowsOf("Demon Slayer: Kimetsu no Yaiba", season).map((row) => row.weekEnd).sort()[0]! }));
    arcs.sort((a, b) => a.first.localeCompare(b.first));
    expect(arcs.map(({ season }) => rowsOf("Demon Slayer: Kimetsu no Yaiba", season)[0]!.season!.number)).toEqual([1, 2, 3]);
  });

  it("every TV title has a season except specials and live events, which are kind SPECIAL and not pending renewal", async () => {
    const seasonless = [...served.values()].filter((row) => row.category.startsWith("TV") && row.season === null);
    const kinds = new Set(seasonless.map((row) => row.show.kind));
    expect([...kinds]).toEqual(["SPECIAL"]);
    for (const title of ["Raw", "Jake Paul vs. Mike Tyson", "Ali Wong: Single Lady", "The Roast of Tom Brady", "Skyscraper Live"]) {
      expect(rowsOf(title)[0]!.show, title).toMatchObject({ kind: "SPECIAL", status: "ENDED" });
    }
    for (const title of ["KAOS", "Dragon Ball DAIMA", "Carrossel"]) expect(rowsOf(title)[0]!.show.kind, title).toBe("SERIES");
    const { shows } = await query(server.url, `{ shows(where: {kind: [SPECIAL], status: [PENDING]}) { totalCount } }`);
    expect(shows.totalCount).toBe(0);
  });

  it("limited series are recorded as such, ENDED, never pending renewal", async () => {
    const { limited, pending } = await query(
      server.url,
      `{ limited: shows(where: {kind: [LIMITED_SERIES]}) { totalCount } pending: shows(where: {kind: [LIMITED_SERIES], status: [PENDING]}) { totalCount } }`,
    );
    expect(limited.totalCount).toBeGreaterThan(300);
    expect(pending.totalCount).toBe(0);
    expect(rowOf("2026-07-19", "TV_NON_ENGLISH", 5).show).toMatchObject({ title: "The Apartment Job", kind: "LIMITED_SERIES", status: "ENDED" });
  });
});

describe("older files", () => {
  const showCount = async () => (await query(server.url, `{ shows { totalCount } }`)).shows.totalCount as number;

  it("an older file warns, adds only what the newer data lacks and keeps its titles; allowOlder lets figures through; the newest again changes nothing", async () => {
    const before = await showCount();
    const older = await readFile(join(data, "versions", "2024-11-13", "all-weeks-global.tsv"), "utf8");

    const first = await importTop10Upload(server.url, older, "2024-11-13.tsv", staff.admin);
    // Every week of it is in the newest file; it only brings the launch columns the newest layout dropped.
    expect(first).toMatchObject({ rowsRead: 7040, created: 0, updated: 7040, showsCreated: 0, seasonsCreated: 0, showsRemoved: 0, olderThanHeld: true });
    expect(first.warnings).toHaveLength(1);
    expect(first.warnings[0]).toMatch(/2024-11-10, before the newest week held \(2026-07-19\)/);
    // Netflix renamed these titles later; the older spelling made no show and changed no row.
    const after = await readAllGlobalRows();
    expect(after.get("2024-04-07|FILMS_NON_ENGLISH|7")!.showTitle).toBe("There's Still Tomorrow");
    expect(after.get("2024-03-10|TV_ENGLISH|2")!.showTitle).toBe("Avatar: The Last Airbender");
    const { shows } = await query(server.url, `{ shows(where: {titleContains: "ancora domani"}) { totalCount } }`);
    expect(shows.totalCount).toBe(0);
    expect(after.get("2024-11-10|TV_NON_ENGLISH|3")).toMatchObject({ seasonTitle: "DAN DA DAN: Season 1", isStaggeredLaunch: false });
    expect([...after.values()].filter((row) => row.isStaggeredLaunch === true)).toHaveLength(117);

    const forced = await importTop10Upload(server.url, older, "2024-11-13.tsv", staff.admin, { allowOlder: true });
    // Its figures equal the newest file's, so nothing differs; titles and shows stay the newer ones.
    expect(forced).toMatchObject({ created: 0, updated: 0, unchanged: 7040, showsCreated: 0, olderThanHeld: true });
    expect(forced.warnings[0]).toMatch(/figures overwrite/);

    const newest = await readFile(join(data, "all-weeks-global.tsv"), "utf8");
    const again = await importTop10Upload(server.url, newest, "all-weeks-global.tsv", staff.admin);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 10_560, showsCreated: 0, showsRemoved: 0, olderThanHeld: false, warnings: [] });
    expect(await showCount()).toBe(before);
  });

  it("a show whose rows a later file gives to a renamed title is removed, not left empty", async () => {
    const header = "week\tcategory\tweekly_rank\tshow_title\tseason_title\tweekly_hours_viewed\truntime\tweekly_views\tcumulative_weeks_in_top_10";
    const file = (title: string) => `${header}\n2026-07-26\tTV (English)\t1\t${title}\t${title}: Season 1\t1000000\t1\t1000000\t1\n`;
    const before = await showCount();
    const first = (await query(server.url, IMPORT, { tsv: file("Greenlight Test Working Title"), name: "a.tsv" }, staff.admin)).importTop10;
    expect(first).toMatchObject({ created: 1, showsCreated: 1 });
    const renamed = (await query(server.url, IMPORT, { tsv: file("Greenlight Test Final Title"), name: "b.tsv" }, staff.admin)).importTop10;
    expect(renamed).toMatchObject({ created: 0, updated: 1, showsCreated: 1, showsRemoved: 1 });
    expect(await showCount()).toBe(before + 1);
    const { shows } = await query(server.url, `{ shows(where: {titleContains: "Greenlight Test"}) { nodes { title } } }`);
    expect(shows.nodes).toEqual([{ title: "Greenlight Test Final Title" }]);
  });

  it("allowOlder is a Boolean argument: anything else is the client's error", async () => {
    const result = await graphql(server.url, IMPORT, { tsv: "x", name: "x", allowOlder: "yes" }, staff.admin);
    expect(result.body.errors?.[0]?.extensions?.code).not.toBe("INTERNAL_SERVER_ERROR");
  });
});
