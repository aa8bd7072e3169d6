import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { quantity } from "../src/charts/quantities.js";
import { adminEnv, createStaff, type Staff } from "./support/accounts.js";
import { showId } from "./support/articles.js";
import { graphql, query } from "./support/graphql.js";
import { importTop10Upload } from "./support/imports.js";
import { projectRoot, startServerOnFreshDatabase } from "./support/server.js";

// draftRenewalArticle on Netflix's real global file: every figure with its unit, list and source; the first run
// only; the model's chance with its backtest's accuracy; nothing said where the data has nothing.

let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
let staff: Staff;
/** The day the file was imported, as the import's audit entry records it. */
let importedOn: string;

beforeAll(async () => {
  server = await startServerOnFreshDatabase(adminEnv);
  staff = await createStaff(server.url);
  const file = await readFile(join(projectRoot, "..", "shared", "data", "all-weeks-global.tsv"), "utf8");
  await importTop10Upload(server.url, file, "all-weeks-global.tsv", staff.admin);
  const log = await query(server.url, `{ auditLog(where: { entityType: "ChartImport" }, first: 1) { nodes { action createdAt } } }`, undefined, staff.editor);
  expect(log.auditLog.nodes[0].action).toBe("charts.imported");
  importedOn = log.auditLog.nodes[0].createdAt.slice(0, 10);
});
afterAll(async () => {
  await server?.close();
});

const DRAFT = `mutation($id: ID!, $season: Int!) { draftRenewalArticle(showId: $id, seasonNumber: $season) { id body } }`;
const draft = async (slug: string, seasonInQuestion: number) =>
  (await query(server.url, DRAFT, { id: await showId(server.url, slug), season: seasonInQuestion }, staff.writer)).draftRenewalArticle as { id: string; body: string };

/** The sentence the draft must write about the model, from the committed backtest report and the served outlook. */
async function modelSentence(slug: string, season: number): Promise<{ sentence: string; comparables: string }> {
  const report = JSON.parse(await readFile(join(projectRoot, "models", "outlook-backtest.json"), "utf8"));
  const { show } = await query(
    server.url,
    `query($slug: String!) { show(slug: $slug) { seasons { number renewalOutlook { probability comparableSeasons(first: 3) { showTitle seasonNumber list firstWeek renewed } } } } }`,
    { slug },
  );
  const outlook = show.seasons.find((s: { number: number }) => s.number === season).renewalOutlook;
  const lists: Record<string, string> = { TV_ENGLISH: "TV (English)", TV_NON_ENGLISH: "TV (Non-English)" };
  return {
    sentence:
      `Our model, which ranked renewed above unrenewed seasons ${Math.round(report.model.auc * 100)}% of the time in a backtest on ` +
      `${report.testWindow.from.slice(0, 7)} to ${report.testWindow.to.slice(0, 7)} seasons, puts the chance of renewal at ${Math.round(outlook.probability * 100)}%.`,
    comparables:
      "The seasons most like it in the model's terms: " +
      outlook.comparableSeasons
        .map(
          (c: { showTitle: string; seasonNumber: number; list: string; firstWeek: string; renewed: boolean }) =>
            `*${c.showTitle}* season ${c.seasonNumber} (${lists[c.list]}, first charted ${c.firstWeek}: ${c.renewed ? "renewed" : "not renewed"})`,
        )
        .join("; ") +
      ".",
  };
}

