import { randomUUID } from "node:crypto";
import { globalId } from "./support/ids.js";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv, createStaff, type Staff } from "./support/accounts.js";
import { graphql, query } from "./support/graphql.js";
import { startReceiver, waitFor } from "./support/receiver.js";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { projectRoot, runCli, startServer, startServerOnFreshDatabase, type RunningServer } from "./support/server.js";

// Redis is shared with other runs: this file's response cache lives under its own prefix.
const REDIS_URL = "redis://127.0.0.1:6379";
const prefix = `test-${randomUUID()}:`;
const redis = new Redis(REDIS_URL);

let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
/** The server started again on the same database after re-running the seed (see "provenance"). */
let restarted: RunningServer | undefined;
let staff: Staff;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  server = await startServerOnFreshDatabase({ ...adminEnv, REDIS_URL, REDIS_KEY_PREFIX: prefix, CACHE_MAX_AGE: "60" });
  staff = await createStaff(server.url);
  receiver = await startReceiver();
  await query(
    server.url,
    `mutation($url: String!) { registerWebhook(input: { url: $url, events: [SHOW_UPDATED, PERSON_UPDATED, COMPANY_UPDATED] }) { endpoint { id } } }`,
    { url: receiver.url },
    staff.admin,
  );
});
afterAll(async () => {
  await restarted?.stop();
  await server?.close();
  await receiver?.close();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

const SHOW = `id slug title synopsis genres kind originalLanguage premiereDate version status`;

async function run(source: string, variables: Record<string, unknown>, headers: Record<string, string> = staff.editor) {
  return graphql(server.url, source, variables, headers);
}

function errorOf(response: Awaited<ReturnType<typeof graphql>>) {
  expect(response.body.errors, JSON.stringify(response.body)).toBeDefined();
  return response.body.errors![0]!;
}

async function createShow(input: Record<string, unknown>, headers = staff.editor) {
  const created = await query(server.url, `mutation($input: CreateShowInput!) { createShow(input: $input) { ${SHOW} } }`, { input }, headers);
  return created.createShow;
}

async function showBySlug(slug: string, headers?: Record<string, string>) {
  return (await query(server.url, `query($slug: String!) { show(slug: $slug) { ${SHOW} seasons { id number title episodeCount runtimeHours } } }`, { slug }, headers)).show;
}

async function auditActions(showId: string): Promise<string[]> {
  const log = await query(server.url, `{ auditLog(where: { entityType: "Show", entityId: "${showId}" }) { nodes { action actor { name } } } }`, undefined, staff.admin);
  return log.auditLog.nodes.map((entry: { action: string }) => entry.action);
}

/** The events delivered so far, once one satisfies `until`. */
async function webhookEvents(until: (events: { event: string; data: any }[]) => boolean): Promise<{ event: string; data: any }[]> {
  return waitFor(() => {
    const events = receiver.received.map((request) => JSON.parse(request.body) as { event: string; data: any });
    return until(events) && events;
  });
}

const UPDATE_SHOW = `mutation($input: UpdateShowInput!) { updateShow(input: $input) { ${SHOW} } }`;

describe("shows", () => {
  it("editors and admins create shows; writers and anonymous callers are refused, and nothing is written", async () => {
    const input = { title: "Curated Show", kind: "SERIES", synopsis: "A show.", genres: ["Drama"], originalLanguage: "en" };
    const byWriter = await run(`mutation($input: CreateShowInput!) { createShow(input: $input) { id } }`, { input }, staff.writer);
    expect(errorOf(byWriter).extensions?.code).toBe("FORBIDDEN");
    const anonymous = await run(`mutation($input: CreateShowInput!) { createShow(input: $input) { id } }`, { input }, {});
    expect(errorOf(anonymous).extensions?.code).toBe("UNAUTHENTICATED");
    expect(await showBySlug("curated-show")).toBeNull();

    const show = await createShow(input);
    expect(show).toMatchObject({ slug: "curated-show", title: "Curated Show", synopsis: "A show.", genres: ["Drama"], version: 1, status: "PENDING" });
    const byAdmin = await createShow({ title: "Curated Show", kind: "FILM" }, staff.admin);
    expect(byAdmin.slug).toBe("curated-show-2");
    expect(await auditActions(show.id)).toEqual(["show.created"]);
  });

  it("validation names the field; nothing is written", async () => {
    const badLanguage = await run(UPDATE_SHOW, { input: { id: globalId("Show", 999999), baseVersion: 1, originalLanguage: "English" } });
    expect(errorOf(badLanguage).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "originalLanguage" });
    const emptyTitle = await run(`mutation($input: CreateShowInput!) { createShow(input: $input) { id } }`, { input: { title: "", kind: "SERIES" } });
    expect(errorOf(emptyTitle).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "title" });
    const badSlug = await run(UPDATE_SHOW, { input: { id: globalId("Show", 999999), baseVersion: 1, slug: "Not A Slug" } });
    expect(errorOf(badSlug).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "slug" });
  });

  it("updateShow needs the newest version: a stale one is a CONFLICT naming who saved, and changes nothing", async () => {
    const show = await createShow({ title: "Versioned Show", kind: "SERIES" });
    const first = await query(server.url, UPDATE_SHOW, { input: { id: show.id, baseVersion: 1, synopsis: "First take." } }, staff.editor);
    expect(first.updateShow).toMatchObject({ synopsis: "First take.", version: 2 });
    const stale = await run(UPDATE_SHOW, { input: { id: show.id, baseVersion: 1, synopsis: "Second take." } }, staff.admin);
    const error = errorOf(stale);
    expect(error.extensions).toMatchObject({ code: "CONFLICT", field: "input.baseVersion", currentVersion: 2, savedBy: { name: "Eve Editor" } });
    expect(error.message).toContain("saved by Eve Editor");
    expect((await showBySlug("versioned-show")).synopsis).toBe("First take.");
    expect(await auditActions(show.id)).toEqual(["show.updated", "show.created"]);
  });

  it("a slug change keeps the old slug resolving; the old slug cannot be taken by another show", async () => {
    const show = await createShow({ title: "Old Name", kind: "SERIES" });
    await query(server.url, UPDATE_SHOW, { input: { id: show.id, baseVersion: 1, title: "New Name", slug: "new-name" } }, staff.editor);
    const viaOld = await showBySlug("old-name");
    expect(viaOld).toMatchObject({ id: show.id, slug: "new-name", title: "New Name" });
    const clash = await run(`mutation($input: CreateShowInput!) { createShow(input: $input) { id } }`, { input: { title: "Another", slug: "old-name", kind: "SERIES" } });
    expect(errorOf(clash).extensions).toMatchObject({ code: "CONFLICT", field: "input.slug" });
  });

  it("an edit announces show.updated and invalidates the cached public answer", async () => {
    const show = await createShow({ title: "Cached Show", kind: "SERIES", synopsis: "Before." });
    const read = `{ show(slug: "cached-show") { synopsis } }`;
    await graphql(server.url, read);
    const hit = await graphql(server.url, read);
    expect(hit.headers.get("x-cache")).toBe("HIT");
    await query(server.url, UPDATE_SHOW, { input: { id: show.id, baseVersion: 1, synopsis: "After." } }, staff.editor);
    const after = await graphql(server.url, read);
    expect(after.headers.get("x-cache")).toBe("MISS");
    expect(after.body.data.show.synopsis).toBe("After.");
    const ofShow = (events: { event: string; data: any }[]) => events.filter((event) => event.event === "show.updated" && event.data.showId === show.id);
    const events = ofShow(await webhookEvents((all) => ofShow(all).length >= 2));
    expect(events.map((event) => event.data.change).sort()).toEqual(["show.created", "show.updated"]);
    expect(events.find((event) => event.data.change === "show.updated")!.data).toMatchObject({ changed: ["synopsis"], version: 2 });
  });

  it("deleteShow is refused while chart rows, articles or status facts hang on the show; an empty one is deleted", async () => {
    const seeded = await showBySlug("the-imperfects");
    const refused = await run(`mutation($id: ID!, $v: Int!) { deleteShow(id: $id, baseVersion: $v) }`, { id: seeded.id, v: seeded.version });
    const error = errorOf(refused);
    expect(error.extensions).toMatchObject({ code: "CONFLICT", field: "id" });
    expect(error.message).toMatch(/chart rows/);
    expect(error.message).toMatch(/merge/);
    expect(await showBySlug("the-imperfects")).not.toBeNull();

    const empty = await createShow({ title: "Short Lived", kind: "SERIES" });
    const byWriter = await run(`mutation($id: ID!) { deleteShow(id: $id, baseVersion: 1) }`, { id: empty.id }, staff.writer);
    expect(errorOf(byWriter).extensions?.code).toBe("FORBIDDEN");
    expect((await query(server.url, `mutation($id: ID!) { deleteShow(id: $id, baseVersion: 1) }`, { id: empty.id }, staff.editor)).deleteShow).toBe(true);
    expect(await showBySlug("short-lived")).toBeNull();
    expect(await auditActions(empty.id)).toEqual(["show.deleted", "show.created"]);
  });
});

