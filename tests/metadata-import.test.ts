import { readFile } from "node:fs/promises";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv, createStaff, importGlobalTop10, type Staff } from "./support/accounts.js";
import { graphql, query } from "./support/graphql.js";
import { unfinishedUpload, uploadMetadata } from "./support/imports.js";
import { projectRoot, runCli, startServerOnFreshDatabase } from "./support/server.js";

// The three real metadata files (../shared/data/metadata, see SOURCES.md) imported into a database holding the seed
// and Netflix's real global Top 10 file, through the upload, the mutation and the CLI.

const METADATA = join(projectRoot, "..", "shared", "data", "metadata");
const FILES = ["tmdb_data.csv", "nf_ori_shows.csv", "netflix_titles.csv"] as const;

let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
let staff: Staff;
const text: Record<string, string> = {};
const summaries: Record<string, any> = {};

const SHOW = `query($slug: String!) { show(slug: $slug) { id title version synopsis genres countries runtimeMinutes contentRating premiereDate originalLanguage
  productionCompanies { name } provenance { field origin file line } } }`;
const showBySlug = async (slug: string) => (await query(server.url, SHOW, { slug }, staff.editor)).show;
const IMPORT = `mutation($csv: String!, $fileName: String!, $source: MetadataSource, $limit: Int) {
  importMetadata(csv: $csv, fileName: $fileName, source: $source, reportLimit: $limit) {
    file source rowsRead matched unmatched ambiguous changes fieldsFilled reportCount
    report { line title outcome reason detail candidates { slug } conflicts { field current offered } }
  } }`;

async function importAll(): Promise<Record<string, any>> {
  const result: Record<string, any> = {};
  for (const file of FILES) {
    const response = await uploadMetadata(server.url, text[file]!, { fileName: file, headers: staff.admin });
    expect(response.status, JSON.stringify(response.body).slice(0, 500)).toBe(200);
    result[file] = response.body;
  }
  return result;
}

/** Which counts of an import summary tell what it matched. */
const matching = (summary: any) => ({
  source: summary.source,
  rowsRead: summary.rowsRead,
  matched: summary.matched,
  unmatched: summary.unmatched,
  ambiguous: summary.ambiguous,
  unmatchedReasons: summary.unmatchedReasons,
});

beforeAll(async () => {
  server = await startServerOnFreshDatabase(adminEnv);
  staff = await createStaff(server.url);
  await importGlobalTop10(server.url);
  for (const file of FILES) text[file] = await readFile(join(METADATA, file), "utf8");
}, 600_000);
afterAll(async () => {
  await server?.close();
});

