import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv, createStaff, type Staff } from "./support/accounts.js";
import { createArticle, showId } from "./support/articles.js";
import { graphql, query } from "./support/graphql.js";
import { startServerOnFreshDatabase } from "./support/server.js";

// The input gaps a new user meets in the first hour, and the Top 10 figures that fit the parser
// but not the columns: each refused as a client error naming its field, with nothing written.
let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
let staff: Staff;

beforeAll(async () => {
  server = await startServerOnFreshDatabase(adminEnv);
  staff = await createStaff(server.url);
});
afterAll(async () => {
  await server?.close();
});

const CREATE_PLAIN = `mutation($input: CreateArticleInput!) { createArticle(input: $input) { id } }`;
const CREATE = `mutation($input: CreateArticleInput!) { createArticle(input: $input) { id renewalWarnings } }`;
const UPDATE = `mutation($input: UpdateArticleInput!) { updateArticle(input: $input) { id version } }`;
const IMPORT = `mutation($tsv: String!) { importTop10(tsv: $tsv, fileName: "tiny.tsv") { rowsRead created } }`;
const GLOBAL_HEADER = "week\tcategory\tweekly_rank\tshow_title\tseason_title\tweekly_hours_viewed\truntime\tweekly_views\tcumulative_weeks_in_top_10";

const publish = (id: string) => query(server.url, `mutation { publishArticle(id: "${id}") { status } }`, undefined, staff.editor);
const counts = async () => {
  const data = await query(server.url, `{ articles(first: 0) { totalCount } chartEntries(first: 0) { totalCount } }`, undefined, staff.editor);
  return { articles: data.articles.totalCount as number, chartEntries: data.chartEntries.totalCount as number };
};