const CREATE_SEASON = `mutation($input: CreateSeasonInput!) { createSeason(input: $input) { id number title episodeCount runtimeHours show { version } } }`;
const UPDATE_SEASON = `mutation($input: UpdateSeasonInput!) { updateSeason(input: $input) { id number title show { version } } }`;

describe("seasons (edits of the show, at the show's version)", () => {
  it("creates, updates and deletes seasons; numbers are unique per show; stale versions conflict", async () => {
    const show = await createShow({ title: "Seasoned", kind: "SERIES" });
    const byWriter = await run(CREATE_SEASON, { input: { showId: show.id, baseVersion: 1, number: 1 } }, staff.writer);
    expect(errorOf(byWriter).extensions?.code).toBe("FORBIDDEN");
    const badCount = await run(CREATE_SEASON, { input: { showId: show.id, baseVersion: 1, number: 1, episodeCount: -1 } });
    expect(errorOf(badCount).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "episodeCount" });

    const one = (await query(server.url, CREATE_SEASON, { input: { showId: show.id, baseVersion: 1, number: 1, episodeCount: 8, runtimeHours: 7.5 } }, staff.editor)).createSeason;
    expect(one).toMatchObject({ number: 1, episodeCount: 8, runtimeHours: 7.5, show: { version: 2 } });
    const stale = await run(CREATE_SEASON, { input: { showId: show.id, baseVersion: 1, number: 2 } }, staff.admin);
    expect(errorOf(stale).extensions).toMatchObject({ code: "CONFLICT", field: "input.baseVersion", savedBy: { name: "Eve Editor" } });
    const duplicate = await run(CREATE_SEASON, { input: { showId: show.id, baseVersion: 2, number: 1 } });
    expect(errorOf(duplicate).extensions).toMatchObject({ code: "CONFLICT", field: "input.number" });
    // The refused edit wrote nothing: the version did not move.
    expect((await showBySlug("seasoned")).version).toBe(2);

    const two = (await query(server.url, CREATE_SEASON, { input: { showId: show.id, baseVersion: 2, number: 2 } }, staff.editor)).createSeason;
    const renumber = await run(UPDATE_SEASON, { input: { id: two.id, baseVersion: 3, number: 1 } });
    expect(errorOf(renumber).extensions).toMatchObject({ code: "CONFLICT", field: "input.number" });
    const titled = (await query(server.url, UPDATE_SEASON, { input: { id: two.id, baseVersion: 3, title: "The Return" } }, staff.editor)).updateSeason;
    expect(titled).toMatchObject({ number: 2, title: "The Return", show: { version: 4 } });
    await query(server.url, `mutation($id: ID!) { deleteSeason(id: $id, baseVersion: 4) }`, { id: two.id }, staff.editor);
    expect((await showBySlug("seasoned")).seasons.map((season: { number: number }) => season.number)).toEqual([1]);
    expect(await auditActions(show.id)).toEqual(["season.deleted", "season.updated", "season.created", "season.created", "show.created"]);
  });

  it("deleting a season with chart rows is refused", async () => {
    const seeded = await showBySlug("the-imperfects");
    const charted = seeded.seasons[0];
    const refused = await run(`mutation($id: ID!, $v: Int!) { deleteSeason(id: $id, baseVersion: $v) }`, { id: charted.id, v: seeded.version });
    expect(errorOf(refused).extensions).toMatchObject({ code: "CONFLICT", field: "id" });
    expect((await showBySlug("the-imperfects")).seasons).toHaveLength(seeded.seasons.length);
  });
});

