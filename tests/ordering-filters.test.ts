import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv, createStaff, importGlobalTop10, type Staff } from "./support/accounts.js";
import { graphql, query } from "./support/graphql.js";
import { startServerOnFreshDatabase } from "./support/server.js";

// The seed plus Netflix's real global Top 10: thousands of shows, most without a premiere date, so
// a first key with many ties that the second key has to break.
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

interface ShowNode {
  id: string;
  title: string;
  premiereDate: string | null;
}
interface Page<Node> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null; startCursor: string | null };
  edges: { cursor: string; node: Node }[];
}

const SHOWS = `query($first: Int, $after: String, $last: Int, $before: String, $where: ShowWhere, $orderBy: [ShowOrder!]) {
  shows(first: $first, after: $after, last: $last, before: $before, where: $where, orderBy: $orderBy) {
    totalCount pageInfo { hasNextPage startCursor endCursor } edges { cursor node { id title premiereDate } } } }`;

const shows = async (variables: Record<string, unknown>): Promise<Page<ShowNode>> => (await query(server.url, SHOWS, variables)).shows;
const ids = (page: Page<{ id: string }>) => page.edges.map((edge) => edge.node.id);

/** Every row of a connection, read page by page with `after` cursors. */
async function pageThrough<Node>(read: (after: string | null) => Promise<Page<Node>>): Promise<Node[]> {
  const rows: Node[] = [];
  let after: string | null = null;
  let page: Page<Node>;
  do {
    page = await read(after);
    rows.push(...page.edges.map((edge) => edge.node));
    after = page.pageInfo.endCursor;
  } while (page.pageInfo.hasNextPage);
  return rows;
}

const codeAndField = (result: Awaited<ReturnType<typeof graphql>>) => ({
  code: result.body.errors?.[0]?.extensions?.code,
  field: result.body.errors?.[0]?.extensions?.field,
});

