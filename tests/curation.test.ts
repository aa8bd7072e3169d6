import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv, createStaff, type Staff } from "./support/accounts.js";
import { graphql, query } from "./support/graphql.js";
import { startReceiver, waitFor } from "./support/receiver.js";
import { startServerOnFreshDatabase } from "./support/server.js";

// Redis is shared with other runs: this file's response cache lives under its own prefix.
const REDIS_URL = "redis://127.0.0.1:6379";
const prefix = `test-${randomUUID()}:`;
const redis = new Redis(REDIS_URL);

let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
let staff: Staff;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  server = await startServerOnFreshDatabase({ ...adminEnv, REDIS_URL, REDIS_KEY_PREFIX: prefix, CACHE_MAX_AGE: "60" });
  staff = await createStaff(server.url);
  receiver = await startReceiver();
  await query(
    server.url,
    `mutation($url: String!) { registerWebhook(input: { url: $url, events: ["show.updated", "person.updated", "company.updated"] }) { endpoint { id } } }`,
    { url: receiver.url },
    staff.admin,
  );
});
afterAll(async () => {
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
  const log = await query(server.url, `{ auditLog(where: { entityType: "Show", entityId: ${showId} }) { nodes { action actor { name } } } }`, undefined, staff.admin);
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
    const badLanguage = await run(UPDATE_SHOW, { input: { id: "1", baseVersion: 1, originalLanguage: "English" } });
    expect(errorOf(badLanguage).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "originalLanguage" });
    const emptyTitle = await run(`mutation($input: CreateShowInput!) { createShow(input: $input) { id } }`, { input: { title: "", kind: "SERIES" } });
    expect(errorOf(emptyTitle).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "title" });
    const badSlug = await run(UPDATE_SHOW, { input: { id: "1", baseVersion: 1, slug: "Not A Slug" } });
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
    const ofShow = (events: { event: string; data: any }[]) => events.filter((event) => event.event === "show.updated" && event.data.showId === Number(show.id));
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