const PERSON = `id slug name bio version`;

describe("people and credits", () => {
  it("editors create and update people at their version; a stale version names who saved; old slugs resolve", async () => {
    const byWriter = await run(`mutation { createPerson(input: { name: "Nobody" }) { id } }`, {}, staff.writer);
    expect(errorOf(byWriter).extensions?.code).toBe("FORBIDDEN");
    const invalid = await run(`mutation { createPerson(input: { name: "" }) { id } }`, {});
    expect(errorOf(invalid).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "name" });

    const person = (await query(server.url, `mutation { createPerson(input: { name: "Ana Writerly" }) { ${PERSON} } }`, undefined, staff.editor)).createPerson;
    expect(person).toMatchObject({ slug: "ana-writerly", version: 1 });
    const renamed = await query(
      server.url,
      `mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { ${PERSON} } }`,
      { input: { id: person.id, baseVersion: 1, slug: "ana-w", bio: "Showrunner." } },
      staff.editor,
    );
    expect(renamed.updatePerson).toMatchObject({ slug: "ana-w", bio: "Showrunner.", version: 2 });
    expect((await query(server.url, `{ person(slug: "ana-writerly") { id slug } }`)).person).toEqual({ id: person.id, slug: "ana-w" });
    const stale = await run(`mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { id } }`, { input: { id: person.id, baseVersion: 1, bio: "x" } }, staff.admin);
    expect(errorOf(stale).extensions).toMatchObject({ code: "CONFLICT", field: "input.baseVersion", savedBy: { name: "Eve Editor" } });
    const log = await query(server.url, `{ auditLog(where: { entityType: "Person", entityId: "${person.id}" }) { nodes { action } } }`, undefined, staff.admin);
    expect(log.auditLog.nodes.map((entry: { action: string }) => entry.action)).toEqual(["person.updated", "person.created"]);
    const events = await webhookEvents((all) => all.filter((event) => event.event === "person.updated" && event.data.id === person.id).length >= 2);
    expect(events.some((event) => event.event === "person.updated" && event.data.change === "person.updated")).toBe(true);
  });

  it("credits are edited at the show's version: add, re-bill and remove", async () => {
    const show = await createShow({ title: "Credited", kind: "SERIES" });
    const person = (await query(server.url, `mutation { createPerson(input: { name: "Cast Member" }) { id } }`, undefined, staff.editor)).createPerson;
    const add = `mutation($input: AddCreditInput!) { addCredit(input: $input) { id role characterName position } }`;
    const byWriter = await run(add, { input: { showId: show.id, baseVersion: 1, personId: person.id, role: "CAST" } }, staff.writer);
    expect(errorOf(byWriter).extensions?.code).toBe("FORBIDDEN");
    const badPosition = await run(add, { input: { showId: show.id, baseVersion: 1, personId: person.id, role: "CAST", position: -1 } });
    expect(errorOf(badPosition).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "position" });
    const unknownPerson = await run(add, { input: { showId: show.id, baseVersion: 1, personId: globalId("Person", 999999), role: "CAST" } });
    expect(errorOf(unknownPerson).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.personId" });

    const credit = (await query(server.url, add, { input: { showId: show.id, baseVersion: 1, personId: person.id, role: "CAST", characterName: "Lead", position: 1 } }, staff.editor)).addCredit;
    expect(credit).toMatchObject({ role: "CAST", characterName: "Lead", position: 1 });
    const stale = await run(`mutation($input: UpdateCreditInput!) { updateCredit(input: $input) { id } }`, { input: { id: credit.id, baseVersion: 1, position: 0 } });
    expect(errorOf(stale).extensions).toMatchObject({ code: "CONFLICT", field: "input.baseVersion" });
    const rebilled = await query(server.url, `mutation($input: UpdateCreditInput!) { updateCredit(input: $input) { position characterName } }`, { input: { id: credit.id, baseVersion: 2, position: 0, characterName: "The Lead" } }, staff.editor);
    expect(rebilled.updateCredit).toEqual({ position: 0, characterName: "The Lead" });
    expect((await query(server.url, `mutation($id: ID!) { removeCredit(id: $id, baseVersion: 3) }`, { id: credit.id }, staff.editor)).removeCredit).toBe(true);
    expect(await auditActions(show.id)).toEqual(["credit.removed", "credit.updated", "credit.added", "show.created"]);
  });
});