describe("orderBy takes a list of orders", () => {
  const where = { titleContains: "love" };

  it("a two-key ordering on shows is the order SQL gives, and paging through it visits every row once", async () => {
    // The server's own TITLE_ASC order (title, then id) ranks the titles: the expected order below
    // needs no knowledge of the database's collation or of ids.
    const byTitle = await shows({ first: 100, where, orderBy: "TITLE_ASC" });
    expect(byTitle.totalCount).toBeGreaterThan(20);
    expect(byTitle.totalCount).toBeLessThanOrEqual(100);
    const titleRank = new Map(ids(byTitle).map((id, index) => [id, index]));
    const byPremiere = (a: ShowNode, b: ShowNode) =>
      a.premiereDate === b.premiereDate ? 0 : a.premiereDate === null ? 1 : b.premiereDate === null ? -1 : a.premiereDate < b.premiereDate ? -1 : 1;
    const expected = [...byTitle.edges.map((edge) => edge.node)].sort((a, b) => byPremiere(a, b) || titleRank.get(a.id)! - titleRank.get(b.id)!);
    // The first key leaves ties (shows without a premiere date) that only the second key orders.
    expect(expected.filter((show) => show.premiereDate === null).length).toBeGreaterThan(5);

    const orderBy = ["PREMIERE_DATE_ASC", "TITLE_ASC"];
    const all = await shows({ first: 100, where, orderBy });
    expect(all.edges.map((edge) => edge.node)).toEqual(expected);
    // Not merely the premiere-date order with its own tie-breaker (the id).
    const premiereOnly = await shows({ first: 100, where, orderBy: "PREMIERE_DATE_ASC" });
    expect(ids(premiereOnly)).not.toEqual(ids(all));

    const paged = await pageThrough((after) => shows({ first: 7, after, where, orderBy }));
    expect(paged.map((show) => show.id)).toEqual(ids(all));

    // Backward from the end reads the same order.
    const tail = await shows({ last: 9, where, orderBy });
    expect(ids(tail)).toEqual(ids(all).slice(-9));
    const before = await shows({ last: 4, before: tail.pageInfo.startCursor, where, orderBy });
    expect(ids(before)).toEqual(ids(all).slice(-13, -9));

    if (server.database.url) {
      // On PostgreSQL, the database itself says what the order is.
      const client = new pg.Client({ connectionString: server.database.url });
      await client.connect();
      try {
        const sql = await client.query(`SELECT title FROM "Show" WHERE title ILIKE '%love%' ORDER BY "premiereDate" ASC NULLS LAST, title ASC, id ASC`);
        expect(all.edges.map((edge) => edge.node.title)).toEqual(sql.rows.map((row) => row.title));
      } finally {
        await client.end();
      }
    }
  });

  it("a two-key ordering on Top 10 rows (rank, then hours viewed) pages through every row once", async () => {
    const CHART = `query($after: String, $orderBy: [ChartEntryOrder!]) {
      chartEntries(first: 25, after: $after, orderBy: $orderBy, where: { weekEnd: { from: "2024-01-07", to: "2024-01-28" } }) {
        totalCount pageInfo { hasNextPage startCursor endCursor } edges { cursor node { rank hoursViewed weekEnd category region } } } }`;
    type Row = { rank: number; hoursViewed: number | null; weekEnd: string; category: string; region: string };
    const read = async (after: string | null, orderBy: string[]) => (await query(server.url, CHART, { after, orderBy })).chartEntries as Page<Row>;
    const rows = await pageThrough((after) => read(after, ["RANK_ASC", "HOURS_VIEWED_DESC"]));
    const first = await read(null, ["RANK_ASC", "HOURS_VIEWED_DESC"]);
    expect(rows.length).toBe(first.totalCount);
    expect(rows.length).toBe(4 * 4 * 10); // four weeks of the four global lists
    const seen = new Set(rows.map((row) => `${row.weekEnd}/${row.category}/${row.rank}`));
    expect(seen.size).toBe(rows.length);
    // Rank first, then more hours first; the ordering's own tie-breakers (week, newest first) follow.
    const expected = [...rows].sort(
      (a, b) => a.rank - b.rank || (b.hoursViewed ?? -1) - (a.hoursViewed ?? -1) || (a.weekEnd < b.weekEnd ? 1 : a.weekEnd > b.weekEnd ? -1 : 0),
    );
    expect(rows).toEqual(expected);
    // RANK_ASC alone breaks rank ties by week instead: a different order.
    const rankOnly = await pageThrough((after) => read(after, ["RANK_ASC"]));
    expect(rankOnly).not.toEqual(rows);
  });

  it("a single value still works, and means the same as a list of one (cursors included)", async () => {
    const single = await shows({ first: 5, where, orderBy: "TITLE_DESC" });
    const listed = await shows({ first: 5, where, orderBy: ["TITLE_DESC"] });
    expect(ids(listed)).toEqual(ids(single));
    const next = await shows({ first: 5, where, orderBy: ["TITLE_DESC"], after: single.pageInfo.endCursor });
    expect(next.edges).toHaveLength(5);
    // As an inline literal too (GraphQL list coercion).
    const literal = await query(server.url, `{ shows(first: 5, where: { titleContains: "love" }, orderBy: TITLE_DESC) { nodes { id } } }`);
    expect(literal.shows.nodes.map((node: { id: string }) => node.id)).toEqual(ids(single));
  });

  it("a cursor made under one ordering is refused under another, naming `after` or `before`", async () => {
    const page = await shows({ first: 3, where, orderBy: ["PREMIERE_DATE_ASC", "TITLE_ASC"] });
    for (const orderBy of [["PREMIERE_DATE_ASC"], ["TITLE_ASC", "PREMIERE_DATE_ASC"], ["PREMIERE_DATE_ASC", "TITLE_DESC"]]) {
      const after = await graphql(server.url, SHOWS, { first: 3, after: page.pageInfo.endCursor, where, orderBy });
      expect(codeAndField(after)).toEqual({ code: "BAD_USER_INPUT", field: "after" });
      const before = await graphql(server.url, SHOWS, { last: 3, before: page.pageInfo.startCursor, where, orderBy });
      expect(codeAndField(before)).toEqual({ code: "BAD_USER_INPUT", field: "before" });
    }
    // And a single-order cursor is not one of a list that starts with the same order.
    const single = await shows({ first: 3, where, orderBy: "PREMIERE_DATE_ASC" });
    const reused = await graphql(server.url, SHOWS, { first: 3, after: single.pageInfo.endCursor, where, orderBy: ["PREMIERE_DATE_ASC", "TITLE_ASC"] });
    expect(codeAndField(reused)).toEqual({ code: "BAD_USER_INPUT", field: "after" });
  });

  it("two orders on the same key, or none at all, are refused as client errors", async () => {
    for (const orderBy of [["TITLE_ASC", "TITLE_DESC"], ["PREMIERE_DATE_DESC", "TITLE_ASC", "PREMIERE_DATE_ASC"], ["TITLE_ASC", "TITLE_ASC"], []]) {
      const result = await graphql(server.url, SHOWS, { first: 3, orderBy });
      expect(codeAndField(result)).toEqual({ code: "BAD_USER_INPUT", field: "orderBy" });
      expect(result.body.data?.shows ?? null).toBeNull();
    }
    // On a nested list (read in its parent's statement) too.
    const nested = await graphql(server.url, `{ shows(first: 1) { nodes { articles(orderBy: [TITLE_ASC, TITLE_ASC]) { nodes { id } } } } }`);
    expect(codeAndField(nested)).toEqual({ code: "BAD_USER_INPUT", field: "orderBy" });
  });
});

