import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, adminEnv, importGlobalTop10, signIn } from "./support/accounts.js";
import { bearer, graphql } from "./support/graphql.js";
import { startServerOnFreshDatabase } from "./support/server.js";

// The read path the suite runs under (COMPILED_READS, default on): some counts differ, and each says how.
const compiledReads = process.env.COMPILED_READS !== "off";

// The seed plus Netflix's global Top 10 file: more than enough shows for pages of 100.
let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;

beforeAll(async () => {
  server = await startServerOnFreshDatabase(adminEnv);
  await importGlobalTop10(server.url);
});
afterAll(async () => {
  await server?.close();
});

async function statementsFor(query: string, variables?: Record<string, unknown>): Promise<{ count: number; data: any }> {
  const result = await graphql(server.url, query, variables);
  expect(result.body.errors).toBeUndefined();
  return { count: Number(result.headers.get("x-sql-statements")), data: result.body.data };
}

describe("nested reads cost a number of SQL statements fixed by the query's shape, not its rows", () => {
  // Newest premieres first: the seeded shows, which have people, companies and articles, lead every page.
  const nestedPage = `query($first: Int!, $after: String) { shows(first: $first, after: $after, orderBy: PREMIERE_DATE_DESC) {
    totalCount pageInfo { endCursor }
    nodes { title seasons { number } creators { name }
      credits(first: 3) { totalCount nodes { role person { name } } }
      productionCompanies { name showCount shows(first: 2) { totalCount nodes { title } } }
      chartEntries(last: 5) { totalCount nodes { rank weekEnd } }
      articles(first: 1) { nodes { title author { name } } } } } }`;

  it("shows(first: 100) costs exactly what shows(first: 10) and shows(first: 2) cost", async () => {
    const counts: number[] = [];
    for (const first of [2, 10, 100]) {
      const { count, data } = await statementsFor(nestedPage, { first });
      expect(data.shows.nodes).toHaveLength(first);
      counts.push(count);
    }
    // shows with their seasons, creator credits and people, companies and their show counts, chart entry
    // pages and counts, and article pages (one statement); the shows' count; the credits page with its
    // count (its relation is the creators', read with other arguments); the credited people; company
    // show pages with counts; article authors. Compiled, every field of it is declared: one statement.
    expect(counts).toEqual(compiledReads ? [1, 1, 1] : [6, 6, 6]);
  });

  it("a page deep into the list, from a cursor, costs the same", async () => {
    const { data: first } = await statementsFor(nestedPage, { first: 100 });
    const { count, data } = await statementsFor(nestedPage, { first: 100, after: first.shows.pageInfo.endCursor });
    expect(data.shows.nodes).toHaveLength(100);
    // Shows without people, companies or articles skip those loaders: never more, never per row.
    expect(count).toBeLessThanOrEqual(6);
  });

  it("totalCount is one statement per connection field, however many parents", async () => {
    const counts = `query($first: Int!) { shows(first: $first) { nodes { chartEntries { totalCount } articles { totalCount } } } }`;
    const withCounts = await statementsFor(counts, { first: 100 });
    const withoutCounts = await statementsFor(
      `query($first: Int!) { shows(first: $first) { nodes { chartEntries { nodes { rank } } articles { nodes { title } } } } }`,
      { first: 100 },
    );
    // shows with their chart entries, articles and both counts, in one statement
    expect(withCounts.count).toBe(1);
    expect(withoutCounts.count).toBe(1);
  });

  it("one show with everything a show page needs", async () => {
    const { count } = await statementsFor(`{ show(slug: "the-imperfects") {
      title seasons { number chartRun { totalHours } chartEntries { nodes { rank hoursChangePercent } } }
      creators { name } cast { characterName person { name } } ratings { source score }
      statusHistory { status article { title } } articles { nodes { title author { name } } } } }`);
    // the show with its seasons and their chart runs, cast and creator credits with their people, ratings,
    // status changes and articles (one statement); season chart entry pages (their relation is the chart
    // runs', read with other arguments); previous weeks; the status change's article; the articles' authors
    expect(count).toBe(5);
  });

  it("the benchmark's show page (Q4) is one statement", async () => {
    const { count, data } = await statementsFor(`{ show(slug: "the-imperfects") { title seasons { number chartRun { peakRank weeksInTop10 } }
      credits(first: 20) { nodes { role characterName person { name slug } } } ratings { source score } articles(first: 5) { nodes { title slug } } } }`);
    expect(count).toBe(1);
    expect(data.show.seasons[0].chartRun.weeksInTop10).toBeGreaterThan(0);
    expect(data.show.credits.nodes[0].person.name).toEqual(expect.any(String));
  });

  it("the benchmark's nested page (Q2) is one statement, for 20 shows as for 100", async () => {
    const q2 = `query($first: Int!) { shows(first: $first, orderBy: PREMIERE_DATE_DESC) { pageInfo { hasNextPage }
      nodes { title creators { name } productionCompanies { name showCount }
        chartEntries(last: 5) { nodes { weekEnd rank hoursViewed } } articles(first: 1) { nodes { title publishedAt } } } } }`;
    // shows with creators and their people, companies with their show counts, chart entry pages and article pages
    for (const first of [20, 100]) expect((await statementsFor(q2, { first })).count).toBe(1);
  });

  it("a field selected twice with other arguments is read by its loader, with the right rows under each alias", async () => {
    const page = `query($first: Int!) { shows(first: $first, orderBy: PREMIERE_DATE_DESC) {
      nodes { title recent: chartEntries(last: 2) { nodes { weekEnd rank } } }
      edges { node { title recent: chartEntries(last: 2) { nodes { weekEnd rank } } earliest: chartEntries(first: 1) { nodes { weekEnd rank } } } } } }`;
    const { count, data } = await statementsFor(page, { first: 20 });
    // compiled: one statement for all of it; resolver path: shows with their last two entries, then the
    // first entries through the loader (the relation is taken)
    expect(count).toBe(compiledReads ? 1 : 2);
    const separately = async (args: string) =>
      (await statementsFor(`query($first: Int!) { shows(first: $first, orderBy: PREMIERE_DATE_DESC) { nodes { chartEntries(${args}) { nodes { weekEnd rank } } } } }`, { first: 20 }))
        .data.shows.nodes.map((show: any) => show.chartEntries);
    const [recent, earliest] = await Promise.all([separately("last: 2"), separately("first: 1")]);
    expect(data.shows.nodes.map((show: any) => show.recent)).toEqual(recent);
    expect(data.shows.edges.map((edge: any) => edge.node.recent)).toEqual(recent);
    expect(data.shows.edges.map((edge: any) => edge.node.earliest)).toEqual(earliest);
    expect(recent.some((entries: any) => entries.nodes.length === 2)).toBe(true);
  });

  it("a response key selected under nodes and edges with different subfields gets each its own fields", async () => {
    const page = `{ shows(first: 5, orderBy: PREMIERE_DATE_DESC) {
      nodes { entries: chartEntries(last: 3) { nodes { rank } } }
      edges { node { entries: chartEntries(last: 3) { nodes { rank views hoursViewed } } } } } }`;
    const { data } = await statementsFor(page);
    const alone = await statementsFor(`{ shows(first: 5, orderBy: PREMIERE_DATE_DESC) { nodes { chartEntries(last: 3) { nodes { rank views hoursViewed } } } } }`);
    expect(data.shows.edges.map((edge: any) => edge.node.entries)).toEqual(alone.data.shows.nodes.map((show: any) => show.chartEntries));
    expect(alone.data.shows.nodes.some((show: any) => show.chartEntries.nodes.some((entry: any) => entry.views !== null))).toBe(true);
  });

  it("a nested page with invalid arguments fails on its own field, as when loaded alone", async () => {
    const result = await graphql(server.url, `{ shows(first: 2) { nodes { title chartEntries(after: "not-a-cursor") { nodes { rank } } } } }`);
    expect(result.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(result.body.errors?.[0]?.path).toEqual(["shows", "nodes", 0, "chartEntries"]);
  });
});

/** Prisma plans compiled so far (/metrics): a plan is compiled per new query text, on the main thread. */
async function plansCompiled(): Promise<number> {
  const metrics = await (await fetch(`${server.origin}/metrics`)).text();
  return Number(/^greenlight_query_plans_total\{result="compiled"\} (\S+)$/m.exec(metrics)?.[1]);
}

describe.runIf(compiledReads)("a compiled read", () => {
  it("runs as a prepared statement of its own: Prisma compiles no plan for it, whatever its values", async () => {
    const page = `query($slug: String!) { show(slug: $slug) { title seasons { number chartRun { peakRank } } credits(first: 5) { nodes { person { name } } } } }`;
    await statementsFor(page, { slug: "the-imperfects" });
    // Plans reused are not compared: the server's background pollers reuse theirs all the time.
    const compiled = await plansCompiled();
    const rendered = await statementsRendered();
    const titles = new Set<string>();
    for (const slug of ["bridgerton", "wednesday", "no-such-show", "the-imperfects"]) {
      const { count, data } = await statementsFor(page, { slug });
      expect(count).toBe(1);
      if (slug === "no-such-show") expect(data.show).toBeNull();
      else titles.add(data.show.title);
    }
    // Each slug bound to the one statement finds its own show.
    expect(titles.size).toBe(3);
    // Through Prisma's raw queries every new slug would compile a plan (its plan cache keys by the values).
    expect(await plansCompiled()).toBe(compiled);
    // The slug is a bound argument (db/compiled/lookup.ts): the statement was rendered for the first slug only.
    expect(await statementsRendered()).toBe(rendered);
    // A slug its validation refuses is not bound to the statement: the resolver path reports it.
    const malformed = await graphql(server.url, page, { slug: "Not A Slug" });
    expect(malformed.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("for a signed-in reader is two statements, the token holder's standing and the read, and compiles no Prisma plan", async () => {
    const auth = bearer(await signIn(server.url, ADMIN.email, ADMIN.password));
    const read = `{ show(slug: "the-imperfects") { title } }`;
    await graphql(server.url, read, undefined, auth);
    const compiled = await plansCompiled();
    for (let round = 0; round < 3; round += 1) {
      const result = await graphql(server.url, read, undefined, auth);
      expect(result.body.data.show.title).toBe("The Imperfects");
      // Both prepared statements on the primary's pool (auth/user.service.ts tokenHolder, db/prepared-reads.ts).
      expect(Number(result.headers.get("x-sql-statements"))).toBe(2);
    }
    expect(await plansCompiled()).toBe(compiled);
  });

  it("pages on with a new cursor without rendering a statement again, each page bound to its own cursor", async () => {
    /** The first `pages` pages of a connection read through its cursor variable, and the renders that took. */
    const pageThrough = async (document: string, variables: Record<string, unknown>, connectionOf: (data: any) => any, pages = 4) => {
      const rendered = await statementsRendered();
      const items: unknown[] = [];
      let after: string | null = null;
      for (let page = 0; page < pages; page += 1) {
        const { count, data } = await statementsFor(document, { ...variables, after });
        expect(count).toBe(1);
        const connection = connectionOf(data);
        items.push(...connection.nodes);
        if (!connection.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
      }
      return { items, renders: (await statementsRendered()) - rendered };
    };
    const shows = `query($after: String, $orderBy: [ShowOrder!]) { shows(first: 5, after: $after, orderBy: $orderBy) {
      nodes { title premiereDate } pageInfo { hasNextPage endCursor } } }`;
    const all = async (orderBy: string) => (await statementsFor(`{ shows(first: 20, orderBy: ${orderBy}) { nodes { title premiereDate } } }`)).data.shows.nodes;
    // By title: the first page's statement, then one for every cursor after it.
    const byTitle = await pageThrough(shows, { orderBy: ["TITLE_ASC"] }, (data) => data.shows);
    expect(byTitle.items).toEqual(await all("TITLE_ASC"));
    expect(byTitle.renders).toBe(2);
    // A nullable key: a cursor on a show without a premiere date reads differently (`is null`), so it has a statement
    // of its own. The seed's 8 dated shows come first, the imported ones (no date) after: the pages cross over.
    const byPremiere = await pageThrough(shows, { orderBy: ["PREMIERE_DATE_DESC"] }, (data) => data.shows);
    expect(byPremiere.items).toEqual(await all("PREMIERE_DATE_DESC"));
    expect(byPremiere.items.filter((show: any) => show.premiereDate === null).length).toBeGreaterThan(5);
    expect(byPremiere.renders).toBeLessThanOrEqual(3);
    // An enum key (a credit's role) is written into the text: a statement per role the cursors stop at.
    const credits = `query($after: String) { show(slug: "the-imperfects") { credits(first: 2, after: $after) {
      nodes { role position person { name } } pageInfo { hasNextPage endCursor } } } }`;
    const byRole = await pageThrough(credits, {}, (data) => data.show.credits, 10);
    const allCredits = (await statementsFor(`{ show(slug: "the-imperfects") { credits(first: 100) { nodes { role position person { name } } } } }`)).data.show.credits.nodes;
    expect(byRole.items).toEqual(allCredits);
    expect(new Set(allCredits.map((credit: { role: string }) => credit.role)).size).toBeGreaterThan(1);
    // A cursor of another order is the resolver path's to report, and does not stop the next good cursor compiling.
    const titleCursor = (await statementsFor(shows, { orderBy: ["TITLE_ASC"], after: null })).data.shows.pageInfo.endCursor;
    const wrongOrder = await graphql(server.url, shows, { orderBy: ["PREMIERE_DATE_DESC"], after: titleCursor });
    expect(wrongOrder.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const rendered = await statementsRendered();
    expect((await statementsFor(shows, { orderBy: ["TITLE_ASC"], after: titleCursor })).data.shows.nodes).toEqual((await all("TITLE_ASC")).slice(5, 10));
    expect(await statementsRendered()).toBe(rendered);
  });

  async function statementsRendered(): Promise<number> {
    const metrics = await (await fetch(`${server.origin}/metrics`)).text();
    return Number(/^greenlight_compiled_reads_total\{result="statement_rendered"\} (\S+)$/m.exec(metrics)?.[1]);
  }

  /** The compiled read path's operation counters (/metrics): answered from the statements alone, or executed. */
  async function operations(): Promise<Record<"answered" | "executed" | "fallback", number>> {
    const metrics = await (await fetch(`${server.origin}/metrics`)).text();
    const count = (result: string) => Number(new RegExp(`^greenlight_compiled_reads_total\\{result="${result}"\\} (\\S+)$`, "m").exec(metrics)?.[1]);
    return { answered: count("answered"), executed: count("executed"), fallback: count("fallback") };
  }

  it("is answered from its statements, without graphql-js executing it, when every root field compiles", async () => {
    const before = await operations();
    const result = await graphql(server.url, `query Both { page: shows(first: 2, orderBy: TITLE_ASC) { nodes { title } } __typename
      one: show(slug: "the-imperfects") { title seasons { number } } }`);
    expect(result.body.errors).toBeUndefined();
    // Response keys in the operation's order, __typename answered too.
    expect(Object.keys(result.body.data)).toEqual(["page", "__typename", "one"]);
    expect(result.body.data.__typename).toBe("Query");
    expect(result.body.data.one.title).toBe("The Imperfects");
    expect(Number(result.headers.get("x-sql-statements"))).toBe(2);
    expect(await operations()).toEqual({ ...before, answered: before.answered + 1 });
  });

  it("is executed by graphql-js when a root field does not compile", async () => {
    const before = await operations();
    const result = await graphql(server.url, `{ page: shows(first: 2) { nodes { title } } one: show(slug: "the-imperfects") { title seasons { renewalOutlook { verdict } } } }`);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.one.seasons[0].renewalOutlook.verdict).toBeTruthy();
    const after = await operations();
    expect(after.answered).toBe(before.answered);
    expect(after.fallback).toBe(before.fallback + 1);
  });
});

describe("a draft save (the benchmark's M1)", () => {

  it("is 4 statements and compiles no new Prisma plan, whatever its body", async () => {
    const auth = bearer(await signIn(server.url, ADMIN.email, ADMIN.password));
    const created = await graphql(server.url, `mutation { createArticle(input: {title: "Plan count draft", body: "Start."}) { id } }`, undefined, auth);
    const id = created.body.data.createArticle.id;
    const save = (baseVersion: number, body: string) =>
      graphql(server.url, `mutation($input: UpdateArticleInput!) { updateArticle(input: $input) { version } }`, { input: { id, baseVersion, body } }, auth);
    // The first save compiles whatever every later save reuses.
    expect((await save(1, "First save.")).body.data.updateArticle.version).toBe(2);
    const before = await plansCompiled();
    const second = await save(2, "Second save, a body never sent before.");
    expect(second.body.data.updateArticle.version).toBe(3);
    // The token's user; the row lock with the newest revision; the revision, audit entry and row update in one
    // statement (data-modifying CTEs); COMMIT.
    expect(Number(second.headers.get("x-sql-statements"))).toBe(4);
    // Every statement is parameterised raw SQL: the values never make a new plan.
    expect((await plansCompiled()) - before).toBe(0);
  });
});