describe("who may import metadata", () => {
  it("the mutation is for admins: anonymous is UNAUTHENTICATED, writers and editors FORBIDDEN, and nothing is read", async () => {
    const small = text["nf_ori_shows.csv"]!.split("\n").slice(0, 3).join("\n");
    const anonymous = await graphql(server.url, IMPORT, { csv: small, fileName: "x.csv" });
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    for (const headers of [staff.writer, staff.editor]) {
      const refused = await graphql(server.url, IMPORT, { csv: small, fileName: "x.csv" }, headers);
      expect(refused.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    }
  });

  it("the upload checks the admin token before reading a byte of the body: 401 without or with a bad token, 403 for a writer", async () => {
    expect(await unfinishedUpload(server.url, "/imports/metadata?source=tmdb", {})).toMatchObject({ status: 401, body: { errors: [{ extensions: { code: "UNAUTHENTICATED" } }] } });
    expect(await unfinishedUpload(server.url, "/imports/metadata", { authorization: "Bearer x" })).toMatchObject({ status: 401 });
    expect(await unfinishedUpload(server.url, "/imports/metadata", staff.writer)).toMatchObject({ status: 403, body: { errors: [{ extensions: { code: "FORBIDDEN" } }] } });
  });
});

describe("a malformed file is refused whole, with file:line (column)", () => {
  const header = () => text["tmdb_data.csv"]!.split("\n")[0]!;
  // A valid row for a real show: were the file not refused whole, it would link the company to Squid Game.
  const goodRow = `9000001,999999991,Squid Game,TV,False,,['Drama'],en,Squid Game,An overview.,1.0,,['Malformed Test Pictures'],['Canada'],,,['English'],`;

  it("a bad row: BAD_USER_INPUT naming the line and column, and the rows before it are not kept", async () => {
    const imperfects = await showBySlug("the-imperfects");
    const squid = await showBySlug("squid-game");
    const bad = `9000002,not-a-number,The Imperfects,TV,False,,['Drama'],en,The Imperfects,Overwritten?,1.0,,[],['Germany'],,,['English'],`;
    const result = await graphql(server.url, IMPORT, { csv: [header(), goodRow, bad].join("\n"), fileName: "bad.csv" }, staff.admin);
    expect(result.body.errors?.[0]?.message).toMatch(/^bad\.csv:3 \(column id\): /);
    expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "csv", line: 3, column: "id" });
    const { productionCompany } = await query(server.url, `{ productionCompany(slug: "malformed-test-pictures") { id } }`);
    expect(productionCompany).toBeNull();
    expect(await showBySlug("the-imperfects")).toEqual(imperfects);
    expect(await showBySlug("squid-game")).toEqual(squid);
  });

  it("a missing column, a bad list cell and an unclosed quote are refused the same way", async () => {
    const withoutOverview = header().replace(",overview,", ",summary,");
    const missing = await graphql(server.url, IMPORT, { csv: [withoutOverview, goodRow].join("\n"), fileName: "cols.csv", source: "TMDB" }, staff.admin);
    expect(missing.body.errors?.[0]?.message).toMatch(/^cols\.csv:1 \(column overview\): /);
    const unknown = await graphql(server.url, IMPORT, { csv: [withoutOverview, goodRow].join("\n"), fileName: "cols.csv" }, staff.admin);
    expect(unknown.body.errors?.[0]?.message).toMatch(/^cols\.csv:1 \(column \(header\)\): the header is not that of a TMDB, Wikipedia or Kaggle file/);
    const badList = goodRow.replace("['Canada']", "Canada");
    const list = await graphql(server.url, IMPORT, { csv: [header(), goodRow, goodRow, badList].join("\n"), fileName: "list.csv" }, staff.admin);
    expect(list.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", line: 4, column: "production_countries" });
    const quote = await graphql(server.url, IMPORT, { csv: [header(), goodRow, `${goodRow.slice(0, 30)}"unclosed`].join("\n"), fileName: "quote.csv" }, staff.admin);
    expect(quote.body.errors?.[0]?.message).toMatch(/^quote\.csv:3 \(column \(row\)\): /);
    const upload = await uploadMetadata(server.url, [header(), badList].join("\n"), { fileName: "up.csv", source: "tmdb", headers: staff.admin });
    expect(upload.status).toBe(400);
    expect(upload.body.errors[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "body", line: 2, column: "production_countries" });
    const { productionCompany } = await query(server.url, `{ productionCompany(slug: "malformed-test-pictures") { id } }`);
    expect(productionCompany).toBeNull();
  });

  it("the mutation takes small files only and points larger ones to the upload; an unknown source is refused", async () => {
    const large = await graphql(server.url, IMPORT, { csv: text["nf_ori_shows.csv"]!.repeat(3), fileName: "big.csv" }, staff.admin);
    expect(large.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "csv" });
    expect(large.body.errors?.[0]?.message).toContain("/imports/metadata");
    const source = await uploadMetadata(server.url, "a,b\n", { source: "imdb", headers: staff.admin });
    expect(source).toMatchObject({ status: 400, body: { errors: [{ extensions: { code: "BAD_USER_INPUT", field: "source" } }] } });
  });
});

