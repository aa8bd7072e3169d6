import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { Redis } from "ioredis";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv, createStaff, type Staff } from "./support/accounts.js";
import { createArticle } from "./support/articles.js";
import { graphql, query } from "./support/graphql.js";
import { importTop10Upload } from "./support/imports.js";
import { startReceiver, waitFor } from "./support/receiver.js";
import { projectRoot, startServerOnFreshDatabase } from "./support/server.js";
import { globalId } from "./support/ids.js";

// The real case from issue 14: "Doc" (the US series, TV (English)) and "DOC" (the Italian one, TV (Non-English)),
// which Greenlight once merged into one show. Their rows from Netflix's global file are imported here; the test
// merges them as that old import did, reverses the merge, merges again and splits the Italian rows back out.
let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
let staff: Staff;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let docRows: string;
// The response cache is on (in Redis, under this file's own prefix): merges and splits must invalidate it.
const REDIS_URL = "redis://127.0.0.1:6379";
const prefix = `test-${randomUUID()}:`;
const redis = new Redis(REDIS_URL);

beforeAll(async () => {
  server = await startServerOnFreshDatabase({ ...adminEnv, REDIS_URL, REDIS_KEY_PREFIX: prefix, CACHE_MAX_AGE: "60" });
  staff = await createStaff(server.url);
  receiver = await startReceiver();
  await query(server.url, `mutation($url: String!) { registerWebhook(input: { url: $url, events: [SHOW_UPDATED] }) { endpoint { id } } }`, { url: receiver.url }, staff.admin);
  const global = await readFile(join(projectRoot, "..", "shared", "data", "all-weeks-global.tsv"), "utf8");
  const [header, ...lines] = global.split("\n");
  docRows = [header, ...lines.filter((line) => ["Doc", "DOC"].includes(line.split("\t")[3]!))].join("\n") + "\n";
  const summary = await importTop10Upload(server.url, docRows, "doc-rows.tsv", staff.admin);
  expect(summary).toMatchObject({ rowsRead: 3, created: 3, showsCreated: 2 });
});
afterAll(async () => {
  await server?.close();
  await receiver?.close();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

const SHOW = `id slug title synopsis genres originalLanguage kind status statusAnnouncedAt version`;
/** Everything of a show a merge moves, as an editor sees it (drafts included). */
const FULL = `${SHOW}
  seasons { id number title runtimeHours }
  chartEntries(first: 100) { totalCount nodes { id category seasonTitle season { id number } } }
  credits(first: 100) { nodes { id role characterName person { id } } }
  productionCompanies { id }
  ratings { id source score season { id } }
  statusHistory { id status seasonNumber }
  articles(first: 50) { nodes { id status } }`;

async function show(lookup: { id?: string; slug?: string }, headers: Record<string, string> = staff.editor, fields = FULL) {
  const result = await query(server.url, `query($id: ID, $slug: String) { show(id: $id, slug: $slug) { ${fields} } }`, lookup, headers);
  return result.show;
}

/** The shows titled exactly `title` (ids read from the API, never made up). */
async function showsTitled(title: string) {
  const result = await query(server.url, `query($t: String!) { shows(where: { titleContains: $t }, first: 100) { nodes { id title slug version } } }`, { t: title });
  return result.shows.nodes.filter((node: { title: string }) => node.title === title);
}

function errorOf(response: Awaited<ReturnType<typeof graphql>>) {
  expect(response.body.errors, JSON.stringify(response.body)).toBeDefined();
  return response.body.errors![0]!;
}

const MERGE = `mutation($input: MergeShowsInput!) {
  mergeShows(input: $input) { mergeId target { id slug version status synopsis } moved {
    seasonsMoved seasonsMerged chartEntries credits productionCompanies ratings articles statusFacts slugAliases filledFields } } }`;
const UNMERGE = `mutation($id: ID!) { unmergeShows(mergeId: $id) { source { id slug version } target { id version } keptFields } }`;
const SPLIT = `mutation($input: SplitShowInput!) {
  splitShow(input: $input) { show { id version } newShow { id slug title kind version status } chartEntriesMoved seasonsMoved seasonsCreated } }`;

async function merge(source: { id: string; version: number }, target: { id: string; version: number }, headers = staff.editor) {
  return graphql(server.url, MERGE, { input: { sourceId: source.id, targetId: target.id, sourceBaseVersion: source.version, targetBaseVersion: target.version } }, headers);
}

async function auditActions(showId: string): Promise<string[]> {
  const log = await query(server.url, `query($id: ID!) { auditLog(where: { entityId: $id }) { nodes { action } } }`, { id: showId }, staff.admin);
  return log.auditLog.nodes.map((entry: { action: string }) => entry.action);
}

async function reimport() {
  return importTop10Upload(server.url, docRows, "doc-rows.tsv", staff.admin);
}

/** A show's state without its version (which a merge and an unmerge both bump). */
function withoutVersion(state: Record<string, unknown>) {
  const { version: _version, ...rest } = state;
  return rest;
}

const CACHED_READ = `{ show(slug: "doc-italia") { id title } }`;
/**
 * The writer brings the draft's first revision back (written before any merge, naming DOC): the article's show
 * links are rewritten from it, so they must name the show that covers DOC now. Returns the shows it covers.
 */
async function restoreFirstDraft() {
  const current = await query(server.url, `query($id: ID!) { article(id: $id) { version } }`, { id: draftId }, staff.writer);
  const saved = await query(
    server.url,
    `mutation($id: ID!, $v: Int!) { restoreRevision(articleId: $id, revisionNumber: 1, baseVersion: $v) { id shows { id } } }`,
    { id: draftId, v: current.article.version },
    staff.writer,
  );
  return saved.restoreRevision;
}

const ids = (nodes: { id: string }[]) => nodes.map((node) => node.id).sort();

let us: { id: string; slug: string; version: number };
let italian: { id: string; slug: string; version: number };
let draftId: string;
let publishedId: string;
let sharedPersonId: string;

describe("mergeShows", () => {
  it("finds the real Doc and DOC as two shows, each with its season 1 and chart rows", async () => {
    [us] = await showsTitled("Doc");
    [italian] = await showsTitled("DOC");
    expect(us && italian).toBeTruthy();
    const [a, b] = [await show({ id: us!.id }), await show({ id: italian!.id })];
    expect(a.chartEntries.totalCount).toBe(2);
    expect(b.chartEntries.totalCount).toBe(1);
    expect(a.seasons.map((s: { number: number }) => s.number)).toEqual([1]);
    expect(b.seasons.map((s: { number: number }) => s.number)).toEqual([1]);
  });

  it("is for editors and admins: writers and anonymous callers are refused and nothing moves", async () => {
    const byWriter = await merge(italian, us, staff.writer);
    expect(errorOf(byWriter).extensions?.code).toBe("FORBIDDEN");
    const anonymous = await merge(italian, us, {});
    expect(errorOf(anonymous).extensions?.code).toBe("UNAUTHENTICATED");
    const split = await graphql(server.url, SPLIT, { input: { showId: us.id, baseVersion: us.version, seasonTitles: ["Doc: Season 1"], newShow: { title: "X", kind: "SERIES" } } }, staff.writer);
    expect(errorOf(split).extensions?.code).toBe("FORBIDDEN");
    const unmerge = await graphql(server.url, UNMERGE, { id: "1" }, {});
    expect(errorOf(unmerge).extensions?.code).toBe("UNAUTHENTICATED");
    expect((await show({ id: italian.id })).chartEntries.totalCount).toBe(1);
    expect(await auditActions(italian.id)).not.toContain("show.merged");
  });

  it("validation names the field: the same show twice, unknown or malformed ids, bad split input", async () => {
    const same = await merge(us, us);
    expect(errorOf(same).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.targetId" });
    const unknown = await merge({ id: globalId("Show", 2000000000), version: 1 }, us);
    expect(errorOf(unknown).extensions).toMatchObject({ code: "NOT_FOUND", field: "input.sourceId" });
    const malformed = await merge({ id: "doc", version: 1 }, us);
    expect(errorOf(malformed).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "sourceId" });
    const noTitles = await graphql(server.url, SPLIT, { input: { showId: us.id, baseVersion: us.version, seasonTitles: [], newShow: { title: "X", kind: "SERIES" } } }, staff.editor);
    expect(errorOf(noTitles).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "seasonTitles" });
    const wrongTitle = await graphql(server.url, SPLIT, { input: { showId: us.id, baseVersion: us.version, seasonTitles: ["Doc: Season 9"], newShow: { title: "X", kind: "SERIES" } } }, staff.editor);
    expect(errorOf(wrongTitle).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.seasonTitles" });
    const everything = await graphql(server.url, SPLIT, { input: { showId: us.id, baseVersion: us.version, seasonTitles: ["Doc: Season 1"], newShow: { title: "X", kind: "SERIES" } } }, staff.editor);
    expect(errorOf(everything).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.seasonTitles" });
    const unknownMerge = await graphql(server.url, UNMERGE, { id: globalId("ShowMerge", 2000000000) }, staff.editor);
    const notAMerge = await graphql(server.url, UNMERGE, { id: us.id }, staff.editor);
    expect(errorOf(notAMerge).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "mergeId" });
    expect(errorOf(unknownMerge).extensions).toMatchObject({ code: "NOT_FOUND", field: "mergeId" });
    expect(await showsTitled("X")).toEqual([]);
  });

  it("gives the source things to move: a slug change, a synopsis, a season, credits, companies, a rating, a status fact, articles", async () => {
    const edit = async (mutation: string, variables: Record<string, unknown>, headers = staff.editor) => query(server.url, mutation, variables, headers);
    const version = async (id: string) => (await show({ id }, staff.editor, "version")).version as number;
    await edit(`mutation($input: UpdateShowInput!) { updateShow(input: $input) { id } }`, {
      input: { id: italian.id, baseVersion: await version(italian.id), slug: "doc-italia", synopsis: "Un primario perde dodici anni di memoria.", originalLanguage: "it" },
    });
    await edit(`mutation($input: CreateSeasonInput!) { createSeason(input: $input) { id } }`, { input: { showId: italian.id, baseVersion: await version(italian.id), number: 2, title: "DOC: Season 2" } });
    const person = (name: string) => edit(`mutation($input: CreatePersonInput!) { createPerson(input: $input) { id } }`, { input: { name } });
    sharedPersonId = (await person("Luca Argentero")).createPerson.id;
    const creatorId = (await person("Francesco Arlanch")).createPerson.id;
    const credit = async (showId: string, personId: string, role: string, characterName?: string) =>
      edit(`mutation($input: AddCreditInput!) { addCredit(input: $input) { id } }`, { input: { showId, baseVersion: await version(showId), personId, role, characterName } });
    await credit(italian.id, sharedPersonId, "CAST", "Andrea Fanti");
    await credit(us.id, sharedPersonId, "CAST", "Andrea Fanti");
    await credit(italian.id, creatorId, "CREATOR");
    const company = async (name: string) => (await edit(`mutation($input: CreateProductionCompanyInput!) { createProductionCompany(input: $input) { id } }`, { input: { name } })).createProductionCompany.id;
    const lux = await company("Lux Vide");
    const rai = await company("Rai Fiction");
    const link = async (showId: string, companyId: string) =>
      edit(`mutation($s: ID!, $c: ID!, $v: Int!) { linkProductionCompany(showId: $s, companyId: $c, baseVersion: $v) }`, { s: showId, c: companyId, v: await version(showId) });
    await link(italian.id, lux);
    await link(italian.id, rai);
    await link(us.id, rai);
    const season1 = (await show({ id: italian.id })).seasons.find((s: { number: number }) => s.number === 1).id;
    await edit(`mutation($input: RecordRatingInput!) { recordRating(input: $input) { id } }`, {
      input: { showId: italian.id, baseVersion: await version(italian.id), seasonId: season1, source: "IMDB", score: 7.9, scaleMax: 10, voteCount: 4200, asOf: "2026-03-01" },
    });
    await edit(`mutation($input: RecordStatusChangeInput!) { recordStatusChange(input: $input) { id } }`, {
      input: { showId: italian.id, seasonNumber: 2, status: "RENEWED", announcedAt: "2026-03-20", sourceUrl: "https://www.raiplay.it/doc-2" },
    });
    publishedId = (await createArticle(server.url, staff.editor, { title: "DOC returns", body: "Season 2 is coming.", showIds: [italian.id] })).id;
    await edit(`mutation($id: ID!) { publishArticle(id: $id) { id } }`, { id: publishedId });
    draftId = (await createArticle(server.url, staff.writer, { title: "DOC draft, not for readers", body: "Unpublished.", showIds: [italian.id] })).id;

    const anonymous = await show({ id: italian.id }, {}, "articles(first: 50) { nodes { id } }");
    expect(ids(anonymous.articles.nodes)).toEqual([publishedId]);
    expect((await show({ id: italian.id })).status).toBe("RENEWED");
    // Read (and cached) before the merge, by anonymous readers: the merge must not leave this answer stale.
    await graphql(server.url, CACHED_READ);
    const hit = await graphql(server.url, CACHED_READ);
    expect(hit.headers.get("x-cache")).toBe("HIT");
    expect(hit.body.data.show.id).toBe(italian.id);
  });

  let before: { source: any; target: any };
  let mergeId: string;

  it("a stale baseVersion is a CONFLICT naming who saved, and nothing moves", async () => {
    const target = await show({ id: us.id });
    const source = await show({ id: italian.id });
    before = { source, target };
    const stale = await merge({ id: italian.id, version: source.version - 1 }, { id: us.id, version: target.version }, staff.admin);
    const error = errorOf(stale);
    expect(error.extensions).toMatchObject({ code: "CONFLICT", field: "input.sourceBaseVersion", currentVersion: source.version, savedBy: { name: "Eve Editor" } });
    expect(error.message).toContain("saved by Eve Editor");
    expect((await show({ id: italian.id })).chartEntries.totalCount).toBe(1);
  });

  it("moves everything of the source to the target, audited, announced, and removes the source", async () => {
    const { source, target } = before;
    const merged = await merge({ id: italian.id, version: source.version }, { id: us.id, version: target.version });
    expect(merged.body.errors).toBeUndefined();
    const result = merged.body.data.mergeShows;
    mergeId = result.mergeId;
    expect(result.moved).toEqual({
      seasonsMoved: 1,
      seasonsMerged: 1,
      chartEntries: 1,
      credits: 1,
      productionCompanies: 1,
      ratings: 1,
      articles: 2,
      statusFacts: 1,
      slugAliases: 2,
      filledFields: ["Show.synopsis", "Show.originalLanguage"],
    });
    expect(result.target).toMatchObject({ id: us.id, slug: us.slug, version: target.version + 1, status: "RENEWED", synopsis: source.synopsis });

    const after = await show({ id: us.id });
    // Seasons: the two season 1s are one, holding all three chart rows; DOC's season 2 moved whole.
    expect(after.seasons.map((s: { id: string; number: number }) => [s.number, s.id])).toEqual([
      [1, target.seasons[0].id],
      [2, source.seasons.find((s: { number: number }) => s.number === 2).id],
    ]);
    expect(after.chartEntries.totalCount).toBe(3);
    expect(ids(after.chartEntries.nodes)).toEqual(ids([...source.chartEntries.nodes, ...target.chartEntries.nodes]));
    expect(after.chartEntries.nodes.every((entry: any) => entry.season.id === target.seasons[0].id)).toBe(true);
    // Credits: the shared cast credit is not duplicated; the creator credit moved.
    expect(after.credits.nodes.map((c: any) => `${c.role}:${c.person.id}`).sort()).toEqual(
      [...new Set([...source.credits.nodes, ...target.credits.nodes].map((c: any) => `${c.role}:${c.person.id}`))].sort(),
    );
    expect(after.credits.nodes).toHaveLength(2);
    expect(ids(after.productionCompanies)).toEqual(ids(source.productionCompanies));
    expect(after.ratings).toEqual([{ ...source.ratings[0], season: { id: target.seasons[0].id } }]);
    expect(after.statusHistory).toEqual(source.statusHistory);
    expect(after.status).toBe("RENEWED");
    expect(ids(after.articles.nodes)).toEqual(ids([{ id: publishedId }, { id: draftId }]));
    expect(after.originalLanguage).toBe("it");

    // The source is gone; both its slugs (current and former) redirect to the target.
    expect(await show({ id: italian.id })).toBeNull();
    expect((await show({ slug: "doc-italia" }, {}, "id")).id).toBe(us.id);
    expect((await show({ slug: italian.slug }, {}, "id")).id).toBe(us.id);
    const cached = await graphql(server.url, CACHED_READ);
    expect(cached.headers.get("x-cache")).toBe("MISS");
    expect(cached.body.data.show.id).toBe(us.id);
    // The synopsis came with its provenance: the editor who wrote it on DOC.
    const provenance = await show({ id: us.id }, staff.editor, "provenance { field origin editor { name } }");
    expect(provenance.provenance).toEqual(expect.arrayContaining([{ field: "synopsis", origin: "EDITOR", editor: { name: "Eve Editor" } }]));

    expect(await auditActions(us.id)).toContain("show.merged");
    expect(await auditActions(italian.id)).toContain("show.merged");
    const events = await waitFor(() => {
      const found = receiver.received.map((request) => JSON.parse(request.body)).filter((event) => event.data.change === "show.merged");
      return found.length > 0 && found;
    });
    expect(events[0].data).toMatchObject({ showId: us.id, mergeId, mergedShow: { showId: italian.id } });
    expect(JSON.stringify(events[0])).not.toContain("draft");
  });

  it("drafts stay invisible to anonymous readers on the merged show", async () => {
    const anonymous = await show({ id: us.id }, {}, "articles(first: 50) { totalCount nodes { id status } }");
    expect(anonymous.articles.nodes).toEqual([{ id: publishedId, status: "PUBLISHED" }]);
    expect(anonymous.articles.totalCount).toBe(1);
    const viaOldSlug = await show({ slug: "doc-italia" }, {}, "articles(first: 50) { nodes { id } }");
    expect(ids(viaOldSlug.articles.nodes)).toEqual([publishedId]);
    // Its writer keeps working on it: a restored revision links it to the show it now covers, not to the removed one.
    const edited = await restoreFirstDraft();
    expect(edited.shows.map((covered: { id: string }) => covered.id)).toEqual([us.id]);
    const afterEdit = await show({ id: us.id }, {}, "articles(first: 50) { totalCount nodes { id } }");
    expect(ids(afterEdit.articles.nodes)).toEqual([publishedId]);
  });

  it("a Top 10 re-import after the merge lands DOC's rows on the target and creates no duplicate", async () => {
    const summary = await reimport();
    expect(summary).toMatchObject({ rowsRead: 3, created: 0, updated: 0, showsCreated: 0, seasonsCreated: 0 });
    expect(await showsTitled("DOC")).toEqual([]);
    expect((await show({ id: us.id })).chartEntries.totalCount).toBe(3);
  });

  it("unmergeShows restores the source exactly and moves back what came from it; twice is a CONFLICT", async () => {
    const result = await query(server.url, UNMERGE, { id: mergeId }, staff.editor);
    expect(result.unmergeShows).toMatchObject({ source: { id: italian.id, slug: "doc-italia" }, target: { id: us.id }, keptFields: [] });
    const [source, target] = [await show({ id: italian.id }), await show({ id: us.id })];
    expect(withoutVersion(source)).toEqual(withoutVersion(before.source));
    expect(withoutVersion(target)).toEqual(withoutVersion(before.target));
    expect(source.version).toBe(before.source.version + 2);
    expect(target.version).toBe(before.target.version + 2);
    expect((await show({ slug: italian.slug }, {}, "id")).id).toBe(italian.id);
    const anonymous = await show({ id: italian.id }, {}, "articles(first: 50) { nodes { id } }");
    expect(ids(anonymous.articles.nodes)).toEqual([publishedId]);

    expect((await restoreFirstDraft()).shows.map((covered: { id: string }) => covered.id)).toEqual([italian.id]);

    const again = await graphql(server.url, UNMERGE, { id: mergeId }, staff.editor);
    expect(errorOf(again).extensions).toMatchObject({ code: "CONFLICT", field: "mergeId" });
    expect(await auditActions(us.id)).toContain("show.unmerged");
    expect(await auditActions(italian.id)).toContain("show.unmerged");

    // The match key is DOC's again: a re-import keeps the two shows apart.
    expect(await reimport()).toMatchObject({ created: 0, updated: 0, showsCreated: 0 });
    expect((await show({ id: italian.id })).chartEntries.totalCount).toBe(1);
    expect((await show({ id: us.id })).chartEntries.totalCount).toBe(2);
  });
});

describe("splitShow", () => {
  let misMerged: { id: string; version: number };
  let secondMerge: string;
  let split: any;

  it("splits the Italian rows back out of a mis-merged Doc: rows, a season of their own, audited", async () => {
    const [source, target] = [await show({ id: italian.id }), await show({ id: us.id })];
    const merged = await merge(source, target);
    expect(merged.body.errors).toBeUndefined();
    secondMerge = merged.body.data.mergeShows.mergeId;
    misMerged = { id: us.id, version: merged.body.data.mergeShows.target.version };

    const stale = await graphql(server.url, SPLIT, { input: { showId: us.id, baseVersion: misMerged.version - 1, seasonTitles: ["DOC: Season 1"], newShow: { title: "DOC", kind: "SERIES" } } }, staff.admin);
    expect(errorOf(stale).extensions).toMatchObject({ code: "CONFLICT", field: "input.baseVersion", savedBy: { name: "Eve Editor" } });

    const response = await graphql(server.url, SPLIT, {
      input: { showId: us.id, baseVersion: misMerged.version, seasonTitles: ["DOC: Season 1"], newShow: { title: "DOC", kind: "SERIES", slug: "doc-rai" } },
    }, staff.editor);
    expect(response.body.errors).toBeUndefined();
    split = response.body.data.splitShow;
    expect(split).toMatchObject({ show: { id: us.id, version: misMerged.version + 1 }, newShow: { slug: "doc-rai", title: "DOC", kind: "SERIES", version: 1, status: "PENDING" }, chartEntriesMoved: 1, seasonsMoved: 0, seasonsCreated: 1 });
    const [old, fresh] = [await show({ id: us.id }), await show({ id: split.newShow.id })];
    expect(fresh.chartEntries.nodes.map((entry: any) => [entry.category, entry.seasonTitle, entry.season.number])).toEqual([["TV_NON_ENGLISH", "DOC: Season 1", 1]]);
    expect(fresh.seasons.map((s: any) => s.number)).toEqual([1]);
    expect(old.chartEntries.nodes.map((entry: any) => entry.seasonTitle)).toEqual(["Doc: Season 1", "Doc: Season 1"]);
    expect(await auditActions(us.id)).toContain("show.split");
    expect(await auditActions(split.newShow.id)).toContain("show.split");
    // Drafts stay hidden on both sides of the split.
    for (const id of [us.id, split.newShow.id]) {
      const anonymous = await show({ id }, {}, "articles(first: 50) { nodes { id status } }");
      expect(anonymous.articles.nodes.every((node: { status: string }) => node.status === "PUBLISHED")).toBe(true);
    }
  });

  it("a Top 10 re-import after the split lands DOC's rows on the split show", async () => {
    expect(await reimport()).toMatchObject({ created: 0, updated: 0, showsCreated: 0, seasonsCreated: 0 });
    expect((await show({ id: split.newShow.id })).chartEntries.totalCount).toBe(1);
    expect((await show({ id: us.id })).chartEntries.totalCount).toBe(2);
  });

  it("a merge whose rows have been split off since cannot be reversed: CONFLICT saying why, nothing changes", async () => {
    const response = await graphql(server.url, UNMERGE, { id: secondMerge }, staff.editor);
    const error = errorOf(response);
    expect(error.extensions).toMatchObject({ code: "CONFLICT", field: "mergeId" });
    expect(error.message).toContain("chart rows");
    expect(await show({ id: italian.id })).toBeNull();
  });

  it("is reversed by a merge: the rows go back, and so do later imports", async () => {
    const [fresh, old] = [await show({ id: split.newShow.id }), await show({ id: us.id })];
    const merged = await merge(fresh, old);
    expect(merged.body.errors).toBeUndefined();
    expect((await show({ id: us.id })).chartEntries.totalCount).toBe(3);
    expect(await reimport()).toMatchObject({ created: 0, updated: 0, showsCreated: 0 });
    expect((await show({ id: us.id })).chartEntries.totalCount).toBe(3);
    expect(await show({ id: split.newShow.id })).toBeNull();
  });
});

// Last in the file: North of North's rows (TV (English), April 2025) are older than Doc's, so importing them after
// would make a re-import of Doc's rows an older file's (which only adds rows it lacks).
describe("unmergeShows after a Top 10 import", () => {
  it("takes back the rows an import sent to the target through the source's title since the merge", async () => {
    const global = await readFile(join(projectRoot, "..", "shared", "data", "all-weeks-global.tsv"), "utf8");
    const [header, ...lines] = global.split("\n");
    const weeks = lines.filter((line) => line.split("\t")[3] === "North of North").sort();
    expect(weeks).toHaveLength(2);
    const file = (rows: string[]) => [header, ...rows].join("\n") + "\n";
    expect(await importTop10Upload(server.url, file([weeks[0]!]), "north-of-north-1.tsv", staff.admin)).toMatchObject({ created: 1, showsCreated: 1 });
    const [imported] = await showsTitled("North of North");
    const target = (await query(server.url, `mutation { createShow(input: { title: "North of North (APTN)", kind: SERIES }) { id version } }`, undefined, staff.editor)).createShow;
    const merged = await merge(imported, target);
    expect(merged.body.errors).toBeUndefined();
    expect(merged.body.data.mergeShows.moved).toMatchObject({ seasonsMoved: 1, chartEntries: 1 });

    // The second week arrives after the merge: on the target, in the season that came from the source.
    expect(await importTop10Upload(server.url, file(weeks), "north-of-north.tsv", staff.admin)).toMatchObject({ created: 1, showsCreated: 0, seasonsCreated: 0 });
    const onTarget = await show({ id: target.id });
    expect(onTarget.chartEntries.totalCount).toBe(2);
    expect(new Set(onTarget.chartEntries.nodes.map((entry: any) => entry.season.id)).size).toBe(1);

    await query(server.url, UNMERGE, { id: merged.body.data.mergeShows.mergeId }, staff.editor);
    const [source, after] = [await show({ id: imported.id }), await show({ id: target.id })];
    expect(source.chartEntries.totalCount).toBe(2);
    expect(source.chartEntries.nodes.every((entry: any) => entry.season.id === source.seasons[0].id)).toBe(true);
    expect(after.chartEntries.totalCount).toBe(0);
    expect(after.seasons).toEqual([]);
    expect(await importTop10Upload(server.url, file(weeks), "north-of-north.tsv", staff.admin)).toMatchObject({ created: 0, updated: 0, showsCreated: 0 });
  });
});

describe("merging same-title films", () => {
  it("the real English and Spanish Mother's Day merge (rows follow, re-imports add no duplicate) and unmerge apart again", async () => {
    const global = await readFile(join(projectRoot, "..", "shared", "data", "all-weeks-global.tsv"), "utf8");
    const [header, ...lines] = global.split("\n");
    const file = [header, ...lines.filter((line) => line.split("\t")[3] === "Mother's Day")].join("\n") + "\n";
    expect(await importTop10Upload(server.url, file, "mothers-day.tsv", staff.admin)).toMatchObject({ rowsRead: 8, created: 8, showsCreated: 2 });
    const films = await showsTitled("Mother's Day");
    expect(films).toHaveLength(2);
    const rowsOf = async (id: string) => (await show({ id }, staff.editor, "chartEntries(first: 20) { nodes { id category } }")).chartEntries.nodes;
    const [first, second] = await Promise.all(films.map((film: { id: string }) => rowsOf(film.id)));
    // Netflix keeps them apart: one film per list.
    expect(new Set([...first, ...second].map((row: any) => row.category)).size).toBe(2);
    expect(new Set(first.map((row: any) => row.category)).size).toBe(1);

    const merged = await merge(films[1], films[0]);
    expect(merged.body.errors).toBeUndefined();
    expect(merged.body.data.mergeShows.moved).toMatchObject({ chartEntries: second.length, seasonsMoved: 0, seasonsMerged: 0 });
    expect(await importTop10Upload(server.url, file, "mothers-day.tsv", staff.admin)).toMatchObject({ created: 0, updated: 0, showsCreated: 0 });
    expect(ids(await rowsOf(films[0].id))).toEqual(ids([...first, ...second]));
    expect(await showsTitled("Mother's Day")).toHaveLength(1);

    await query(server.url, UNMERGE, { id: merged.body.data.mergeShows.mergeId }, staff.editor);
    expect(ids(await rowsOf(films[0].id))).toEqual(ids(first));
    expect(ids(await rowsOf(films[1].id))).toEqual(ids(second));
    expect(await importTop10Upload(server.url, file, "mothers-day.tsv", staff.admin)).toMatchObject({ created: 0, updated: 0, showsCreated: 0 });
  });
});

describe("a draft quoting a season the merge folds into another", () => {
  it("still passes the publish check after the merge (its figures are the same rows, in the season they joined)", async () => {
    const imperfects = await show({ slug: "the-imperfects" }, staff.editor, "id version");
    const { draftRenewalArticle: draft } = await query(
      server.url,
      `mutation($id: ID!) { draftRenewalArticle(showId: $id, seasonNumber: 2) { id } }`,
      { id: imperfects.id },
      staff.writer,
    );
    const { createShow: duplicate } = await query(server.url, `mutation { createShow(input: { title: "The Imperfects (copy)", kind: SERIES }) { id version } }`, undefined, staff.editor);
    await query(server.url, `mutation($input: CreateSeasonInput!) { createSeason(input: $input) { id } }`, { input: { showId: duplicate.id, baseVersion: duplicate.version, number: 1 } }, staff.editor);
    const target = await show({ id: duplicate.id }, staff.editor, "id version");
    const merged = await merge(imperfects, target);
    expect(merged.body.errors).toBeUndefined();
    expect(merged.body.data.mergeShows.moved.seasonsMerged).toBe(1);

    const published = await graphql(server.url, `mutation($id: ID!) { publishArticle(id: $id) { status } }`, { id: draft.id }, staff.editor);
    expect(published.body.errors).toBeUndefined();
    expect(published.body.data.publishArticle.status).toBe("PUBLISHED");

    // Unmerge gives the season back, with the article and its quoted figures.
    const unmerged = await graphql(server.url, UNMERGE, { id: merged.body.data.mergeShows.mergeId }, staff.editor);
    expect(unmerged.body.errors).toBeUndefined();
    const { article } = await query(server.url, `query($id: ID!) { article(id: $id) { renewalShow { slug } } }`, { id: draft.id });
    expect(article.renewalShow.slug).toBe("the-imperfects");
  });
});
