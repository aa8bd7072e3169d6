import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv, importGlobalTop10 } from "./support/accounts.js";
import { graphql } from "./support/graphql.js";
import { startServerOnFreshDatabase } from "./support/server.js";

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
    // shows; their count; seasons; creator credits with their people; credits page with its count (one
    // statement); the credited people; companies with their show counts; company show pages with counts;
    // chart entry pages with counts; article pages; article authors
    expect(counts).toEqual([11, 11, 11]);
  });

  it("a page deep into the list, from a cursor, costs the same", async () => {
    const { data: first } = await statementsFor(nestedPage, { first: 100 });
    const { count, data } = await statementsFor(nestedPage, { first: 100, after: first.shows.pageInfo.endCursor });
    expect(data.shows.nodes).toHaveLength(100);
    // Shows without people, companies or articles skip those loaders: never more, never per row.
    expect(count).toBeLessThanOrEqual(11);
  });

  it("totalCount is one statement per connection field, however many parents", async () => {
    const counts = `query($first: Int!) { shows(first: $first) { nodes { chartEntries { totalCount } articles { totalCount } } } }`;
    const withCounts = await statementsFor(counts, { first: 100 });
    const withoutCounts = await statementsFor(
      `query($first: Int!) { shows(first: $first) { nodes { chartEntries { nodes { rank } } articles { nodes { title } } } } }`,
      { first: 100 },
    );
    // shows; chart entries with their counts; articles with their counts
    expect(withCounts.count).toBe(3);
    expect(withoutCounts.count).toBe(3);
  });

  it("one show with everything a show page needs", async () => {
    const { count } = await statementsFor(`{ show(slug: "the-imperfects") {
      title seasons { number chartRun { totalHours } chartEntries { nodes { rank hoursChangePercent } } }
      creators { name } cast { characterName person { name } } ratings { source score }
      statusHistory { status article { title } } articles { nodes { title author { name } } } } }`);
    // show; seasons; season chart runs; season chart entry pages; previous weeks; cast and creator credits
    // with their people; ratings; status changes; the status change's article; the show's articles; their authors
    expect(count).toBe(11);
  });

  it("the benchmark's nested page (Q2) costs 5 statements, for 20 shows as for 100", async () => {
    const q2 = `query($first: Int!) { shows(first: $first, orderBy: PREMIERE_DATE_DESC) { pageInfo { hasNextPage }
      nodes { title creators { name } productionCompanies { name showCount }
        chartEntries(last: 5) { nodes { weekEnd rank hoursViewed } } articles(first: 1) { nodes { title publishedAt } } } } }`;
    // shows; creators with their people; companies with their show counts; chart entry pages; article pages
    for (const first of [20, 100]) expect((await statementsFor(q2, { first })).count).toBe(5);
  });
});