describe("blank required text", () => {
  it("whitespace-only (or invisible) titles, bodies, names and notes are BAD_USER_INPUT naming the field, and nothing is saved", async () => {
    const before = await counts();
    for (const [input, field] of [
      [{ title: "   ", body: "Some body." }, "title"],
      [{ title: "\u200b\u200b\u200b", body: "Some body." }, "title"],
      [{ title: "A fine title", body: " \n\t " }, "body"],
    ] as const) {
      const result = await graphql(server.url, CREATE_PLAIN, { input }, staff.editor);
      expect(result.body.errors?.[0]?.extensions?.code, JSON.stringify(input)).toBe("BAD_USER_INPUT");
      expect(String(result.body.errors?.[0]?.extensions?.field)).toMatch(new RegExp(`${field}$`));
    }
    expect(await counts()).toEqual(before);

    const article = await createArticle(server.url, staff.editor, { title: "Blankness check", body: "Real body." });
    const update = await graphql(server.url, UPDATE, { input: { id: article.id, baseVersion: 1, title: "    " } }, staff.editor);
    expect(update.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(String(update.body.errors?.[0]?.extensions?.field)).toMatch(/title$/);
    expect((await query(server.url, `{ article(id: "${article.id}") { title version } }`, undefined, staff.editor)).article).toEqual({ title: "Blankness check", version: 1 });

    const user = await graphql(server.url, `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`, {
      input: { email: "blank@tests.invalid", name: "   ", password: "a-long-enough-password", role: "WRITER" },
    }, staff.admin);
    expect(user.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(String(user.body.errors?.[0]?.extensions?.field)).toMatch(/name$/);

    const note = await graphql(server.url, `mutation { requestChanges(id: "${article.id}", note: "  ") { status } }`, undefined, staff.editor);
    expect(note.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "note" });
  });
});

describe("renewal verdicts", () => {
  it("are refused for films and for a season more than one past the show's last, on create and update", async () => {
    await query(server.url, IMPORT, { tsv: `${GLOBAL_HEADER}\n2022-09-11\tFilms (English)\t1\tZorblax the Film\tN/A\t1000000\t2\t500000\t1\n` }, staff.admin);
    const film = (await query(server.url, `{ shows(where: {titleContains: "Zorblax"}) { nodes { id kind } } }`)).shows.nodes[0];
    expect(film.kind).toBe("FILM");
    const imperfects = await showId(server.url, "the-imperfects"); // one season
    const before = await counts();
    for (const [renewal, field] of [
      [{ showId: film.id, seasonNumber: 2, verdict: "RENEWED" }, "renewal.showId"],
      [{ showId: imperfects, seasonNumber: 3, verdict: "RENEWED" }, "renewal.seasonNumber"],
      [{ showId: imperfects, seasonNumber: 99, verdict: "CANCELED" }, "renewal.seasonNumber"],
    ] as const) {
      const result = await graphql(server.url, CREATE_PLAIN, { input: { title: "Renewal check", body: "Body.", renewal } }, staff.editor);
      expect(result.body.errors?.[0]?.extensions, JSON.stringify(renewal)).toMatchObject({ code: "BAD_USER_INPUT", field });
    }
    expect(await counts()).toEqual(before);

    const plain = await createArticle(server.url, staff.editor, { title: "Renewal later", body: "Body." });
    const update = await graphql(server.url, UPDATE, {
      input: { id: plain.id, baseVersion: 1, renewal: { showId: film.id, seasonNumber: 2, verdict: "RENEWED" } },
    }, staff.editor);
    expect(update.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "renewal.showId" });
    // The next season is fine.
    const next = await graphql(server.url, UPDATE, {
      input: { id: plain.id, baseVersion: 1, renewal: { showId: imperfects, seasonNumber: 2, verdict: "CANCELED" } },
    }, staff.editor);
    expect(next.body.errors).toBeUndefined();
  });

  it("a second article on the same show and season carries a warning its editor can see, never naming drafts the viewer cannot see", async () => {
    const partnerTrack = await showId(server.url, "partner-track"); // the seed holds a draft on its season 2
    const seededDraft = (await query(server.url, `{ article(slug: "has-netflix-renewed-partner-track-for-season-2") { id } }`, undefined, staff.editor)).article.id;
    const byEditor = await query(server.url, CREATE, {
      input: { title: "Partner Track is over", body: "Canceled.", renewal: { showId: partnerTrack, seasonNumber: 2, verdict: "CANCELED" } },
    }, staff.editor);
    expect(byEditor.createArticle.renewalWarnings).toEqual([expect.stringContaining(`Article ${seededDraft} (`)]);

    // A writer cannot see the seeded draft nor the editor's: no warning names them.
    const byWriter = await query(server.url, CREATE, {
      input: { title: "Partner Track, done", body: "Canceled.", renewal: { showId: partnerTrack, seasonNumber: 2, verdict: "CANCELED" } },
    }, staff.writer);
    expect(byWriter.createArticle.renewalWarnings).toEqual([]);
    // The editor sees all three.
    const seen = await query(server.url, `{ article(id: "${byWriter.createArticle.id}") { renewalWarnings } }`, undefined, staff.editor);
    expect(seen.article.renewalWarnings).toHaveLength(2);

    // Another season, or no renewal: no warning. Anonymous readers get none, even on a published duplicate.
    const other = await query(server.url, CREATE, { input: { title: "Just news", body: "News." } }, staff.editor);
    expect(other.createArticle.renewalWarnings).toEqual([]);
    await publish(byEditor.createArticle.id);
    const anonymous = await query(server.url, `{ article(id: "${byEditor.createArticle.id}") { renewalWarnings } }`);
    expect(anonymous.article.renewalWarnings).toEqual([]);
  });
});

