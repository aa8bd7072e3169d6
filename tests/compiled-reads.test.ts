import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv, createStaff, importGlobalTop10, type Staff } from "./support/accounts.js";
import { createArticle } from "./support/articles.js";
import { graphql, query, type GraphQLResponse } from "./support/graphql.js";
import { createTestDatabase, startServer, type RunningServer, type TestDatabase } from "./support/server.js";
// @ts-expect-error: the benchmark is plain JavaScript (no declarations)
import { QUERIES } from "../bench/queries.mjs";

/**
 * The compiled read path (COMPILED_READS=on, src/db/compiled/) against the resolver path (off), on one
 * database: every case below is asked of both and must get the same body, errors and cache headers.
 * The embedded engine serves one process at a time, so the two servers run one after the other on the
 * same data; both sign tokens with the same secret, so the staff's headers work on both.
 */
const env = { ...adminEnv, JWT_SECRET: "compiled-reads-".repeat(4) };

type Who = "anonymous" | "editor" | "writer";

interface Case {
  name: string;
  query: string;
  /** Variables, possibly built from the answers of earlier cases (the same on both paths). */
  variables?: (answers: Map<string, GraphQLResponse>) => Record<string, unknown>;
  as?: Who;
  /**
   * SQL statements the compiled path issues for it: one per compiled root field (signed-in viewers add
   * the viewer's own lookup); undefined where it takes the resolver path.
   */
  compiled?: number;
}