describe("production companies and ratings", () => {
  it("companies are created and updated at their version; links are edits of the show", async () => {
    const create = `mutation($input: CreateProductionCompanyInput!) { createProductionCompany(input: $input) { id slug name country version } }`;
    const byWriter = await run(create, { input: { name: "Studio" } }, staff.writer);
    expect(errorOf(byWriter).extensions?.code).toBe("FORBIDDEN");
    const badCountry = await run(create, { input: { name: "Studio", country: "Canada" } });
    expect(errorOf(badCountry).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "country" });
    const company = (await query(server.url, create, { input: { name: "Maple Studio", country: "CA" } }, staff.editor)).createProductionCompany;
    expect(company).toMatchObject({ slug: "maple-studio", version: 1 });
    const update = `mutation($input: UpdateProductionCompanyInput!) { updateProductionCompany(input: $input) { website version } }`;
    expect((await query(server.url, update, { input: { id: company.id, baseVersion: 1, website: "https://maple.example" } }, staff.editor)).updateProductionCompany).toEqual({ website: "https://maple.example/", version: 2 });
    const stale = await run(update, { input: { id: company.id, baseVersion: 1, website: "https://other.example" } }, staff.admin);
    expect(errorOf(stale).extensions).toMatchObject({ code: "CONFLICT", field: "input.baseVersion", savedBy: { name: "Eve Editor" } });

    const show = await createShow({ title: "Produced", kind: "SERIES" });
    const link = `mutation($s: ID!, $c: ID!, $v: Int!) { linkProductionCompany(showId: $s, companyId: $c, baseVersion: $v) }`;
    expect(errorOf(await run(link, { s: show.id, c: company.id, v: 1 }, staff.writer)).extensions?.code).toBe("FORBIDDEN");
    await query(server.url, link, { s: show.id, c: company.id, v: 1 }, staff.editor);
    const linked = await query(server.url, `{ show(slug: "produced") { version productionCompanies { name } } }`);
    expect(linked.show).toEqual({ version: 2, productionCompanies: [{ name: "Maple Studio" }] });
    await query(server.url, `mutation($s: ID!, $c: ID!) { unlinkProductionCompany(showId: $s, companyId: $c, baseVersion: 2) }`, { s: show.id, c: company.id }, staff.editor);
    expect((await query(server.url, `{ show(slug: "produced") { productionCompanies { name } } }`)).show.productionCompanies).toEqual([]);
    const log = await query(server.url, `{ auditLog(where: { entityType: "ProductionCompany", entityId: "${company.id}" }) { nodes { action } } }`, undefined, staff.admin);
    expect(log.auditLog.nodes.map((entry: { action: string }) => entry.action)).toEqual(["company.updated", "company.created"]);
  });

  it("recordRating checks the score against the scale; null means not enough reviews", async () => {
    const show = await createShow({ title: "Rated", kind: "SERIES" });
    const record = `mutation($input: RecordRatingInput!) { recordRating(input: $input) { source score scaleMax voteCount asOf } }`;
    const base = { showId: show.id, baseVersion: 1, source: "IMDB", scaleMax: 10, asOf: "2026-01-05" };
    expect(errorOf(await run(record, { input: { ...base, score: 7 } }, staff.writer)).extensions?.code).toBe("FORBIDDEN");
    expect(errorOf(await run(record, { input: { ...base, score: 11 } })).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.score" });
    expect(errorOf(await run(record, { input: { ...base, score: -1 } })).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "score" });
    expect((await query(server.url, record, { input: { ...base, score: 7.4, voteCount: 1200 } }, staff.editor)).recordRating).toEqual({
      source: "IMDB", score: 7.4, scaleMax: 10, voteCount: 1200, asOf: "2026-01-05",
    });
    const noScore = await query(server.url, record, { input: { ...base, baseVersion: 2, source: "ROTTEN_TOMATOES_CRITICS", scaleMax: 100, score: null } }, staff.editor);
    expect(noScore.recordRating.score).toBeNull();
    expect(await auditActions(show.id)).toEqual(["rating.recorded", "rating.recorded", "show.created"]);
  });
});