describe("draftRenewalArticle cites its data", () => {
  it("The Imperfects: hours with unit and list, the model's chance with the backtest's accuracy, comparables, and every source with its date", async () => {
    const { body } = await draft("the-imperfects", 2);
    const paragraphs = body.split("\n\n");
    expect(paragraphs).toContain("In its first run, season 1 drew 71.9 million hours in TV (English) over 3 weeks, peaking at No. 3.");
    const model = await modelSentence("the-imperfects", 1);
    expect(paragraphs).toContain(model.sentence);
    expect(paragraphs).toContain(model.comparables);
    expect(body).toContain("- IMDb: 6.1/10 from 1,500 votes (as of 2022-11-08).");
    expect(paragraphs.at(-1)).toBe(
      `*Sources: Netflix's global Top 10, TV (English), weeks ending 2022-09-11 to 2022-09-25, from all-weeks-global.tsv as imported on ${importedOn}; ` +
        "IMDb as of 2022-11-08; Rotten Tomatoes (audience) as of 2022-11-08; Rotten Tomatoes (critics) as of 2022-11-08; Metacritic as of 2022-11-08.*",
    );
  });

  it("Bridgerton season 3: the first run only, without the weeks it charted again once season 4 was out, in views and hours", async () => {
    const { body } = await draft("bridgerton", 4);
    const paragraphs = body.split("\n\n");
    // 11 weeks from 2024-05-19 to 2024-07-28: 150.1 million views, 812.8 million hours. Season 4 (2026-02-01 on)
    // brought season 3 back for 3 weeks; those are not its run.
    expect(paragraphs).toContain(
      "In its first run, season 3 drew 150 million views and 813 million hours in TV (English) over 11 weeks, peaking at No. 1. " +
        "The 3 weeks it charted again once season 4 was out are viewing of the library, not part of the run, and left out.",
    );
    expect(body).toContain("| 2024-07-28 | 11,700,000 | -21% | 10 | 11 |");
    expect(body).not.toContain("2026-02-01");
    expect(paragraphs).toContain((await modelSentence("bridgerton", 3)).sentence);
    expect(body).toContain("- Hours fell 54% in week 3, its largest fall in the first month.");
    expect(paragraphs.at(-1)).toBe(`*Sources: Netflix's global Top 10, TV (English), weeks ending 2024-05-19 to 2024-07-28, from all-weeks-global.tsv as imported on ${importedOn}.*`);
  });

  it("a draft costs a fixed number of SQL statements, none per week or figure quoted", async () => {
    // The first run is read from the rows the outlook already loaded (one read of the show's rows per request).
    // The Imperfects (3 weeks; ratings, creators, a company, a same-day fact) and Bridgerton (11 weeks) are drafted
    // a second time here, so their slug takes a numbered suffix; Wu Assassins (no chart data) is drafted first.
    const expected = { "the-imperfects": 33, bridgerton: 31, "wu-assassins": 27 };
    for (const [slug, season] of [["the-imperfects", 2], ["bridgerton", 4], ["wu-assassins", 2]] as const) {
      const result = await graphql(server.url, DRAFT, { id: await showId(server.url, slug), season }, staff.writer);
      expect(result.body.errors, slug).toBeUndefined();
      expect(result.headers.get("x-sql-statements"), slug).toBe(String(expected[slug]));
    }
  });

  it("the cost model charges a draft what its statements are worth: 10,000, so five in one request are refused before any runs", async () => {
    // Its work, counted: 27 to 33 statements (above), an outlook's 4 among them (weights in src/common/query-limits.ts).
    const id = await showId(server.url, "wu-assassins");
    const counted = await graphql(server.url, DRAFT, { id, season: 2 }, staff.writer);
    expect(counted.body.errors).toBeUndefined();
    const statements = Number(counted.headers.get("x-sql-statements"));
    expect(statements).toBeGreaterThanOrEqual(27);
    expect(statements).toBeLessThanOrEqual(33);
    const before = await query(server.url, `{ articles(first: 1) { totalCount } }`, undefined, staff.editor);
    const aliases = [1, 2, 3, 4, 5].map((n) => `d${n}: draftRenewalArticle(showId: $id, seasonNumber: 2) { id body }`).join(" ");
    const refused = await graphql(server.url, `mutation($id: ID!) { ${aliases} }`, { id }, staff.writer);
    expect(refused.status).toBe(400);
    // 5 × (draftRenewalArticle 10,000 + id 1 + body 1): over the default 50,000.
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", cost: 5 * (10_000 + 1 + 1) });
    expect((await query(server.url, `{ articles(first: 1) { totalCount } }`, undefined, staff.editor)).articles.totalCount).toBe(before.articles.totalCount);
  });

  it("a show with no chart data gets no chart paragraph, no outlook and never \"too early\"", async () => {
    const { body } = await draft("wu-assassins", 2);
    expect(body).toBe(
      [
        "**Official status: ended.** This is what the data says about season 2 of *Wu Assassins*.",
        "## Who made it?",
        "It was produced by Nomadic Pictures, which also made *The Order*, *The I-Land*, *The Imperfects* and *My Life with the Walter Boys*.",
      ].join("\n\n"),
    );
    expect(body).not.toMatch(/Top 10|28 days|too early|model|Sources/i);
  });

  it("a season still in its first 28 days says so, with the day they end, and gives no chance", async () => {
    // Sullivan's Crossing season 4 debuted in the week ending 2026-07-05; the file's newest week is 2026-07-19.
    const { body } = await draft("sullivans-crossing", 5);
    const paragraphs = body.split("\n\n");
    expect(paragraphs).toContain("In its first run, season 4 drew 6.6 million views and 49.6 million hours in TV (English) over 3 weeks, peaking at No. 6.");
    expect(paragraphs).toContain(
      "Season 4 is still in its first 28 days, which end on 2026-07-26: Netflix judges a season on them, so the model gives no chance of renewal before then.",
    );
    expect(body).not.toMatch(/Our model|too early/i);
  });

  it("records the figures and ratings it quoted: a revised view count or a newer rating refuses the publish (STALE_FACTS)", async () => {
    const bridgerton = await draft("bridgerton", 4);
    const imperfects = await draft("the-imperfects", 2);
    const publish = (id: string) => graphql(server.url, `mutation($id: ID!) { publishArticle(id: $id) { status } }`, { id }, staff.editor);
    // As written, both would publish: nothing changed yet. (Checked on fresh drafts, so these two stay drafts.)
    const published = await publish((await draft("bridgerton", 4)).id);
    expect(published.body.data?.publishArticle.status).toBe("PUBLISHED");
    // The 33 figures quoted (11 weeks × hours, rank, views) are re-read in one statement (one each: 54).
    expect(published.headers.get("x-sql-statements")).toBe("22");

    // Netflix revises season 3's views for the week ending 2024-06-16 (hours and rank unchanged).
    const tsv = [
      "week\tcategory\tweekly_rank\tshow_title\tseason_title\tweekly_hours_viewed\truntime\tweekly_views\tcumulative_weeks_in_top_10",
      "2024-06-16\tTV (English)\t1\tBridgerton\tBridgerton: Season 3\t223300000\t7.9833\t28100000\t5",
    ].join("\n");
    await query(server.url, `mutation($tsv: String!) { importTop10(tsv: $tsv, fileName: "revision.tsv", allowOlder: true) { updated } }`, { tsv }, staff.admin);
    const refused = await publish(bridgerton.id);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({
      code: "STALE_FACTS",
      claims: [{ claim: "views in the week ending 2024-06-16", articleSays: "28,000,000", current: "28,100,000" }],
    });

    // A newer IMDb reading for The Imperfects than the one quoted.
    const { show } = await query(server.url, `{ show(slug: "the-imperfects") { id version } }`);
    await query(
      server.url,
      `mutation($input: RecordRatingInput!) { recordRating(input: $input) { id } }`,
      { input: { showId: show.id, baseVersion: show.version, source: "IMDB", score: 6.3, scaleMax: 10, voteCount: 1600, asOf: "2026-11-30" } },
      staff.editor,
    );
    const stale = await publish(imperfects.id);
    expect(stale.body.errors?.[0]?.extensions).toMatchObject({
      code: "STALE_FACTS",
      claims: [{ claim: "IMDB rating as of 2022-11-08", articleSays: "6.1 from 1,500 votes", current: "6.3 from 1,600 votes (as of 2026-11-30)" }],
    });
  });

  it("FILM and LIMITED_SERIES are refused as complete as made, on showId", async () => {
    for (const kind of ["FILM", "LIMITED_SERIES"]) {
      const { shows } = await query(server.url, `{ shows(where: {kind: [${kind}]}, first: 1) { nodes { id } } }`);
      const refused = await graphql(server.url, DRAFT, { id: shows.nodes[0].id, season: 2 }, staff.writer);
      expect(refused.body.errors?.[0]?.extensions, kind).toMatchObject({ code: "BAD_USER_INPUT", field: "showId" });
      expect(refused.body.errors?.[0]?.message, kind).toContain("complete as made");
    }
  });
});

describe("figures in words", () => {
  it("three significant figures from a thousand up, rounded on the whole figure, singular where it is one", () => {
    expect(quantity(9_580_000, "view")).toBe("9.58 million views");
    expect(quantity(52_300_000, "hour")).toBe("52.3 million hours");
    expect(quantity(71_850_000, "hour")).toBe("71.9 million hours");
    expect(quantity(812_800_000, "hour")).toBe("813 million hours");
    expect(quantity(999_600_000, "view")).toBe("1 billion views");
    expect(quantity(1_000_000, "view")).toBe("1 million views");
    expect(quantity(850_000, "hour")).toBe("850 thousand hours");
    expect(quantity(1, "view")).toBe("1 view");
    expect(quantity(0, "hour")).toBe("0 hours");
  });
});