describe("Top 10 figures that pass the parser but not the columns", () => {
  const row = (cells: Partial<Record<"week" | "hours" | "runtime" | "title" | "weeks", string>>) =>
    [cells.week ?? "2022-09-11", "TV (English)", "1", cells.title ?? "Gap Show", "N/A", cells.hours ?? "1000000", cells.runtime ?? "", "", cells.weeks ?? "1"].join("\t");
  const sundayInDays = (days: number) => {
    const date = new Date(Date.now() + days * 86_400_000);
    date.setUTCDate(date.getUTCDate() + ((7 - date.getUTCDay()) % 7));
    return date.toISOString().slice(0, 10);
  };

  it("are refused with file:line (column), like every other bad row, and nothing is written", async () => {
    const before = await counts();
    for (const [cells, column] of [
      [{ hours: "3000000000" }, "weekly_hours_viewed"],
      [{ weeks: "999999999999" }, "cumulative_weeks_in_top_10"],
      [{ week: "2021-07-11", weeks: "5" }, "cumulative_weeks_in_top_10"],
      [{ runtime: "123456.5" }, "runtime"],
      [{ runtime: "1.23456" }, "runtime"],
      // Far past the 500-character bound, within the mutation's size (the upload takes whole files).
      [{ title: "T".repeat(100_000) }, "show_title"],
      [{ week: "2021-06-27" }, "week"],
      [{ week: "2019-01-06" }, "week"],
      [{ week: sundayInDays(15) }, "week"],
    ] as const) {
      const tsv = `${GLOBAL_HEADER}\n${row({ week: "2022-09-18" })}\n${row(cells)}\n`;
      const result = await graphql(server.url, IMPORT, { tsv }, staff.admin);
      const label = JSON.stringify(cells).slice(0, 80);
      expect(result.body.errors?.[0]?.extensions, label).toMatchObject({ code: "BAD_USER_INPUT", field: "tsv", line: 3, column });
      expect(result.body.errors?.[0]?.message, label).toContain(`tiny.tsv:3 (column ${column})`);
    }
    expect(await counts()).toEqual(before);
    // The bounds are not too tight: Netflix's first week and this week's Sunday import.
    const fine = `${GLOBAL_HEADER}\n${row({ week: "2021-07-04", runtime: "99999.9999", hours: "2147483647", title: "Edge Show" })}\n${row({ week: sundayInDays(0), title: "Edge Show", weeks: "2" })}\n`;
    const imported = await graphql(server.url, IMPORT, { tsv: fine }, staff.admin);
    expect(imported.body.errors).toBeUndefined();
    expect(imported.body.data.importTop10.created).toBe(2);
  });
});

const SEARCH = `query($q: String!) { search(query: $q, first: 20) { totalCount edges { highlight node { __typename ... on Person { slug } ... on Article { id } } } } }`;
const search = async (q: string) => (await query(server.url, SEARCH, { q })).search as { totalCount: number; edges: { highlight: string; node: { slug?: string; id?: string } }[] };

describe("search", () => {
  it("folds accents both ways, in names and prose, and still marks the accented words", async () => {
    const inaki = await search("Inaki");
    expect(inaki.edges.map((hit) => hit.node.slug)).toContain("inaki-godoy");
    expect(inaki.edges.find((hit) => hit.node.slug === "inaki-godoy")!.highlight).toContain("<mark>Iñaki</mark>");

    const article = await createArticle(server.url, staff.editor, { title: "Pokémon Concierge gets a second season", body: "The Pokémon stop-motion series returns." });
    await publish(article.id);
    const plain = await search("Pokemon");
    const accented = await search("Pokémon");
    expect(plain.edges.map((hit) => hit.node.id)).toContain(article.id);
    expect(plain.totalCount).toBe(accented.totalCount);
    expect(plain.edges.map((hit) => hit.node)).toEqual(accented.edges.map((hit) => hit.node));
    expect(plain.edges.find((hit) => hit.node.id === article.id)!.highlight).toContain("<mark>Pokémon</mark>");
  });

  it("highlights stay balanced when stored text holds the characters used as markers", async () => {
    const article = await createArticle(server.url, staff.editor, {
      title: "Quuxmarker \u0002closing first",
      body: "quuxmarker \u0001 opened \u0002 closed \u0002\u0002 quuxmarker \u0001",
    });
    await publish(article.id);
    const { edges } = await search("quuxmarker");
    expect(edges).toHaveLength(1);
    const snippet = edges[0]!.highlight;
    expect(snippet).toContain("<mark>Quuxmarker</mark>");
    expect(snippet).not.toMatch(/[\u0001\u0002]/);
    // Every <mark> closes before the next opens, and none is left open.
    expect(snippet.replace(/<mark>[^<]*<\/mark>/g, "")).not.toMatch(/<\/?mark>/);
  });
});
