import { getIntrospectionQuery } from "graphql";
import { describe, expect, inject, it } from "vitest";
import { graphql } from "./support/graphql.js";

const url = inject("sharedServerUrl");

describe("limits that protect the service (refused before execution, each with its code)", () => {
  it("depth", async () => {
    let query = `{ show(slug: "the-imperfects") `;
    for (let level = 0; level < 7; level += 1) query += "{ seasons { show ";
    query += "{ title }" + " } }".repeat(7) + " }";
    const result = await graphql(url, query);
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_TOO_DEEP", depth: 16, maxDepth: 12 });
    expect(result.headers.get("x-sql-statements")).toBe("0");
  });

  it("introspection (a playground's schema query) has its own depth limit of 20 and no cost limit", async () => {
    const full = await graphql(url, getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }));
    expect(full.status).toBe(200);
    expect(full.body.data.__schema.types.length).toBeGreaterThan(50);
    const deep = `{ __type(name: "Show") { ${"ofType { ".repeat(20)}name${" }".repeat(20)} } }`;
    const refused = await graphql(url, deep);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_TOO_DEEP", maxDepth: 20 });
    // Mixing in a data field takes the ordinary limits again.
    const mixed = await graphql(url, `{ shows { totalCount } __type(name: "Show") { ${"ofType { ".repeat(12)}name${" }".repeat(12)} } }`);
    expect(mixed.body.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_TOO_DEEP", maxDepth: 12 });
  });

  it("depth through fragments counts too", async () => {
    const fragments = Array.from({ length: 8 }, (_, index) =>
      index < 7 ? `fragment F${index} on Season { show { seasons { ...F${index + 1} } } }` : `fragment F7 on Season { number }`,
    ).join("\n");
    const result = await graphql(url, `{ show(slug: "the-imperfects") { seasons { ...F0 } } }\n${fragments}`);
    expect(result.body.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_DEEP");
  });

  it("aliases, __typename included", async () => {
    const aliases = Array.from({ length: 31 }, (_, index) => `a${index}: __typename`).join(" ");
    const result = await graphql(url, `{ ${aliases} }`);
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: "TOO_MANY_ALIASES", aliases: 31, maxAliases: 30 });
    const fine = await graphql(url, `{ ${Array.from({ length: 30 }, (_, index) => `a${index}: __typename`).join(" ")} }`);
    expect(fine.status).toBe(200);
  });

  it("cost: connections multiply by their page size (first or last), variables included", async () => {
    const query = `query($n: Int!) { shows(first: $n) { nodes { chartEntries(last: $n) { nodes { show {
      chartEntries(first: $n) { nodes { rank } } } } } } } }`;
    // Each connection multiplies its `nodes` (1 + what they select) by the page size.
    const cost = (n: number) => 1 + n * (1 + 1 + n * (1 + 1 + 1 + n * (1 + 1)));
    const costly = await graphql(url, query, { n: 100 });
    expect(costly.status).toBe(400);
    expect(costly.body.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", cost: cost(100) });
    const cheap = await graphql(url, query, { n: 5 });
    expect(cheap.status).toBe(200);
    expect(cheap.body.errors).toBeUndefined();
    // A pass is remembered for its variables only (queryLimitsPlugin): the same text with a bigger page is refused again.
    const again = await graphql(url, query, { n: 100 });
    expect(again.body.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", cost: cost(100) });
    const sameOperationOtherPage = await graphql(url, query, { n: 6 });
    expect(sameOperationOtherPage.status).toBe(200);
    const stillCheap = await graphql(url, query, { n: 5 });
    expect(stillCheap.status).toBe(200);
    expect(await graphql(url, query, { n: 100 }).then((result) => result.body.errors?.[0]?.extensions?.code)).toBe("QUERY_TOO_COMPLEX");
  });

  it("cost: a pass is remembered for the variables the cost depends on (page sizes, directives), the others still checked", async () => {
    const query = `query($deep: Boolean!, $title: String) { shows(first: 100, where: {titleContains: $title}) { nodes { title
      seasons @include(if: $deep) { renewalOutlook { verdict } } } } }`;
    // `@include(if: $deep)` decides whether 100 shows' outlooks count: the directive's variable is part of the key.
    for (const title of ["a", "b"]) {
      expect((await graphql(url, query, { deep: false, title })).status).toBe(200);
      expect((await graphql(url, query, { deep: true, title })).body.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_COMPLEX");
    }
    // The filter is not: a pass for one title serves every title, yet a value of the wrong type is still refused, naming it.
    const wrongType = await graphql(url, query, { deep: false, title: 42 });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "title" });
  });

  it("cost: computed analytics carry their own weights; whole-table ones are for editors", async () => {
    const outlooks = `{ shows(first: 100) { nodes { title seasons { number renewalOutlook { verdict probability reasons { code } } } } } }`;
    // renewalOutlook weighs 2,500, its reasons are a list (10 assumed), as are a show's seasons.
    const perShow = 1 + 1 + (1 + 10 * (1 + 2_500 + 1 + 1 + (1 + 10 * 1)));
    const refused = await graphql(url, outlooks);
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", cost: 1 + 100 * perShow, maxCost: 50_000 });
    expect(refused.headers.get("x-sql-statements")).toBe("0");

    // One show's outlooks stay within the limit.
    const one = await graphql(url, `{ show(slug: "the-imperfects") { seasons { renewalOutlook { verdict } } } }`);
    expect(one.status).toBe(200);
    expect(one.body.errors).toBeUndefined();

    const backtest = await graphql(url, `{ outlookBacktest { testSeasons } }`);
    expect(backtest.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(backtest.body.data).toEqual({ outlookBacktest: null });
  });

  it("huge query texts, batches of operations and mutations over GET", async () => {
    const huge = await graphql(url, `{ shows { nodes { ${"title ".repeat(6000)} } } }`);
    expect(huge.status).toBe(400);
    expect(huge.body.errors?.[0]?.message).toMatch(/more that 5000 tokens|more than 5000 tokens/);

    const batch = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([{ query: "{ shows { totalCount } }" }, { query: "{ shows { totalCount } }" }]),
    });
    expect(batch.status).toBe(400);

    const overGet = await fetch(`${url}?query=${encodeURIComponent('mutation { signIn(email: "a@b.c", password: "x") { token } }')}`, {
      headers: { "apollo-require-preflight": "true" },
    });
    expect(overGet.status).toBe(405);

    const simplePost = await fetch(url, { method: "POST", headers: { "content-type": "text/plain" }, body: '{"query":"{ shows { totalCount } }"}' });
    expect(simplePost.status).toBe(400);
  });
});
