import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv, createStaff, importGlobalTop10, type Staff } from "./support/accounts.js";
import { createArticle } from "./support/articles.js";
import { graphql, query, type GraphQLResponse } from "./support/graphql.js";
import { createTestDatabase, startServer, type RunningServer, type TestDatabase } from "./support/server.js";

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

const Q1 = `query Q1($first: Int!, $status: [RenewalStatus!], $orderBy: [ShowOrder!]) {
  shows(first: $first, where: {status: $status}, orderBy: $orderBy) { nodes { id slug title status kind premiereDate } } }`;
const Q2 = `query Q2($first: Int!, $after: String, $status: [RenewalStatus!]) {
  shows(first: $first, after: $after, where: {status: $status}) {
    pageInfo { hasNextPage }
    nodes { id slug title status premiereDate
      creators { name }
      productionCompanies { name showCount }
      chartEntries(last: 5) { nodes { weekEnd rank hoursViewed } }
      articles(first: 1) { nodes { title publishedAt } } } } }`;
const Q4 = `query Q4($slug: String!) { show(slug: $slug) { id title status premiereDate synopsis genres
  seasons { number releaseDate chartRun { peakRank weeksInTop10 } }
  credits(first: 20) { nodes { role characterName person { name slug } } }
  ratings { source score }
  articles(first: 5) { nodes { title slug publishedAt } } } }`;
const PAGE = `query($first: Int, $after: String, $last: Int, $before: String, $orderBy: [ShowOrder!]) {
  shows(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {
    totalCount edges { cursor node { id rowId title premiereDate updatedAt } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
const SHOW_ARTICLES = `query($slug: String!) { show(slug: $slug) { title articles { totalCount nodes { title status } edges { cursor } } } }`;

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
  { name: "page forward", query: PAGE, variables: () => ({ first: 5, orderBy: ["PREMIERE_DATE_DESC"] }), compiled: 1 },
  { name: "page forward, second", query: PAGE, variables: (a) => ({ first: 5, after: cursor(a, "page forward", "endCursor"), orderBy: ["PREMIERE_DATE_DESC"] }), compiled: 1 },
  { name: "page backward from there", query: PAGE, variables: (a) => ({ last: 3, before: cursor(a, "page forward, second", "startCursor"), orderBy: ["PREMIERE_DATE_DESC"] }), compiled: 1 },
  { name: "last page, nulls first backward", query: PAGE, variables: () => ({ last: 4, orderBy: ["PREMIERE_DATE_ASC"] }), compiled: 1 },
  { name: "before the last page", query: PAGE, variables: (a) => ({ last: 4, before: cursor(a, "last page, nulls first backward", "startCursor"), orderBy: ["PREMIERE_DATE_ASC"] }), compiled: 1 },
  { name: "after the last page: empty", query: PAGE, variables: (a) => ({ first: 4, after: cursor(a, "last page, nulls first backward", "endCursor"), orderBy: ["PREMIERE_DATE_ASC"] }), compiled: 1 },
  { name: "Q2 next page", query: Q2, variables: (answers) => ({ first: 20, after: cursor(answers, "Q1 default order", "endCursor") }), compiled: 1 },
  { name: "first: 0", query: PAGE, variables: () => ({ first: 0 }), compiled: 1 },
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
  { name: "an empty filter result", query: `{ shows(first: 5, where: {titleContains: "zzzz-no-title"}) { totalCount nodes { title } pageInfo { hasNextPage endCursor } } }`, compiled: 1 },
  {
    name: "season chart runs and chart entry pages",
    query: `{ show(slug: "the-imperfects") { seasons { number runtimeHours chartRun { category firstWeek lastWeek peakRank weeksInTop10 totalHours }
      chartEntries(last: 2) { totalCount nodes { weekStart weekEnd rank hoursViewed runtimeHours cumulativeWeeksInTop10 } } } } }`,
    compiled: 1,
  },
  { name: "credits of a role, with people and their credits", query: `{ show(slug: "the-imperfects") { credits(first: 2, role: [CAST]) { totalCount nodes { role position person { name credits(first: 1) { totalCount } } } } } }`, compiled: 1 },
  { name: "a person by slug", query: `query($slug: String!) { person(slug: $slug) { id name slug credits { nodes { role show { title } } } } }`, variables: (a) => ({ slug: a.get("Q4")!.body.data.show.credits.nodes[0]?.person.slug ?? "nobody" }), compiled: 1 },
  // Fields computed in TypeScript take the resolver path, and give the same answers.
  { name: "computed fields fall back", query: `{ shows(first: 3) { nodes { title chartEntries(last: 2) { nodes { views viewsSource hoursChange } } } } }` },
  { name: "an article's author falls back", query: `{ articles(first: 5) { nodes { title author { name } } } }` },
  { name: "a directive falls back", query: `query($with: Boolean!) { shows(first: 2) { nodes { title slug @include(if: $with) } } }`, variables: () => ({ with: false }) },
  // Drafts: never to anonymous readers, on any path; editors see them; a writer sees their own.
  { name: "articles, anonymous", query: `{ articles(first: 20) { totalCount nodes { title status } } }`, compiled: 1 },
  { name: "drafts asked for, anonymous", query: `{ articles(first: 20, where: {status: [DRAFT]}) { totalCount nodes { title status } } }`, compiled: 1 },
  { name: "a show's articles, anonymous", query: SHOW_ARTICLES, variables: () => ({ slug: "the-imperfects" }), compiled: 1 },
  { name: "drafts in every show's articles, anonymous", query: `{ shows(first: 100, orderBy: UPDATED_AT_DESC) { nodes { articles { totalCount nodes { status } } } } }`, compiled: 1 },
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
    expect([on.cacheControl, on.vary]).toEqual([off.cacheControl, off.vary]);
  });

  it("the cases exercise what they claim: data where expected, errors where expected", () => {
    expect(compiled.get("Q2")!.response.body.data.shows.nodes).toHaveLength(20);
    expect(compiled.get("Q2 next page")!.response.body.data.shows.nodes[0].title).not.toBe(compiled.get("Q2")!.response.body.data.shows.nodes[0].title);
    expect(compiled.get("page backward from there")!.response.body.data.shows.edges).toHaveLength(3);
    expect(compiled.get("page backward from there")!.response.body.data.shows.pageInfo.hasPreviousPage).toBe(true);
    expect(compiled.get("after the last page: empty")!.response.body.data.shows.edges).toEqual([]);
    expect(compiled.get("Q4")!.response.body.data.show.seasons[0].chartRun.weeksInTop10).toBeGreaterThan(0);
    for (const name of ["a bad cursor", "a nested bad cursor", "a page too large", "first and last", "contradicting orders", "an empty text filter", "a show id of another type"]) {
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