describe("the Top 10 import's provenance", () => {
  it("the shows and seasons it creates, and the season runtimes it fills, record IMPORT with the file and line", async () => {
    const global = (await readFile(join(projectRoot, "..", "shared", "data", "all-weeks-global.tsv"), "utf8")).split("\n");
    const firstLine = global.findIndex((row) => row.split("\t")[1] === "TV (English)" && row.split("\t")[3] === "Wednesday") + 1;
    expect(firstLine).toBeGreaterThan(1);
    const { show } = await query(
      server.url,
      `{ show(slug: "wednesday") { provenance { field origin file line } seasons { number runtimeHours provenance { field origin file line } } } }`,
      undefined,
      staff.editor,
    );
    const imported = { origin: "IMPORT", file: "all-weeks-global.tsv" };
    expect(show.provenance).toEqual(
      expect.arrayContaining([{ field: "kind", ...imported, line: firstLine }, { field: "title", ...imported, line: firstLine }]),
    );
    const season = show.seasons.find((entry: any) => entry.number === 1);
    expect(season.runtimeHours).not.toBeNull();
    expect(season.provenance.map((entry: any) => [entry.field, entry.origin, entry.file])).toEqual([
      ["number", "IMPORT", "all-weeks-global.tsv"],
      ["runtimeHours", "IMPORT", "all-weeks-global.tsv"],
    ]);
  });
});