async function importRows(url: string, titleColumn: string, fileName: string): Promise<void> {
  const tsv = (await readFile(join(projectRoot, "..", "shared", "data", "all-weeks-global.tsv"), "utf8")).split("\n");
  const rows = [tsv[0], ...tsv.filter((line) => line.includes(`\t${titleColumn}\t`))].join("\n");
  const token = (await query(url, `mutation { signIn(email: "${adminEnv.ADMIN_EMAIL}", password: "${adminEnv.ADMIN_PASSWORD}") { token } }`)).signIn.token;
  await query(url, `mutation($tsv: String!, $f: String!) { importTop10(tsv: $tsv, fileName: $f) { rowsRead } }`, { tsv: rows, f: fileName }, { authorization: `Bearer ${token}` });
}

describe("done: an imported bare title becomes a complete record through the API", () => {
  it("KAOS: synopsis, genres, creators, cast, a company, ratings and a sourced status", async () => {
    await importRows(server.url, "KAOS", "kaos.tsv");
    const bare = (await query(server.url, `{ shows(first: 5, where: { titleContains: "KAOS" }) { nodes { id slug title synopsis version } } }`)).shows.nodes;
    expect(bare).toHaveLength(1);
    expect(bare[0].synopsis).toBeNull();
    const { id: showId, slug } = bare[0];
    let version = bare[0].version;
    const editor = (source: string, variables: Record<string, unknown>) => query(server.url, source, variables, staff.editor);

    version = (await editor(UPDATE_SHOW, { input: { id: showId, baseVersion: version, synopsis: "Greek gods, modern mess.", genres: ["Comedy", "Drama"], originalLanguage: "en", premiereDate: "2024-08-29" } })).updateShow.version;
    const people = [
      { name: "Charlie Covell", role: "CREATOR", character: null },
      { name: "Jeff Goldblum", role: "CAST", character: "Zeus" },
      { name: "Janet McTeer", role: "CAST", character: "Hera" },
    ];
    for (const [position, person] of people.entries()) {
      const created = (await editor(`mutation($input: CreatePersonInput!) { createPerson(input: $input) { id } }`, { input: { name: person.name } })).createPerson;
      await editor(`mutation($input: AddCreditInput!) { addCredit(input: $input) { id } }`, {
        input: { showId, baseVersion: version++, personId: created.id, role: person.role, characterName: person.character, position },
      });
    }
    const company = (await editor(`mutation { createProductionCompany(input: { name: "Brightstar Studio", country: "GB" }) { id } }`, {})).createProductionCompany;
    await editor(`mutation($s: ID!, $c: ID!, $v: Int!) { linkProductionCompany(showId: $s, companyId: $c, baseVersion: $v) }`, { s: showId, c: company.id, v: version++ });
    await editor(`mutation($input: RecordRatingInput!) { recordRating(input: $input) { id } }`, {
      input: { showId, baseVersion: version++, source: "ROTTEN_TOMATOES_CRITICS", score: 77, scaleMax: 100, asOf: "2024-09-10" },
    });
    await editor(`mutation($input: RecordStatusChangeInput!) { recordStatusChange(input: $input) { id } }`, {
      input: { showId, seasonNumber: 2, status: "CANCELED", announcedAt: "2024-10-01", sourceUrl: "https://about.netflix.com/en/news/kaos" },
    });

    const record = (
      await query(
        server.url,
        `{ show(slug: "${slug}") { synopsis genres premiereDate status statusHistory { status sourceUrl }
            creators { name } cast { person { name } characterName }
            productionCompanies { name } ratings { source score } } }`,
      )
    ).show;
    expect(record).toMatchObject({
      synopsis: "Greek gods, modern mess.",
      genres: ["Comedy", "Drama"],
      premiereDate: "2024-08-29",
      status: "CANCELED",
      statusHistory: [{ status: "CANCELED", sourceUrl: "https://about.netflix.com/en/news/kaos" }],
      creators: [{ name: "Charlie Covell" }],
      cast: [
        { person: { name: "Jeff Goldblum" }, characterName: "Zeus" },
        { person: { name: "Janet McTeer" }, characterName: "Hera" },
      ],
      productionCompanies: [{ name: "Brightstar Studio" }],
      ratings: [{ source: "ROTTEN_TOMATOES_CRITICS", score: 77 }],
    });
  });
});

