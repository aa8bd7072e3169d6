import { describe, expect, inject, it } from "vitest";
import { graphql } from "./support/graphql.js";

const url = inject("sharedServerUrl");

async function statementsFor(query: string, variables?: Record<string, unknown>): Promise<number> {
  const result = await graphql(url, query, variables);
  expect(result.body.errors).toBeUndefined();
  return Number(result.headers.get("x-sql-statements"));
}

describe("nested reads cost a number of SQL statements fixed by the query's shape, not its rows", () => {
  const nested = `query($first: Int!, $skip: Int!) { shows(first: $first, skip: $skip) {
    title seasons { number } credits { role person { name } }
    productionCompanies { name showCount } chartEntries { rank } articles(first: 1) { title } } }`;

  it("a page of 3 shows and a page of 9 shows cost the same 8 statements", async () => {
    // Both pages hold shows with credits and companies, so every batched loader runs once.
    const small = await statementsFor(nested, { first: 3, skip: 5 });
    const large = await statementsFor(nested, { first: 9, skip: 0 });
    // shows, seasons, credits, people, companies, company show counts, chart entries, articles
    expect(small).toBe(8);
    expect(large).toBe(8);
  });

  it("one show with everything a show page needs", async () => {
    const count = await statementsFor(`{ show(slug: "the-imperfects") {
      title seasons { number chartRun { totalHours } chartEntries { rank hoursChangePercent } }
      creators { name } cast { characterName person { name } } ratings { source score }
      statusHistory { status article { title } } articles { title author { name } } } }`);
    // show; seasons; season chart entries; previous weeks; credits; people; ratings; status changes;
    // the status change's article; the show's articles; their authors
    expect(count).toBe(11);
  });
});