describe("the three real files", () => {
  it("an editor's synopsis set before the import is kept, and the file's value is reported as a conflict", async () => {
    const wednesday = await showBySlug("wednesday");
    await query(
      server.url,
      `mutation($input: UpdateShowInput!) { updateShow(input: $input) { version } }`,
      { input: { id: wednesday.id, baseVersion: wednesday.version, synopsis: "The newsroom's own synopsis." } },
      staff.editor,
    );
    Object.assign(summaries, await importAll());
    const after = await showBySlug("wednesday");
    expect(after.synopsis).toBe("The newsroom's own synopsis.");
    expect(after.provenance.find((entry: any) => entry.field === "synopsis")).toMatchObject({ origin: "EDITOR", file: null });
    // The fields the editor did not set were filled from TMDB, with its file and line.
    const line = text["tmdb_data.csv"]!.split("\n").findIndex((row) => /^\d+,119051,Wednesday,TV,/.test(row)) + 1;
    expect(line).toBeGreaterThan(1);
    expect(after.provenance.find((entry: any) => entry.field === "countries")).toMatchObject({ origin: "IMPORT", file: "tmdb_data.csv", line });
    const conflict = summaries["tmdb_data.csv"].report.find((entry: any) => entry.outcome === "CONFLICT" && entry.show?.slug === "wednesday");
    expect(conflict).toMatchObject({ reason: "EDITOR_SET", line, conflicts: [{ field: "synopsis", current: "The newsroom's own synopsis." }] });
    expect(summaries["tmdb_data.csv"].fieldsSkippedForEditors).toBe(1);
  });

  it("matches exactly as measured: matched, unmatched by reason, ambiguous refused", () => {
    expect(matching(summaries["tmdb_data.csv"])).toEqual({
      source: "TMDB",
      rowsRead: 5781,
      matched: 1697,
      unmatched: 4075,
      ambiguous: 9,
      unmatchedReasons: [
        { reason: "DUPLICATE_ROW", count: 86 },
        { reason: "NO_SUCH_TITLE", count: 3968 },
        { reason: "WRONG_KIND", count: 11 },
        { reason: "YEAR_MISMATCH", count: 10 },
      ],
    });
    expect(matching(summaries["nf_ori_shows.csv"])).toEqual({
      source: "WIKIPEDIA",
      rowsRead: 625,
      matched: 288,
      unmatched: 337,
      ambiguous: 0,
      unmatchedReasons: [
        { reason: "NO_SUCH_TITLE", count: 333 },
        { reason: "WRONG_KIND", count: 4 },
      ],
    });
    expect(matching(summaries["netflix_titles.csv"])).toEqual({
      source: "KAGGLE",
      rowsRead: 8807,
      matched: 396,
      unmatched: 8409,
      ambiguous: 2,
      unmatchedReasons: [
        { reason: "NO_SUCH_TITLE", count: 8374 },
        { reason: "WRONG_KIND", count: 35 },
      ],
    });
    // Two films of one title the year cannot tell apart are refused with both candidates, never guessed.
    const ballerina = summaries["tmdb_data.csv"].report.find((entry: any) => entry.outcome === "AMBIGUOUS" && entry.title === "Ballerina");
    expect(ballerina.candidates.map((show: any) => show.slug).sort()).toEqual(["ballerina", "ballerina-2"]);
    const tmdb = summaries["tmdb_data.csv"];
    expect(tmdb.reportCount).toBe(tmdb.report.length);
    expect(tmdb.report.length).toBe(tmdb.unmatched + tmdb.ambiguous + 1);
    expect(summaries["netflix_titles.csv"]).toMatchObject({ peopleCreated: expect.any(Number), creditsAdded: expect.any(Number) });
    expect(summaries["netflix_titles.csv"].creditsAdded).toBeGreaterThan(summaries["netflix_titles.csv"].peopleCreated);
  });

  it("The Imperfects' TMDB row (id 203555) lands on the seeded show, with Nomadic Pictures and Canada", async () => {
    const { shows } = await query(server.url, `{ shows(first: 5, where: { titleContains: "Imperfects" }) { nodes { slug } } }`);
    expect(shows.nodes.map((show: any) => show.slug)).toEqual(["the-imperfects"]);
    const imperfects = await showBySlug("the-imperfects");
    expect(imperfects.countries).toEqual(["CA"]);
    expect(imperfects.productionCompanies.map((company: any) => company.name)).toEqual(["Nomadic Pictures"]);
    const line = text["tmdb_data.csv"]!.split("\n").findIndex((row) => /^\d+,203555,The Imperfects,TV,/.test(row)) + 1;
    expect(imperfects.provenance.find((entry: any) => entry.field === "countries")).toMatchObject({ origin: "IMPORT", file: "tmdb_data.csv", line });
    // The seed's synopsis stays: an import fills empty fields and refreshes its own, nothing else.
    expect(imperfects.provenance.find((entry: any) => entry.field === "synopsis")).toMatchObject({ origin: "SEED" });
    const entry = summaries["tmdb_data.csv"].report.find((row: any) => row.externalId === "203555");
    expect(entry).toBeUndefined();
  });

  it("a second import of the three files changes nothing (0 changes), matches the same rows, and still reports the conflict", async () => {
    const again = await importAll();
    for (const file of FILES) {
      expect(again[file]).toMatchObject({ changes: 0, fieldsFilled: 0, fieldsRefreshed: 0, peopleCreated: 0, companiesCreated: 0, creditsAdded: 0, seasonsCreated: 0, externalIdsStored: 0 });
      expect(matching(again[file])).toEqual(matching(summaries[file]));
    }
    expect(again["tmdb_data.csv"].matchedByExternalId).toBe(summaries["tmdb_data.csv"].matched);
    expect(again["tmdb_data.csv"].report.filter((entry: any) => entry.outcome === "CONFLICT").map((entry: any) => entry.show.slug)).toEqual(["wednesday"]);
  });

  it("the seed run again keeps the editor's synopsis", async () => {
    const seeded = await runCli(["seed"], server.database.env);
    expect(seeded.code, seeded.output).toBe(0);
    expect((await showBySlug("wednesday")).synopsis).toBe("The newsroom's own synopsis.");
  });

  it("the CLI imports through the same service, reports progress and a summary, and writes the match report as CSV", async () => {
    const folder = await mkdtemp(join(tmpdir(), "greenlight-report-"));
    try {
      const report = join(folder, "report.csv");
      const result = await runCli(["import:metadata", "--report", report, join(METADATA, "nf_ori_shows.csv")], server.database.env);
      expect(result.code, result.output).toBe(0);
      expect(result.output).toContain("nf_ori_shows.csv (WIKIPEDIA): 625 rows read; 288 matched a show");
      expect(result.output).toContain("337 unmatched (333 NO_SUCH_TITLE, 4 WRONG_KIND), 0 ambiguous refused");
      expect(result.output).toMatch(/; 0 changes; /);
      const rows = parse(await readFile(report, "utf8"), { columns: true }) as Record<string, string>[];
      expect(rows).toHaveLength(337);
      expect(rows[0]).toMatchObject({ file: "nf_ori_shows.csv", outcome: "UNMATCHED" });
      expect(new Set(rows.map((row) => row.reason))).toEqual(new Set(["NO_SUCH_TITLE", "WRONG_KIND"]));
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("editors can set the imported fields too (countries, runtimeMinutes, contentRating), validated, and then own them", async () => {
    const squid = await showBySlug("squid-game");
    const UPDATE = `mutation($input: UpdateShowInput!) { updateShow(input: $input) { countries contentRating version provenance { field origin } } }`;
    const refused = await graphql(server.url, UPDATE, { input: { id: squid.id, baseVersion: squid.version, countries: ["Korea"] } }, staff.editor);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(JSON.stringify(refused.body.errors?.[0]?.extensions)).toContain("countries");
    const { updateShow } = await query(server.url, UPDATE, { input: { id: squid.id, baseVersion: squid.version, countries: ["KR", "US"], contentRating: "TV-14" } }, staff.editor);
    expect(updateShow).toMatchObject({ countries: ["KR", "US"], contentRating: "TV-14" });
    expect(updateShow.provenance).toEqual(expect.arrayContaining([{ field: "countries", origin: "EDITOR" }, { field: "contentRating", origin: "EDITOR" }]));
    const response = await uploadMetadata(server.url, text["tmdb_data.csv"]!, { fileName: "tmdb_data.csv", headers: staff.admin });
    expect(response.body).toMatchObject({ changes: 0, fieldsSkippedForEditors: 2 });
    const conflict = response.body.report.find((entry: any) => entry.show?.slug === "squid-game");
    expect(conflict.conflicts).toEqual([{ field: "countries", current: "KR, US", offered: "KR" }]);
    expect((await showBySlug("squid-game")).countries).toEqual(["KR", "US"]);
  });

  it("the mutation returns the report capped by reportLimit, with the full count", async () => {
    const small = text["nf_ori_shows.csv"]!.split("\n").slice(0, 40).join("\n");
    const { importMetadata } = await query(server.url, IMPORT, { csv: small, fileName: "nf_ori_shows.csv", limit: 2 }, staff.admin);
    expect(importMetadata).toMatchObject({ source: "WIKIPEDIA", rowsRead: 39, changes: 0 });
    expect(importMetadata.report).toHaveLength(2);
    expect(importMetadata.reportCount).toBe(importMetadata.unmatched + importMetadata.ambiguous);
    expect(importMetadata.reportCount).toBeGreaterThan(2);
  });

  it("a merge takes the catalogue ids along, so the next import finds the merged show by them; unmerge gives them back", async () => {
    const tmdb = async () => (await uploadMetadata(server.url, text["tmdb_data.csv"]!, { fileName: "tmdb_data.csv", headers: staff.admin })).body;
    const showCount = async () => (await query(server.url, `{ shows(first: 0) { totalCount } }`)).shows.totalCount;
    const { createShow: duplicate } = await query(
      server.url,
      `mutation { createShow(input: { title: "The Imperfects (duplicate)", kind: SERIES }) { id version } }`,
      undefined,
      staff.editor,
    );
    const imperfects = await showBySlug("the-imperfects");
    const { mergeShows } = await query(
      server.url,
      `mutation($input: MergeShowsInput!) { mergeShows(input: $input) { mergeId target { slug } } }`,
      { input: { sourceId: imperfects.id, targetId: duplicate.id, sourceBaseVersion: imperfects.version, targetBaseVersion: duplicate.version } },
      staff.editor,
    );
    const shows = await showCount();
    const afterMerge = await tmdb();
    // Found by TMDB id 203555 on the show that stays: no show made, nothing about it to report, the same matches.
    expect(afterMerge.matchedByExternalId).toBe(summaries["tmdb_data.csv"].matched);
    expect(afterMerge.report.find((row: any) => row.externalId === "203555")).toBeUndefined();
    expect(await showCount()).toBe(shows);

    await query(server.url, `mutation($id: ID!) { unmergeShows(mergeId: $id) { source { slug } } }`, { id: mergeShows.mergeId }, staff.editor);
    const afterUnmerge = await tmdb();
    expect(afterUnmerge.matchedByExternalId).toBe(summaries["tmdb_data.csv"].matched);
    expect(afterUnmerge.changes).toBe(0);
    expect((await showBySlug("the-imperfects")).countries).toEqual(["CA"]);
  });
});