const PROVENANCE = `provenance { field origin file line editor { name } }`;

describe("provenance", () => {
  it("records who set each field; editor names only for editors", async () => {
    const show = await createShow({ title: "Traced", kind: "SERIES" });
    await query(server.url, UPDATE_SHOW, { input: { id: show.id, baseVersion: 1, synopsis: "Traced back." } }, staff.editor);
    const forEditor = (await query(server.url, `{ show(slug: "traced") { ${PROVENANCE} } }`, undefined, staff.editor)).show.provenance;
    expect(forEditor.find((entry: { field: string }) => entry.field === "synopsis")).toEqual({ field: "synopsis", origin: "EDITOR", file: null, line: null, editor: { name: "Eve Editor" } });
    const forReader = (await query(server.url, `{ show(slug: "traced") { ${PROVENANCE} } }`)).show.provenance;
    expect(forReader.find((entry: { field: string }) => entry.field === "synopsis")).toMatchObject({ origin: "EDITOR", editor: null });
    const seeded = (await query(server.url, `{ show(slug: "the-imperfects") { ${PROVENANCE} } }`, undefined, staff.editor)).show.provenance;
    expect(seeded.find((entry: { field: string }) => entry.field === "title")).toMatchObject({ origin: "SEED" });
  });

  it("an editor's synopsis, title and kind survive re-running the seed and a Top 10 re-import", async () => {
    const imperfects = await showBySlug("the-imperfects");
    const edits = { synopsis: "An editor's synopsis.", title: "The Imperfects (Netflix)", kind: "DOCUSERIES" };
    await query(server.url, UPDATE_SHOW, { input: { id: imperfects.id, baseVersion: imperfects.version, ...edits } }, staff.editor);
    const seasonsBefore = imperfects.seasons.length;
    const credits = `{ show(slug: "the-imperfects") { credits(first: 50) { totalCount } } }`;
    const creditsBefore = (await query(server.url, credits)).show.credits.totalCount;

    // The embedded engine lets one process at a time open the database: stop the server, seed, start it again.
    await server.stop();
    const seeding = await runCli(["seed"], server.database.env);
    expect(seeding.code, seeding.output).toBe(0);
    restarted = await startServer({ ...server.database.env, ...adminEnv, MIGRATE_ON_START: "false", SEED_ON_START: "false" });
    const url = restarted.url;
    const after = (await query(url, `{ show(slug: "the-imperfects") { ${SHOW} seasons { number } } }`)).show;
    expect(after).toMatchObject(edits);
    expect(after.seasons).toHaveLength(seasonsBefore);
    expect((await query(url, credits)).show.credits.totalCount).toBe(creditsBefore);

    const showCount = (await query(url, `{ shows { totalCount } }`)).shows.totalCount;
    await importRows(url, "The Imperfects", "imperfects.tsv");
    expect((await query(url, `{ show(slug: "the-imperfects") { ${SHOW} } }`)).show).toMatchObject(edits);
    expect((await query(url, `{ shows { totalCount } }`)).shows.totalCount).toBe(showCount);
  });
});