describe("where inputs take AND, OR and NOT", () => {
  const titlesOf = async (where: Record<string, unknown>) => {
    const page = await shows({ first: 100, where });
    expect(page.pageInfo.hasNextPage, JSON.stringify(where)).toBe(false); // the whole set, to compare sets
    return new Set(page.edges.map((edge) => edge.node.id));
  };

  it("OR is the union, AND the intersection, NOT the complement of their conditions", async () => {
    const love = await titlesOf({ titleContains: "love" });
    const queen = await titlesOf({ titleContains: "queen" });
    // "is" alone matches too many shows to read in one page: its intersection with "love" is read off the titles.
    const loveTitles = new Map((await shows({ first: 100, where: { titleContains: "love" } })).edges.map((edge) => [edge.node.id, edge.node.title]));
    const island = new Set([...loveTitles].filter(([, title]) => title.toLowerCase().includes("is")).map(([id]) => id));
    expect(love.size).toBeGreaterThan(0);
    expect(queen.size).toBeGreaterThan(0);
    const loveIsland = [...love].filter((id) => island.has(id));
    expect(loveIsland.length).toBeGreaterThan(0);
    expect(loveIsland.length).toBeLessThan(love.size);

    const dragon = await titlesOf({ titleContains: "dragon" });
    expect(dragon.size).toBeGreaterThan(0);
    expect(await titlesOf({ OR: [{ titleContains: "queen" }, { titleContains: "dragon" }] })).toEqual(new Set([...queen, ...dragon]));
    expect(await titlesOf({ AND: [{ titleContains: "love" }, { titleContains: "is" }] })).toEqual(new Set(loveIsland));
    expect(await titlesOf({ titleContains: "love", NOT: { titleContains: "is" } })).toEqual(new Set([...love].filter((id) => !island.has(id))));
    // A level's own conditions hold beside its combinators, and combinators nest.
    expect(await titlesOf({ titleContains: "love", OR: [{ titleContains: "is" }, { titleContains: "queen" }] })).toEqual(
      new Set([...love].filter((id) => island.has(id) || queen.has(id))),
    );
    expect(await titlesOf({ OR: [{ AND: [{ titleContains: "love" }, { NOT: { titleContains: "is" } }] }, { titleContains: "queen" }] })).toEqual(
      new Set([...[...love].filter((id) => !island.has(id)), ...queen]),
    );
    // totalCount counts the same rows.
    expect((await shows({ first: 1, where: { OR: [{ titleContains: "love" }, { titleContains: "queen" }] } })).totalCount).toBe(new Set([...love, ...queen]).size);
    expect((await shows({ first: 1, where: { NOT: { titleContains: "love" } } })).totalCount).toBe((await shows({ first: 1 })).totalCount - love.size);
  });

  it("works on the other lists: people and companies", async () => {
    const PEOPLE = `query($where: PersonWhere) { people(first: 100, where: $where) { nodes { id name } } }`;
    const everyone = (await query(server.url, PEOPLE, {})).people.nodes as { id: string; name: string }[];
    const [a, b] = [everyone[0]!, everyone.at(-1)!];
    const either = (await query(server.url, PEOPLE, { where: { OR: [{ nameContains: a.name }, { nameContains: b.name }] } })).people.nodes;
    expect(either.map((person: { id: string }) => person.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    const notA = (await query(server.url, PEOPLE, { where: { NOT: { nameContains: a.name } } })).people.nodes;
    expect(notA.map((person: { id: string }) => person.id)).not.toContain(a.id);
    expect(notA.length).toBeLessThan(everyone.length);

    const COMPANIES = `query($where: CompanyWhere) { productionCompanies(first: 100, where: $where) { nodes { id name } } }`;
    const [company] = (await query(server.url, COMPANIES, {})).productionCompanies.nodes as { id: string; name: string }[];
    const named = (where: Record<string, unknown>) => query(server.url, COMPANIES, { where }).then((data) => data.productionCompanies.nodes.map((c: { id: string }) => c.id));
    expect(await named({ OR: [{ nameContains: company!.name }, { nameContains: "no such company" }] })).toEqual([company!.id]);
    expect(await named({ AND: [{ nameContains: company!.name }, { nameContains: "no such company" }] })).toEqual([]);
    expect(await named({ NOT: { nameContains: company!.name } })).not.toContain(company!.id);

    const CHART = `query($where: ChartEntryWhere) { chartEntries(first: 100, where: $where) { totalCount nodes { rank } } }`;
    const week = { weekEnd: { from: "2024-01-07", to: "2024-01-07" } };
    const ends = (await query(server.url, CHART, { where: { ...week, OR: [{ rank: { min: 1, max: 1 } }, { rank: { min: 10, max: 10 } }] } })).chartEntries;
    expect(ends.totalCount).toBe(8);
    expect(new Set(ends.nodes.map((row: { rank: number }) => row.rank))).toEqual(new Set([1, 10]));
    const middle = (await query(server.url, CHART, { where: { ...week, NOT: { OR: [{ rank: { min: 1, max: 1 } }, { rank: { min: 10, max: 10 } }] } } })).chartEntries;
    expect(middle.totalCount).toBe(32);
  });

  it("OR cannot reveal a draft: visibility holds outside the client's filter, on lists and nested lists", async () => {
    const ARTICLES = `query($where: ArticleWhere) { articles(first: 100, where: $where) { totalCount nodes { id status } } }`;
    const drafts = (await query(server.url, ARTICLES, { where: { status: ["DRAFT"] } }, staff.editor)).articles.nodes as { id: string }[];
    expect(drafts.length).toBeGreaterThan(0);
    const draftIds = drafts.map((draft) => draft.id);
    const published = (await query(server.url, ARTICLES, {})).articles;
    const widening = [
      { OR: [{ status: ["DRAFT"] }, { status: ["PUBLISHED"] }] },
      { OR: [{ status: ["DRAFT"] }, { NOT: { status: ["DRAFT"] } }] },
      { NOT: { status: ["PUBLISHED"] } },
      { OR: [{}, { status: ["DRAFT", "IN_REVIEW", "SCHEDULED"] }] },
    ];
    for (const where of widening) {
      const anonymous = (await query(server.url, ARTICLES, { where })).articles;
      for (const node of anonymous.nodes) expect(node.status).toBe("PUBLISHED");
      expect(anonymous.nodes.map((node: { id: string }) => node.id)).not.toEqual(expect.arrayContaining([draftIds[0]]));
      expect(anonymous.totalCount).toBeLessThanOrEqual(published.totalCount);
      // The nested list of a show's articles (read in the show's own statement) obeys the same rule.
      const nested = await query(server.url, `query($where: ArticleWhere) { shows(first: 100) { nodes { articles(where: $where) { nodes { id status } } } } }`, { where });
      const nestedArticles = nested.shows.nodes.flatMap((show: { articles: { nodes: { id: string; status: string }[] } }) => show.articles.nodes);
      for (const node of nestedArticles) expect(node.status).toBe("PUBLISHED");
    }
    // The editor, who may see drafts, gets them through the same OR.
    const editor = (await query(server.url, ARTICLES, { where: widening[1] }, staff.editor)).articles.nodes.map((node: { id: string }) => node.id);
    expect(editor).toEqual(expect.arrayContaining(draftIds));
  });

  it("filters past the depth or size limits are refused as client errors naming where", async () => {
    let deep: Record<string, unknown> = { titleContains: "love" };
    for (let level = 0; level < 5; level += 1) deep = { NOT: deep };
    const tooDeep = await graphql(server.url, SHOWS, { first: 1, where: deep });
    expect(tooDeep.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(String(tooDeep.body.errors?.[0]?.extensions?.field)).toMatch(/^where(\.NOT)+$/);
    expect(tooDeep.body.data?.shows ?? null).toBeNull();

    // Four levels are allowed.
    let fourDeep: Record<string, unknown> = { titleContains: "love" };
    for (let level = 0; level < 4; level += 1) fourDeep = { NOT: fourDeep };
    expect((await shows({ first: 1, where: fourDeep })).totalCount).toBeGreaterThan(0);

    const tooWide = await graphql(server.url, SHOWS, { first: 1, where: { OR: Array.from({ length: 21 }, () => ({ titleContains: "a" })) } });
    expect(tooWide.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(JSON.stringify(tooWide.body.errors?.[0]?.extensions)).toMatch(/where\.OR/);

    const tooMany = await graphql(server.url, SHOWS, {
      first: 1,
      where: { OR: Array.from({ length: 20 }, () => ({ AND: [{ titleContains: "a" }, { titleContains: "b" }, { titleContains: "c" }] })) },
    });
    expect(codeAndField(tooMany)).toEqual({ code: "BAD_USER_INPUT", field: "where" });

    // The same limits on a nested list read in its parent's statement, where no validator ran.
    const nestedDeep = await graphql(server.url, `query($where: ArticleWhere) { shows(first: 1) { nodes { articles(where: $where) { nodes { id } } } } }`, {
      where: { NOT: { NOT: { NOT: { NOT: { NOT: { status: ["PUBLISHED"] } } } } } },
    });
    expect(nestedDeep.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(String(nestedDeep.body.errors?.[0]?.extensions?.field)).toMatch(/^where(\.NOT)+$/);
  });
});
