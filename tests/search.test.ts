import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv, createStaff, type Staff } from "./support/accounts.js";
import { createArticle } from "./support/articles.js";
import { graphql, query } from "./support/graphql.js";
import { startServerOnFreshDatabase } from "./support/server.js";

let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
let staff: Staff;

beforeAll(async () => {
  server = await startServerOnFreshDatabase(adminEnv);
  staff = await createStaff(server.url);
});
afterAll(async () => {
  await server?.close();
});

const SEARCH = `query($q: String!, $types: [SearchType!], $first: Int, $after: String) {
  search(query: $q, types: $types, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor type rank highlight node { __typename ... on Show { slug } ... on Person { slug } ... on Article { id slug } } } } }`;

interface Hit {
  type: string;
  rank: number;
  highlight: string;
  node: { __typename: string; slug: string; id?: string };
}

async function search(q: string, extra: Record<string, unknown> = {}, headers?: Record<string, string>) {
  return (await query(server.url, SEARCH, { q, ...extra }, headers)).search as {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: Hit[];
  };
}

const act = (name: string, id: string) => query(server.url, `mutation { ${name}(id: "${id}") { status } }`, undefined, staff.editor);

describe("full-text search", () => {
  it("finds shows, people and published articles, stemmed, with highlighted snippets", async () => {
    const imperfects = await search("imperfects");
    const kinds = new Set(imperfects.edges.map((hit) => hit.node.__typename));
    expect(kinds).toEqual(new Set(["Show", "Person", "Article"]));
    // The show whose title is the query ranks first.
    expect(imperfects.edges[0]!.node).toEqual({ __typename: "Show", slug: "the-imperfects" });
    expect(imperfects.edges[0]!.highlight).toContain("<mark>Imperfects</mark>");
    for (const hit of imperfects.edges) expect(hit.rank).toBeGreaterThan(0);
    expect(imperfects.edges.map((hit) => hit.rank)).toEqual([...imperfects.edges.map((hit) => hit.rank)].sort((a, b) => b - a));
    expect(imperfects.totalCount).toBe(imperfects.edges.length);

    // English stemming: "renewing" finds "Renewed" in the article's title.
    const renewing = await search("renewing imperfects", { types: ["ARTICLE"] });
    expect(renewing.edges.map((hit) => hit.node.slug)).toContain("has-netflix-renewed-the-imperfects-for-season-2");
    expect(renewing.edges[0]!.highlight).toMatch(/<mark>Renewed<\/mark>/);

    // Names are not stemmed, and their highlight keeps the accents.
    const inaki = await search("Iñaki", { types: ["PERSON"] });
    expect(inaki.edges.map((hit) => hit.node)).toEqual([{ __typename: "Person", slug: "inaki-godoy" }]);
    expect(inaki.edges[0]!.highlight).toMatch(/^<mark>Iñaki<\/mark> Godoy/);

    // Web-search syntax: excluded words and quoted phrases.
    const excluded = await search("imperfects -cancel", { types: ["ARTICLE"] });
    expect(excluded.edges).toEqual([]);
    expect((await search('"partner track"', { types: ["SHOW"] })).edges.map((hit) => hit.node.slug)).toEqual(["partner-track"]);
  });

  it("drafts never match, for anyone; publishing makes an article findable, unpublishing hides it again", async () => {
    const article = await createArticle(server.url, staff.editor, { title: "Zanzibarquux returns", body: "The zanzibarquux story." });
    for (const headers of [undefined, staff.editor]) {
      const hidden = await search("zanzibarquux", {}, headers);
      expect(hidden).toMatchObject({ totalCount: 0, edges: [] });
    }
    await act("publishArticle", article.id);
    const found = await search("zanzibarquux");
    expect(found.edges.map((hit) => hit.node.id)).toEqual([article.id]);
    expect(found.totalCount).toBe(1);
    await act("unpublishArticle", article.id);
    expect(await search("zanzibarquux")).toMatchObject({ totalCount: 0, edges: [] });
  });

  it("snippets are HTML-escaped: markup in an article never comes back live", async () => {
    const article = await createArticle(server.url, staff.editor, {
      title: "Plughword check",
      body: 'A <script>alert("plughword")</script> and <img src=x onerror=alert(1)> plughword.',
    });
    await act("publishArticle", article.id);
    const { edges } = await search("plughword");
    expect(edges).toHaveLength(1);
    const snippet = edges[0]!.highlight;
    expect(snippet).toContain("<mark>plughword</mark>");
    expect(snippet).not.toMatch(/<(?!\/?mark>)/);
    expect(snippet).toContain("&lt;");
  });

  it("pages with cursors: every hit once, in rank order", async () => {
    for (let index = 0; index < 5; index += 1) {
      const article = await createArticle(server.url, staff.editor, {
        title: `Pagerword ${"pagerword ".repeat(index)}`,
        body: `Pagerword article number ${index}.`,
      });
      await act("publishArticle", article.id);
    }
    const all = await search("pagerword", { first: 100 });
    expect(all.totalCount).toBe(5);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await search("pagerword", { first: 2, after });
      seen.push(...page.edges.map((hit) => hit.node.id!));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.edges.map((hit) => hit.node.id));
  });

  it("refuses empty, over-long and page-size-violating searches with BAD_USER_INPUT naming the argument", async () => {
    for (const [variables, field] of [
      [{ q: "   " }, "query"],
      [{ q: "x".repeat(201) }, "query"],
      [{ q: "imperfects", first: 101 }, "first"],
      [{ q: "imperfects", after: "bogus" }, "after"],
    ] as const) {
      const result = await graphql(server.url, SEARCH, variables);
      expect(result.body.errors?.[0]?.extensions, JSON.stringify(variables)).toMatchObject({ code: "BAD_USER_INPUT", field });
    }
    // Punctuation and operators alone are not an error: they just find nothing.
    expect((await search("!!! & | :*")).edges).toEqual([]);
  });
});