const { Q1, Q2, Q4 } = QUERIES;
const PAGE = `query($first: Int, $after: String, $last: Int, $before: String, $orderBy: [ShowOrder!]) {
  shows(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {
    totalCount edges { cursor node { id rowId title premiereDate updatedAt } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
const SHOW_BY_ID = `query($id: ID) { show(id: $id) { id title } }`;
const SHOW_ARTICLES = `query($slug: String!) { show(slug: $slug) { title articles { totalCount nodes { title status } edges { cursor } } } }`;

const ARTICLE = `query($id: ID, $slug: String) { article(id: $id, slug: $slug) { id slug title status author { name } } }`;
/** An article of the editor's listing ("every article, editor") with this status (and title start). */
const articleOf = (answers: Map<string, GraphQLResponse>, status: string, title = "") =>
  (answers.get("every article, editor")!.body.data.articles.nodes as { id: string; slug: string | null; title: string; status: string }[]).find(
    (each) => each.status === status && each.title.startsWith(title),
  )!;
const PEOPLE = `query($first: Int, $after: String, $where: PersonWhere, $orderBy: [PersonOrder!]) {
  people(first: $first, after: $after, where: $where, orderBy: $orderBy) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id name slug credits(first: 2) { totalCount nodes { role show { title } } } } } }`;
const COMPANIES = `query($first: Int, $after: String, $where: CompanyWhere, $orderBy: [CompanyOrder!], $shows: ShowWhere) {
  productionCompanies(first: $first, after: $after, where: $where, orderBy: $orderBy) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id name country showCount shows(first: 3, where: $shows, orderBy: TITLE_ASC) { totalCount pageInfo { hasNextPage } nodes { title status } } } } }`;
const endCursorOf = (answers: Map<string, GraphQLResponse>, name: string, field: string) => answers.get(name)!.body.data[field].pageInfo.endCursor as string;

const cursor = (answers: Map<string, GraphQLResponse>, name: string, which: "startCursor" | "endCursor") =>
  answers.get(name)!.body.data.shows.pageInfo[which] as string;

const cases: Case[] = [
  { name: "Q1", query: Q1, variables: () => ({ first: 50 }), compiled: 1 },
  { name: "Q1 default order", query: PAGE, variables: () => ({ first: 20 }), compiled: 1 },
  { name: "Q1 filtered, two orders", query: Q1, variables: () => ({ first: 50, status: ["CANCELED", "ENDED"], orderBy: ["UPDATED_AT_DESC", "TITLE_ASC"] }), compiled: 1 },
  { name: "Q2", query: Q2, variables: () => ({ first: 20 }), compiled: 1 },
  { name: "Q2 renewed", query: Q2, variables: () => ({ first: 20, status: ["RENEWED"] }), compiled: 1 },
  { name: "Q2 of 100", query: Q2, variables: () => ({ first: 100 }), compiled: 1 },
  { name: "Q4", query: Q4, variables: () => ({ slug: "the-imperfects" }), compiled: 1 },
  { name: "Q4 by former slug or unknown", query: Q4, variables: () => ({ slug: "no-such-show" }), compiled: 1 },
  // Q4's statement is rendered once and each slug bound to it (db/compiled/lookup.ts): it must find each one's own show.
  { name: "Q4, another show", query: Q4, variables: () => ({ slug: "bridgerton" }), compiled: 1 },
  { name: "Q4, a malformed slug", query: Q4, variables: () => ({ slug: "Not A Slug" }) },
  { name: "a show by an id variable", query: SHOW_BY_ID, variables: (a) => ({ id: a.get("Q4")!.body.data.show.id }), compiled: 1 },
  { name: "a show by an id variable of another type", query: SHOW_BY_ID, variables: () => ({ id: "UGVyc29uOjE" }) },
  { name: "a show by a null id variable", query: SHOW_BY_ID, variables: () => ({ id: null }) },
  { name: "page forward", query: PAGE, variables: () => ({ first: 5, orderBy: ["PREMIERE_DATE_DESC"] }), compiled: 1 },
  { name: "page forward, second", query: PAGE, variables: (a) => ({ first: 5, after: cursor(a, "page forward", "endCursor"), orderBy: ["PREMIERE_DATE_DESC"] }), compiled: 1 },
  { name: "page backward from there", query: PAGE, variables: (a) => ({ last: 3, before: cursor(a, "page forward, second", "startCursor"), orderBy: ["PREMIERE_DATE_DESC"] }), compiled: 1 },
  { name: "last page, nulls first backward", query: PAGE, variables: () => ({ last: 4, orderBy: ["PREMIERE_DATE_ASC"] }), compiled: 1 },
  { name: "before the last page", query: PAGE, variables: (a) => ({ last: 4, before: cursor(a, "last page, nulls first backward", "startCursor"), orderBy: ["PREMIERE_DATE_ASC"] }), compiled: 1 },
  { name: "after the last page: empty", query: PAGE, variables: (a) => ({ first: 4, after: cursor(a, "last page, nulls first backward", "endCursor"), orderBy: ["PREMIERE_DATE_ASC"] }), compiled: 1 },
  { name: "Q2 next page", query: Q2, variables: (answers) => ({ first: 20, after: cursor(answers, "Q1 default order", "endCursor") }), compiled: 1 },
  { name: "first: 0", query: PAGE, variables: () => ({ first: 0 }), compiled: 1 },
  {
    name: "a connection's fields in an order of the query's own",
    query: `{ shows(first: 2) { pageInfo { endCursor hasNextPage } totalCount __typename edges { node { title } cursor } nodes { title } } }`,
    compiled: 1,
  },
  {
    name: "aliases, fragments, inline fragments, __typename",
    query: `fragment S on Show { title ... on Show { slug } seasonCount __typename }
      query { a: shows(first: 2, where: {titleContains: "the", kind: [SERIES]}) { __typename nodes { ...S } }
        b: show(slug: "the-imperfects") { ...S id cast { characterName person { name } } creators { id name }
          entries: chartEntries(last: 2) { nodes { rank } } earliest: chartEntries(first: 1, orderBy: RANK_ASC) { nodes { rank weekEnd } } } }`,
    compiled: 2,
  },
  {
    name: "AND/OR/NOT filters",
    query: `{ shows(first: 10, where: {OR: [{status: [RENEWED]}, {genre: "Drama"}], NOT: {kind: [FILM]}, AND: [{platform: [NETFLIX]}]}) { totalCount nodes { title genres } } }`,
    compiled: 1,
  },
  { name: "every show, counted", query: `{ shows(first: 1) { totalCount } }`, compiled: 1 },
  { name: "a language filter", query: `{ shows(first: 50, where: {originalLanguage: ["en"]}) { totalCount nodes { title originalLanguage } } }`, compiled: 1 },
  // NOT is "does not match": a show whose language is not on record is not an English one.
  { name: "NOT over a language", query: `{ shows(first: 50, where: {NOT: {originalLanguage: ["en"]}}) { totalCount nodes { title originalLanguage } } }`, compiled: 1 },
  { name: "NOT over a premiere range", query: `{ shows(first: 50, where: {NOT: {premiereDate: {from: "2022-01-01", to: "2022-12-31"}}}) { totalCount nodes { title premiereDate } } }` },
  { name: "articles NOT of a verdict, editor", query: `{ articles(first: 50, where: {NOT: {verdict: [RENEWED]}}) { totalCount nodes { title verdict } } }`, as: "editor", compiled: 2 },
  { name: "an empty filter result", query: `{ shows(first: 5, where: {titleContains: "zzzz-no-title"}) { totalCount nodes { title } pageInfo { hasNextPage endCursor } } }`, compiled: 1 },
  {
    name: "season chart runs and chart entry pages",
    query: `{ show(slug: "the-imperfects") { seasons { number runtimeHours chartRun { category firstWeek lastWeek peakRank weeksInTop10 totalHours }
      chartEntries(last: 2) { totalCount nodes { weekStart weekEnd rank hoursViewed runtimeHours cumulativeWeeksInTop10 } } } } }`,
    compiled: 1,
  },
  { name: "credits of a role, with people and their credits", query: `{ show(slug: "the-imperfects") { credits(first: 2, role: [CAST]) { totalCount nodes { role position person { name credits(first: 1) { totalCount } } } } } }`, compiled: 1 },
  { name: "a person by slug", query: `query($slug: String!) { person(slug: $slug) { id name slug credits { nodes { role show { title } } } } }`, variables: (a) => ({ slug: a.get("Q4")!.body.data.show.credits.nodes[0]?.person.slug ?? "nobody" }), compiled: 1 },
  // People and production companies, with their credits and shows.
  { name: "people", query: PEOPLE, variables: () => ({ first: 5 }), compiled: 1 },
  { name: "people, next page", query: PEOPLE, variables: (a) => ({ first: 5, after: endCursorOf(a, "people", "people") }), compiled: 1 },
  { name: "people filtered, by name descending", query: PEOPLE, variables: () => ({ first: 10, where: { nameContains: "A", OR: [{ role: ["CAST"] }, { role: ["CREATOR"] }] }, orderBy: ["NAME_DESC"] }), compiled: 1 },
  { name: "people of no role", query: PEOPLE, variables: () => ({ first: 3, where: { role: [] } }), compiled: 1 },
  { name: "people, a bad name filter", query: PEOPLE, variables: () => ({ first: 3, where: { nameContains: "" } }) },
  { name: "production companies", query: COMPANIES, variables: () => ({ first: 5 }), compiled: 1 },
  { name: "production companies, next page", query: COMPANIES, variables: (a) => ({ first: 5, after: endCursorOf(a, "production companies", "productionCompanies") }), compiled: 1 },
  { name: "production companies filtered, their renewed shows", query: COMPANIES, variables: () => ({ first: 10, where: { OR: [{ nameContains: "e" }, { country: "US" }] }, orderBy: ["NAME_DESC"], shows: { status: ["RENEWED", "ENDED"] } }), compiled: 1 },
  { name: "production companies, a bad country", query: COMPANIES, variables: () => ({ first: 3, where: { country: "usa" } }) },
  { name: "a production company by slug", query: `query($slug: String!) { productionCompany(slug: $slug) { id name website shows { totalCount edges { cursor node { title } } } } }`, variables: () => ({ slug: "twin-pictures" }), compiled: 1 },
  // Ties: two companies of one name on one show read in the same order on both paths (by id).
  { name: "companies of one name on a show", query: `{ show(slug: "the-imperfects") { productionCompanies { id name } } }`, compiled: 1 },
  // Fields computed in TypeScript take the resolver path, and give the same answers.
  { name: "computed fields fall back", query: `{ shows(first: 3) { nodes { title chartEntries(last: 2) { nodes { views viewsSource hoursChange } } } } }` },
  // An article's author: their public name, for whoever may see the article.
  { name: "articles' authors, anonymous", query: `{ articles(first: 20) { nodes { title author { __typename id name } } } }`, compiled: 1 },
  { name: "articles' authors, writer", query: `{ articles(first: 20) { nodes { title status author { id name } } } }`, as: "writer", compiled: 2 },
  { name: "a directive falls back", query: `query($with: Boolean!) { shows(first: 2) { nodes { title slug @include(if: $with) } } }`, variables: () => ({ with: false }) },
  // Drafts: never to anonymous readers, on any path; editors see them; a writer sees their own.
  { name: "articles, anonymous", query: `{ articles(first: 20) { totalCount nodes { title status } } }`, compiled: 1 },
  { name: "drafts asked for, anonymous", query: `{ articles(first: 20, where: {status: [DRAFT]}) { totalCount nodes { title status } } }`, compiled: 1 },
  { name: "a show's articles, anonymous", query: SHOW_ARTICLES, variables: () => ({ slug: "the-imperfects" }), compiled: 1 },
  { name: "drafts in every show's articles, anonymous", query: `{ shows(first: 100, orderBy: UPDATED_AT_DESC) { nodes { articles { totalCount nodes { status } } } } }`, compiled: 1 },
  // One article by id or slug: a draft's id or slug finds nothing for anonymous readers.
  { name: "every article, editor", query: `{ articles(first: 50) { nodes { id slug title status } } }`, as: "editor", compiled: 2 },
  { name: "a published article by slug, anonymous", query: ARTICLE, variables: (a) => ({ slug: articleOf(a, "PUBLISHED").slug }), compiled: 1 },
  { name: "a published article by id, anonymous", query: ARTICLE, variables: (a) => ({ id: articleOf(a, "PUBLISHED").id }), compiled: 1 },
  { name: "a draft by id, anonymous", query: ARTICLE, variables: (a) => ({ id: articleOf(a, "DRAFT", "Editor's").id }), compiled: 1 },
  { name: "a draft by slug, anonymous", query: ARTICLE, variables: (a) => ({ slug: articleOf(a, "DRAFT", "Editor's").slug ?? "no-slug" }), compiled: 1 },
  { name: "a draft by id, editor", query: ARTICLE, variables: (a) => ({ id: articleOf(a, "DRAFT", "Editor's").id }), as: "editor", compiled: 2 },
  { name: "another's draft by id, writer", query: ARTICLE, variables: (a) => ({ id: articleOf(a, "DRAFT", "Editor's").id }), as: "writer", compiled: 2 },
  { name: "their own draft by id, writer", query: ARTICLE, variables: (a) => ({ id: articleOf(a, "DRAFT", "Writer's").id }), as: "writer", compiled: 2 },
  { name: "an unknown article slug", query: ARTICLE, variables: () => ({ slug: "no-such-article" }), compiled: 1 },
  { name: "an article id of another type", query: ARTICLE, variables: () => ({ id: "UGVyc29uOjE" }) },
  { name: "articles, editor", query: `{ articles(first: 20) { totalCount nodes { title status } } }`, as: "editor", compiled: 2 },
  { name: "a show's articles, editor", query: SHOW_ARTICLES, variables: () => ({ slug: "the-imperfects" }), as: "editor", compiled: 2 },
  { name: "a show's articles, writer", query: SHOW_ARTICLES, variables: () => ({ slug: "the-imperfects" }), as: "writer", compiled: 2 },
  // Restricted fields are never compiled: the resolver path decides them for each viewer.
  { name: "restricted fields, anonymous", query: `{ articles(first: 5) { nodes { title hasUnpublishedChanges reviewNote } } }` },
  { name: "restricted fields, editor", query: `{ articles(first: 5) { nodes { title hasUnpublishedChanges reviewNote } } }`, as: "editor" },
  { name: "status facts' recorder, editor", query: `{ show(slug: "the-imperfects") { statusHistory { status recordedBy { name } } } }`, as: "editor" },
  // Bad arguments: the resolver path's errors, to the letter.
  { name: "a bad cursor", query: `{ shows(first: 2, after: "not-a-cursor") { nodes { title } } }` },
  { name: "a cursor of another order", query: PAGE, variables: (a) => ({ first: 2, after: cursor(a, "page forward", "endCursor"), orderBy: ["TITLE_ASC"] }) },
  { name: "a nested bad cursor", query: `{ shows(first: 2) { nodes { title chartEntries(after: "nope") { nodes { rank } } } } }` },
  { name: "a page too large", query: `{ shows(first: 101) { nodes { title } } }` },
  { name: "first and last", query: `{ shows(first: 1, last: 1) { nodes { title } } }` },
  { name: "contradicting orders", query: `{ shows(first: 1, orderBy: [TITLE_ASC, TITLE_DESC]) { nodes { title } } }` },
  { name: "an empty text filter", query: `{ shows(first: 2, where: {titleContains: ""}) { nodes { title } } }` },
  { name: "a show id of another type", query: `{ show(id: "UGVyc29uOjE") { title } }` },
  { name: "neither id nor slug", query: `{ show { title } }` },
  { name: "a malformed slug", query: `{ show(slug: "Not A Slug") { title } }` },
  // Pages asked only for their rows (no pageInfo, cursors or totalCount) are read without numbering them.
  { name: "rows only, read backward", query: `{ shows(last: 12, orderBy: PREMIERE_DATE_DESC) { nodes { title premiereDate } edges { node { title } } } }`, compiled: 1 },
  { name: "rows only, none asked for", query: `{ shows(first: 0) { nodes { title } } show(slug: "the-imperfects") { credits(first: 0) { nodes { role } } } }`, compiled: 2 },
];

interface Answer {
  response: GraphQLResponse;
  statements: number;
  cacheControl: string | null;
  vary: string | null;
}

async function askAll(server: RunningServer, staff: Staff): Promise<Map<string, Answer>> {
  const headers: Record<Who, Record<string, string>> = { anonymous: {}, editor: staff.editor, writer: staff.writer };
  const answers = new Map<string, Answer>();
  const responses = new Map<string, GraphQLResponse>();
  for (const each of cases) {
    const response = await graphql(server.url, each.query, each.variables?.(responses), headers[each.as ?? "anonymous"]);
    responses.set(each.name, response);
    answers.set(each.name, {
      response,
      statements: Number(response.headers.get("x-sql-statements")),
      cacheControl: response.headers.get("cache-control"),
      vary: response.headers.get("vary"),
    });
  }
  return answers;
}

let database: TestDatabase;
let compiled: Map<string, Answer>;
let resolved: Map<string, Answer>;

beforeAll(async () => {
  database = await createTestDatabase();
  const first = await startServer({ ...database.env, ...env, COMPILED_READS: "on" });
  let staff: Staff;
  try {
    await importGlobalTop10(first.url);
    staff = await createStaff(first.url);
    const imperfects = await query(first.url, `{ show(slug: "the-imperfects") { id } }`);
    // A draft and a writer's own draft on a show that has a published article: both must stay hidden from readers.
    await createArticle(first.url, staff.editor, { title: "Editor's draft on The Imperfects", body: "Draft.", showIds: [imperfects.show.id] });
    await createArticle(first.url, staff.writer, { title: "Writer's draft on The Imperfects", body: "Draft.", showIds: [imperfects.show.id] });
    // Two companies named alike, the older one edited since (its row now lies after the newer one's) and
    // linked to the show newest first: only an id tie-break orders them alike on both paths.
    const twins = [];
    for (const slug of ["twin-pictures", "twin-pictures-uk"]) {
      twins.push((await query(first.url, `mutation($slug: String!) { createProductionCompany(input: {name: "Twin Pictures", slug: $slug}) { id } }`, { slug }, staff.editor)).createProductionCompany.id);
    }
    await query(first.url, `mutation($id: ID!) { updateProductionCompany(input: {id: $id, baseVersion: 1, website: "https://twin.example"}) { version } }`, { id: twins[0] }, staff.editor);
    for (const companyId of twins.reverse()) {
      const { show } = await query(first.url, `{ show(slug: "the-imperfects") { version } }`);
      await query(first.url, `mutation($showId: ID!, $companyId: ID!, $baseVersion: Int!) { linkProductionCompany(showId: $showId, companyId: $companyId, baseVersion: $baseVersion) }`, { showId: imperfects.show.id, companyId, baseVersion: show.version }, staff.editor);
    }
    compiled = await askAll(first, staff);
  } finally {
    await first.stop();
  }
  const second = await startServer({ ...database.env, ...env, COMPILED_READS: "off", MIGRATE_ON_START: "false", SEED_ON_START: "false" });
  try {
    resolved = await askAll(second, staff);
  } finally {
    await second.stop();
  }
}, 600_000);
afterAll(async () => {
  await database?.drop();
});

describe("the compiled read path answers as the resolver path does", () => {
  it.each(cases.map((each) => [each.name, each] as const))("%s: same body, errors and cache headers", (name) => {
    const [on, off] = [compiled.get(name)!, resolved.get(name)!];
    expect(on.response.status).toBe(off.response.status);
    expect(on.response.body).toEqual(off.response.body);
    // Field for field in the same order too: GraphQL orders a response as its selection set (toEqual ignores
    // key order; a client comparing or hashing response text does not).
    expect(JSON.stringify(on.response.body)).toBe(JSON.stringify(off.response.body));
    expect([on.cacheControl, on.vary]).toEqual([off.cacheControl, off.vary]);
  });

  it("the cases exercise what they claim: data where expected, errors where expected", () => {
    const count = (name: string, root: string) => compiled.get(name)!.response.body.data[root].totalCount as number;
    const languages = compiled.get("NOT over a language")!.response.body.data.shows.nodes.map((node: { originalLanguage: string | null }) => node.originalLanguage);
    expect(languages).toContain(null);
    expect(languages).not.toContain("en");
    expect(count("a language filter", "shows") + count("NOT over a language", "shows")).toBe(count("every show, counted", "shows"));
    const premieres = compiled.get("NOT over a premiere range")!.response.body.data.shows.nodes.map((node: { premiereDate: string | null }) => node.premiereDate);
    expect(premieres).toContain(null);
    expect(premieres.filter((day: string | null) => day?.startsWith("2022"))).toEqual([]);
    const verdicts = compiled.get("articles NOT of a verdict, editor")!.response.body.data.articles.nodes.map((node: { verdict: string | null }) => node.verdict);
    expect(verdicts).toContain(null);
    expect(verdicts).not.toContain("RENEWED");
    expect(compiled.get("Q2")!.response.body.data.shows.nodes).toHaveLength(20);
    expect(compiled.get("Q2 next page")!.response.body.data.shows.nodes[0].title).not.toBe(compiled.get("Q2")!.response.body.data.shows.nodes[0].title);
    expect(compiled.get("page backward from there")!.response.body.data.shows.edges).toHaveLength(3);
    expect(compiled.get("page backward from there")!.response.body.data.shows.pageInfo.hasPreviousPage).toBe(true);
    expect(compiled.get("after the last page: empty")!.response.body.data.shows.edges).toEqual([]);
    expect(compiled.get("Q4")!.response.body.data.show.seasons[0].chartRun.weeksInTop10).toBeGreaterThan(0);
    expect(compiled.get("Q4, another show")!.response.body.data.show.title).toBe("Bridgerton");
    const backward = compiled.get("rows only, read backward")!.response.body.data.shows;
    expect(backward.nodes).toHaveLength(12);
    // The last twelve in the order (shows without a premiere date come last), shown in that order.
    expect(backward.nodes.at(-1).premiereDate).toBeNull();
    expect(backward.edges.map((edge: { node: { title: string } }) => edge.node.title)).toEqual(backward.nodes.map((show: { title: string }) => show.title));
    expect(compiled.get("rows only, none asked for")!.response.body.data).toEqual({ shows: { nodes: [] }, show: { credits: { nodes: [] } } });
    expect(compiled.get("a show by an id variable")!.response.body.data.show.title).toBe("The Imperfects");
    for (const name of ["a bad cursor", "a nested bad cursor", "a page too large", "first and last", "contradicting orders", "an empty text filter", "a show id of another type", "Q4, a malformed slug", "a show by an id variable of another type"]) {
      expect(compiled.get(name)!.response.body.errors?.[0]?.extensions?.code, name).toBe("BAD_USER_INPUT");
    }
    expect(compiled.get("people")!.response.body.data.people.nodes).toHaveLength(5);
    expect(compiled.get("people, next page")!.response.body.data.people.nodes[0].name).not.toBe(compiled.get("people")!.response.body.data.people.nodes[0].name);
    expect(compiled.get("people filtered, by name descending")!.response.body.data.people.nodes.length).toBeGreaterThan(0);
    expect(compiled.get("production companies")!.response.body.data.productionCompanies.nodes.some((each: { showCount: number }) => each.showCount > 0)).toBe(true);
    expect(compiled.get("a production company by slug")!.response.body.data.productionCompany.shows.totalCount).toBe(1);
    expect(compiled.get("companies of one name on a show")!.response.body.data.show.productionCompanies.filter((each: { name: string }) => each.name === "Twin Pictures")).toHaveLength(2);
    expect(compiled.get("articles' authors, anonymous")!.response.body.data.articles.nodes.some((each: { author: unknown }) => each.author !== null)).toBe(true);
    expect(compiled.get("a published article by slug, anonymous")!.response.body.data.article.status).toBe("PUBLISHED");
    expect(compiled.get("a draft by id, editor")!.response.body.data.article.status).toBe("DRAFT");
    expect(compiled.get("their own draft by id, writer")!.response.body.data.article.status).toBe("DRAFT");
    for (const name of ["a draft by id, anonymous", "a draft by slug, anonymous", "another's draft by id, writer", "an unknown article slug"]) {
      expect(compiled.get(name)!.response.body.data.article, name).toBeNull();
    }
    for (const name of ["people, a bad name filter", "production companies, a bad country", "an article id of another type"]) {
      expect(compiled.get(name)!.response.body.errors?.[0]?.extensions?.code, name).toBe("BAD_USER_INPUT");
    }
    expect(compiled.get("Q2")!.cacheControl).toMatch(/^public/);
    expect(compiled.get("articles, editor")!.cacheControl).toBe("private, no-store");
  });

  it("drafts stay invisible to anonymous readers on every compiled path, and editors and their writers see them", () => {
    const titles = (answer: Answer) => JSON.stringify(answer.response.body.data);
    for (const name of ["articles, anonymous", "drafts asked for, anonymous", "a show's articles, anonymous", "drafts in every show's articles, anonymous"]) {
      expect(titles(compiled.get(name)!), name).not.toMatch(/DRAFT/);
    }
    expect(titles(compiled.get("a show's articles, editor")!)).toMatch(/Editor's draft/);
    expect(titles(compiled.get("a show's articles, editor")!)).toMatch(/Writer's draft/);
    expect(titles(compiled.get("a show's articles, writer")!)).toMatch(/Writer's draft/);
    expect(titles(compiled.get("a show's articles, writer")!)).not.toMatch(/Editor's draft/);
  });

  it("a compiled root field is one SQL statement, whatever it nests", () => {
    const counts = cases.filter((each) => each.compiled !== undefined).map((each) => [each.name, compiled.get(each.name)!.statements]);
    expect(counts).toEqual(cases.filter((each) => each.compiled !== undefined).map((each) => [each.name, each.compiled]));
  });
});
