import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv, createStaff, importGlobalTop10, type Staff } from "./support/accounts.js";
import { createArticle } from "./support/articles.js";
import { graphql, query } from "./support/graphql.js";
import { startServerOnFreshDatabase } from "./support/server.js";

// A server holding the seed plus Netflix's real global Top 10 file: thousands of shows to page through.
let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
let staff: Staff;

beforeAll(async () => {
  server = await startServerOnFreshDatabase(adminEnv);
  await importGlobalTop10(server.url);
  staff = await createStaff(server.url);
});
afterAll(async () => {
  await server?.close();
});

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string; node: { id: string; title: string } }[];
}

const SHOWS = `query($first: Int, $after: String, $last: Int, $before: String, $where: ShowWhere, $orderBy: [ShowOrder!]) {
  shows(first: $first, after: $after, last: $last, before: $before, where: $where, orderBy: $orderBy) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id title premiereDate } } } }`;

async function shows(variables: Record<string, unknown>): Promise<Page> {
  return (await query(server.url, SHOWS, variables)).shows;
}

const titles = (page: Page) => page.edges.map((edge) => edge.node.title);

describe("connections page with opaque cursors", () => {
  it("paging forward with `after` visits every match once, in order, and agrees with totalCount", async () => {
    const where = { titleContains: "love" };
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    let page: Page;
    do {
      page = await shows({ first: 7, after, where });
      seen.push(...page.edges.map((edge) => edge.node.id));
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      after = page.pageInfo.endCursor;
      pages += 1;
    } while (page.pageInfo.hasNextPage);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(page.totalCount);
    expect(page.totalCount).toBeGreaterThan(20);
    expect(pages).toBe(Math.ceil(page.totalCount / 7));

    const all = await shows({ first: 100, where });
    expect(all.edges.map((edge) => edge.node.id)).toEqual(seen);
    const sorted = [...titles(all)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(titles(all)).toEqual(sorted);
  });

  it("`last` and `before` read the same order from the end", async () => {
    const where = { titleContains: "love" };
    const all = await shows({ first: 100, where });
    const tail = await shows({ last: 5, where });
    expect(tail.edges.map((edge) => edge.node.id)).toEqual(all.edges.slice(-5).map((edge) => edge.node.id));
    expect(tail.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const before = await shows({ last: 3, before: tail.pageInfo.startCursor, where });
    expect(before.edges.map((edge) => edge.node.id)).toEqual(all.edges.slice(-8, -5).map((edge) => edge.node.id));
    expect(before.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    // A cursor from an edge resumes right after that edge.
    const resumed = await shows({ first: 2, after: all.edges[3]!.cursor, where });
    expect(resumed.edges.map((edge) => edge.node.id)).toEqual(all.edges.slice(4, 6).map((edge) => edge.node.id));
  });

  it("orders with nulls (premiere dates) page without gaps in both directions", async () => {
    const where = { productionCompanyId: await companyId("nomadic-pictures") };
    const all = await shows({ first: 100, where, orderBy: "PREMIERE_DATE_DESC" });
    const ids = all.edges.map((edge) => edge.node.id);
    // My Life with the Walter Boys has no premiere date: last.
    expect(titles(all).at(-1)).toBe("My Life with the Walter Boys");
    const forward: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await shows({ first: 2, after, where, orderBy: "PREMIERE_DATE_DESC" });
      forward.push(...page.edges.map((edge) => edge.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(forward).toEqual(ids);
    const backward: string[] = [];
    let before: string | null = null;
    for (;;) {
      const page = await shows({ last: 2, before, where, orderBy: "PREMIERE_DATE_DESC" });
      backward.unshift(...page.edges.map((edge) => edge.node.id));
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor;
    }
    expect(backward).toEqual(ids);
  });

  it("cursors stay valid while rows are inserted before them: no duplicates, nothing skipped", async () => {
    const list = `query($after: String, $author: ID) { articles(first: 2, after: $after, orderBy: TITLE_ASC, where: {authorId: $author}) {
      pageInfo { endCursor } nodes { title } } }`;
    const author = staff.ids.otherWriter;
    for (const title of ["Mango", "Nectarine", "Orange", "Peach"]) await createArticle(server.url, staff.otherWriter, { title, body: "x" });
    const first = (await query(server.url, list, { author }, staff.editor)).articles;
    expect(first.nodes.map((a: { title: string }) => a.title)).toEqual(["Mango", "Nectarine"]);
    // Rows that sort before the cursor arrive between two page requests.
    for (const title of ["Apple", "Banana"]) await createArticle(server.url, staff.otherWriter, { title, body: "x" });
    const second = (await query(server.url, list, { after: first.pageInfo.endCursor, author }, staff.editor)).articles;
    expect(second.nodes.map((a: { title: string }) => a.title)).toEqual(["Orange", "Peach"]);
  });

  it("refuses pages above 100, first with last, foreign and forged cursors: BAD_USER_INPUT naming the argument", async () => {
    const byTitle = await shows({ first: 1 });
    const cases: [Record<string, unknown>, string][] = [
      [{ first: 101 }, "first"],
      [{ last: 500 }, "last"],
      [{ first: 1, last: 1 }, "last"],
      [{ first: 1, before: byTitle.pageInfo.endCursor }, "before"],
      [{ first: 1, after: "not-a-cursor" }, "after"],
      [{ first: 1, after: Buffer.from('["c1","title",1,2]').toString("base64url") }, "after"],
      // A cursor of one order is no position in another.
      [{ first: 1, after: byTitle.pageInfo.endCursor, orderBy: "PREMIERE_DATE_DESC" }, "after"],
    ];
    for (const [variables, field] of cases) {
      const result = await graphql(server.url, SHOWS, variables);
      expect(result.body.errors?.[0]?.extensions, JSON.stringify(variables)).toMatchObject({ code: "BAD_USER_INPUT", field });
    }
    const empty = await shows({ first: 0 });
    expect(empty.edges).toEqual([]);
    expect(empty.totalCount).toBeGreaterThan(1000);
  });
});

async function companyId(slug: string): Promise<string> {
  return (await query(server.url, `{ productionCompany(slug: "${slug}") { id } }`)).productionCompany.id;
}

describe("typed filters", () => {
  it("shows by status, kind, genre, premiere range, company and person", async () => {
    const inaki = (await query(server.url, `{ person(slug: "inaki-godoy") { id } }`)).person.id;
    const byPerson = await shows({ where: { personId: inaki } });
    expect(titles(byPerson)).toEqual(["One Piece", "The Imperfects"]);
    const canceled2022 = await shows({ where: { status: "CANCELED", premiereDate: { from: "2022-01-01", to: "2022-12-31" } } });
    expect(titles(canceled2022)).toEqual(["Partner Track", "The Imperfects"]);
    const nomadicPending = await shows({ where: { productionCompanyId: await companyId("nomadic-pictures"), status: ["PENDING", "RENEWED"] } });
    expect(titles(nomadicPending)).toEqual(["My Life with the Walter Boys"]);
    const films = await shows({ first: 5, where: { kind: "FILM" } });
    expect(films.totalCount).toBeGreaterThan(100);
    const bad = await graphql(server.url, SHOWS, { where: { premiereDate: { from: "2023-01-01", to: "2022-01-01" } } });
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "where.premiereDate" });
    const badId = await graphql(server.url, SHOWS, { where: { personId: "x" } });
    expect(badId.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "where.personId" });
  });

  it("chart entries by list, region, week range and rank range; impossible list/region pairs are errors", async () => {
    const week = `query($where: ChartEntryWhere, $orderBy: [ChartEntryOrder!]) { chartEntries(first: 100, where: $where, orderBy: $orderBy) {
      totalCount nodes { rank weekEnd category region show { title } } } }`;
    const top3 = (await query(server.url, week, {
      where: { category: "TV_ENGLISH", weekEnd: { from: "2022-09-11", to: "2022-09-11" }, rank: { min: 1, max: 3 } },
      orderBy: "RANK_ASC",
    })).chartEntries;
    expect(top3.nodes.map((e: { rank: number; show: { title: string } }) => [e.rank, e.show.title])).toEqual([
      [1, "Cobra Kai"],
      [2, "Devil in Ohio"],
      [3, "The Imperfects"],
    ]);
    expect(top3.totalCount).toBe(3);
    const impossible = await graphql(server.url, week, { where: { category: "TV_ENGLISH", region: "US" } });
    expect(impossible.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "where.region" });
    const emptyRank = await graphql(server.url, week, { where: { rank: { min: 5, max: 2 } } });
    expect(emptyRank.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "where.rank" });
    const badRegion = await graphql(server.url, week, { where: { region: "usa" } });
    expect(badRegion.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "where.region" });

    const nested = await query(
      server.url,
      `{ show(slug: "the-imperfects") { all: chartEntries { totalCount } global: chartEntries(where: {region: "GLOBAL"}) { totalCount }
         lastTwo: chartEntries(last: 2, where: {region: "GLOBAL"}) { nodes { weekEnd } } } }`,
    );
    expect(nested.show.global.totalCount).toBe(3);
    expect(nested.show.all.totalCount).toBeGreaterThanOrEqual(3);
    expect(nested.show.lastTwo.nodes).toEqual([{ weekEnd: "2022-09-18" }, { weekEnd: "2022-09-25" }]);
  });

  it("chart entries page by cursor through ties on week, list and region", async () => {
    const page = `query($after: String) { chartEntries(first: 7, after: $after, where: {weekEnd: {from: "2022-09-04", to: "2022-09-18"}}) {
      totalCount pageInfo { hasNextPage endCursor } nodes { id weekEnd category rank } } }`;
    const seen: { id: string; weekEnd: string; category: string; rank: number }[] = [];
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const { chartEntries } = await query(server.url, page, { after });
      seen.push(...chartEntries.nodes);
      total = chartEntries.totalCount;
      if (!chartEntries.pageInfo.hasNextPage) break;
      after = chartEntries.pageInfo.endCursor;
    }
    // Three weeks of four global lists of ten.
    expect(total).toBe(120);
    expect(seen).toHaveLength(120);
    expect(new Set(seen.map((entry) => entry.id)).size).toBe(120);
    const key = (entry: (typeof seen)[number]) => `${entry.weekEnd}|${["TV_ENGLISH", "TV_NON_ENGLISH", "FILMS_ENGLISH", "FILMS_NON_ENGLISH"].indexOf(entry.category)}|${String(entry.rank).padStart(2, "0")}`;
    expect(seen.map(key)).toEqual(seen.map(key).sort());
  });

  it("articles by show, author, verdict and publication range; anonymous readers never count drafts", async () => {
    const partnerTrack = (await query(server.url, `{ show(slug: "partner-track") { id } }`)).show.id;
    const filters = `query($where: ArticleWhere) { articles(where: $where) { totalCount nodes { id title } } }`;
    const anonymousBefore = (await query(server.url, filters, { where: { showId: partnerTrack } })).articles;
    const editorBefore = (await query(server.url, filters, { where: { showId: partnerTrack } }, staff.editor)).articles;
    const draft = await createArticle(server.url, staff.writer, { title: "Partner Track, again", body: "x", showIds: [partnerTrack] });
    const anonymous = (await query(server.url, filters, { where: { showId: partnerTrack } })).articles;
    const editor = (await query(server.url, filters, { where: { showId: partnerTrack } }, staff.editor)).articles;
    expect(anonymous).toEqual(anonymousBefore);
    expect(editor.totalCount).toBe(editorBefore.totalCount + 1);
    expect(editor.nodes.map((a: { id: string }) => a.id)).toContain(draft.id);
    expect(anonymous.nodes.map((a: { id: string }) => a.id)).not.toContain(draft.id);
    const byAuthor = (await query(server.url, filters, { where: { authorId: staff.ids.writer } }, staff.editor)).articles;
    expect(byAuthor.nodes.map((a: { id: string }) => a.id)).toEqual([draft.id]);
    const anonymousByAuthor = (await query(server.url, filters, { where: { authorId: staff.ids.writer } })).articles;
    expect(anonymousByAuthor).toEqual({ totalCount: 0, nodes: [] });
    const canceledIn2022 = (await query(server.url, filters, {
      where: { verdict: "CANCELED", publishedAt: { from: "2022-11-01T00:00:00Z", to: "2022-12-01T00:00:00Z" } },
    })).articles;
    expect(canceledIn2022.nodes.map((a: { title: string }) => a.title)).toContain("Has Netflix Renewed The Imperfects for Season 2?");
    const emptyRange = await graphql(server.url, filters, { where: { publishedAt: { from: "2023-01-01T00:00:00Z", to: "2022-01-01T00:00:00Z" } } });
    expect(emptyRange.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "where.publishedAt" });
  });

  it("people by name and role; companies by name; nested credits page too", async () => {
    const people = await query(
      server.url,
      `{ creators: people(where: {role: CREATOR, nameContains: "e"}) { totalCount nodes { name } }
         inaki: person(slug: "inaki-godoy") { credits(first: 1) { totalCount pageInfo { hasNextPage endCursor } nodes { show { title } } } }
         companies: productionCompanies(where: {nameContains: "nomadic"}) { nodes { name shows(first: 2, orderBy: TITLE_ASC) { totalCount nodes { title } } } } }`,
    );
    expect(people.creators.nodes.map((p: { name: string }) => p.name)).toContain("Shelley Eriksen");
    expect(people.inaki.credits.totalCount).toBe(2);
    expect(people.inaki.credits.pageInfo.hasNextPage).toBe(true);
    const next = await query(
      server.url,
      `query($after: String) { person(slug: "inaki-godoy") { credits(first: 1, after: $after) { nodes { show { title } } } } }`,
      { after: people.inaki.credits.pageInfo.endCursor },
    );
    const both = [people.inaki.credits.nodes[0].show.title, next.person.credits.nodes[0].show.title].sort();
    expect(both).toEqual(["One Piece", "The Imperfects"]);
    const nomadic = people.companies.nodes[0];
    expect(nomadic.name).toBe("Nomadic Pictures");
    expect(nomadic.shows.totalCount).toBe(5);
    expect(nomadic.shows.nodes.map((s: { title: string }) => s.title)).toEqual(["My Life with the Walter Boys", "The I-Land"]);
  });
});
