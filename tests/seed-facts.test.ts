import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { query } from "./support/graphql.js";
import { projectRoot } from "./support/server.js";

const url = inject("sharedServerUrl");

describe("the seed: facts of the 2022-11-08 article, through nested queries", () => {
  it("The Imperfects: the show itself", async () => {
    const { show } = await query(
      url,
      `{ show(slug: "the-imperfects") { title kind platform isOriginal originalLanguage genres synopsis
          premiereDate status statusAnnouncedAt seasonCount
          seasons { number releaseDate episodeCount runtimeHours show { slug } } } }`,
    );
    expect(show).toMatchObject({
      title: "The Imperfects",
      kind: "SERIES",
      platform: "NETFLIX",
      isOriginal: true,
      originalLanguage: "en",
      premiereDate: "2022-09-08",
      status: "CANCELED",
      statusAnnouncedAt: "2022-11-08",
      seasonCount: 1,
    });
    expect(show.genres).toEqual(expect.arrayContaining(["Supernatural", "Coming-of-age"]));
    expect(show.synopsis).toMatch(/experiment.*monstrous side effects.*scientist.*cure/);
    expect(show.seasons).toEqual([
      { number: 1, releaseDate: "2022-09-08", episodeCount: null, runtimeHours: null, show: { slug: "the-imperfects" } },
    ]);
  });

  it("creators and cast, and the cast's later work", async () => {
    const { show } = await query(
      url,
      `{ show(slug: "the-imperfects") {
          creators { name }
          cast { characterName person { name credits { nodes { role characterName show { title premiereDate } } } } } } }`,
    );
    expect(show.creators.map((person: { name: string }) => person.name)).toEqual(["Shelley Eriksen", "Dennis Heaton"]);
    const characters = show.cast.map((credit: { characterName: string }) => credit.characterName);
    expect(characters).toEqual(expect.arrayContaining(["Tilda", "Juan", "Abbi", "Dr. Burke"]));
    const inaki = show.cast.find((credit: { person: { name: string } }) => credit.person.name === "Iñaki Godoy");
    expect(inaki.characterName).toBe("Juan");
    expect(inaki.person.credits.nodes).toContainEqual({
      role: "CAST",
      characterName: "Monkey D. Luffy",
      show: { title: "One Piece", premiereDate: "2023-08-31" },
    });
  });

  it("Nomadic Pictures and its other Netflix titles", async () => {
    const { show, productionCompany } = await query(
      url,
      `{ show(slug: "the-imperfects") { productionCompanies { slug } }
         productionCompany(slug: "nomadic-pictures") { name showCount shows { totalCount nodes { title status seasonCount premiereDate } } } }`,
    );
    expect(show.productionCompanies).toEqual([{ slug: "nomadic-pictures" }]);
    expect(productionCompany.name).toBe("Nomadic Pictures");
    const titles = productionCompany.shows.nodes.map((s: { title: string }) => s.title);
    expect(titles).toEqual(
      expect.arrayContaining(["The Imperfects", "The I-Land", "The Order", "Wu Assassins", "My Life with the Walter Boys"]),
    );
    expect(productionCompany.showCount).toBe(titles.length);
    expect(productionCompany.shows.totalCount).toBe(titles.length);
    const order = productionCompany.shows.nodes.find((s: { title: string }) => s.title === "The Order");
    expect(order).toMatchObject({ status: "CANCELED", seasonCount: 2 });
    const walterBoys = productionCompany.shows.nodes.find((s: { title: string }) => s.title === "My Life with the Walter Boys");
    expect(walterBoys).toMatchObject({ status: "PENDING", premiereDate: null });
  });

  it("Partner Track was canceled the same day", async () => {
    const { show } = await query(
      url,
      `{ show(slug: "partner-track") { status statusAnnouncedAt premiereDate statusHistory { status announcedAt } } }`,
    );
    expect(show).toMatchObject({ status: "CANCELED", statusAnnouncedAt: "2022-11-08" });
    expect(show.premiereDate.startsWith("2022")).toBe(true);
    expect(show.statusHistory).toContainEqual({ status: "CANCELED", announcedAt: "2022-11-08" });
  });

  it("ratings, with the missing scores represented as null", async () => {
    const { show } = await query(url, `{ show(slug: "the-imperfects") { ratings { source score scaleMax voteCount asOf } } }`);
    const bySource = Object.fromEntries(show.ratings.map((rating: { source: string }) => [rating.source, rating]));
    expect(bySource.ROTTEN_TOMATOES_AUDIENCE).toMatchObject({ score: 79, scaleMax: 100 });
    expect(bySource.IMDB).toMatchObject({ score: 6.1, scaleMax: 10, voteCount: 1500 });
    expect(bySource.METACRITIC).toMatchObject({ score: null });
    expect(bySource.ROTTEN_TOMATOES_CRITICS).toMatchObject({ score: null });
  });

  it("the three weeks in the global TV (English) Top 10, as Netflix's own file has them", async () => {
    const { show } = await query(
      url,
      `{ show(slug: "the-imperfects") { seasons { chartEntries(where: {region: "GLOBAL"}) { nodes { category region weekStart weekEnd
          rank hoursViewed cumulativeWeeksInTop10 showTitle seasonTitle country { code } } } } } }`,
    );
    const weeks = show.seasons[0].chartEntries.nodes;
    expect(weeks.map((w: Record<string, unknown>) => [w.weekStart, w.weekEnd, w.rank, w.hoursViewed, w.cumulativeWeeksInTop10])).toEqual([
      ["2022-09-05", "2022-09-11", 3, 24_070_000, 1],
      ["2022-09-12", "2022-09-18", 4, 35_020_000, 2],
      ["2022-09-19", "2022-09-25", 9, 12_760_000, 3],
    ]);
    for (const week of weeks) expect(week).toMatchObject({ category: "TV_ENGLISH", region: "GLOBAL", country: null });

    // Cross-check against Netflix's file beside the project.
    const file = await readFile(join(projectRoot, "..", "shared", "data", "all-weeks-global.tsv"), "utf8");
    const rows = file
      .split("\n")
      .map((line) => line.split("\t"))
      .filter((cells) => cells[4] === "The Imperfects: Season 1" && cells[1] === "TV (English)");
    expect(rows.map((cells) => [cells[0], Number(cells[2]), Number(cells[5]), Number(cells[8])]).sort()).toEqual(
      weeks.map((w: Record<string, unknown>) => [w.weekEnd, w.rank, w.hoursViewed, w.cumulativeWeeksInTop10]),
    );
  });

  it("in its first week it ranked behind Cobra Kai season 5 and Devil in Ohio", async () => {
    const { cobraKai, devil } = await query(
      url,
      `{ cobraKai: show(slug: "cobra-kai") { chartEntries { nodes { weekEnd rank season { number } } } }
         devil: show(slug: "devil-in-ohio") { chartEntries { nodes { weekEnd rank } } } }`,
    );
    expect(cobraKai.chartEntries.nodes).toContainEqual({ weekEnd: "2022-09-11", rank: 1, season: { number: 5 } });
    expect(devil.chartEntries.nodes).toContainEqual({ weekEnd: "2022-09-11", rank: 2 });
  });

  it("the published article reports the cancellation, and the status change cites it", async () => {
    const { show, article } = await query(
      url,
      `{ show(slug: "the-imperfects") {
           statusHistory { status previousStatus seasonNumber announcedAt article { slug } }
           articles { nodes { slug } } }
         article(slug: "has-netflix-renewed-the-imperfects-for-season-2") {
           title status verdict seasonNumber publishedAt body author { name } shows { slug } } }`,
    );
    expect(show.statusHistory).toEqual([
      {
        status: "CANCELED",
        previousStatus: "PENDING",
        seasonNumber: 2,
        announcedAt: "2022-11-08",
        article: { slug: "has-netflix-renewed-the-imperfects-for-season-2" },
      },
    ]);
    expect(show.articles.nodes).toEqual([{ slug: "has-netflix-renewed-the-imperfects-for-season-2" }]);
    expect(article).toMatchObject({
      title: "Has Netflix Renewed The Imperfects for Season 2?",
      status: "PUBLISHED",
      verdict: "CANCELED",
      seasonNumber: 2,
      shows: [{ slug: "the-imperfects" }],
    });
    expect(article.publishedAt.startsWith("2022-11-08")).toBe(true);
    expect(article.author.name).toBeTruthy();
    expect(article.body).toContain("24,070,000");
  });

  it("by id as well as by slug; unknown slugs answer null without errors", async () => {
    const { bySlug } = await query(url, `{ bySlug: show(slug: "the-imperfects") { id title } }`);
    const data = await query(url, `query($id: ID) { byId: show(id: $id) { title } nope: show(slug: "no-such-show") { title } }`, {
      id: bySlug.id,
    });
    expect(data).toEqual({ byId: { title: "The Imperfects" }, nope: null });
  });

  it("lists filter by status", async () => {
    const { shows } = await query(url, `{ shows(where: {status: CANCELED}) { nodes { title } } }`);
    expect(shows.nodes.map((s: { title: string }) => s.title)).toEqual(["Partner Track", "The Imperfects", "The Order"]);
  });
});

describe("schema.graphql", () => {
  it("is what the code prints (run `npm run schema` after changing a type)", async () => {
    const { runCli } = await import("./support/server.js");
    const printed = await runCli(["schema"], {});
    expect(printed.code).toBe(0);
    const committed = await readFile(join(projectRoot, "schema.graphql"), "utf8");
    expect(printed.output, "schema.graphql is stale: run `npm run schema` and commit it").toBe(committed);
  });
});
