import { readFile } from "node:fs/promises";
import { globalId } from "./support/ids.js";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv, createStaff, type Staff } from "./support/accounts.js";
import { createArticle, showId } from "./support/articles.js";
import { graphql, query } from "./support/graphql.js";
import { createTestDatabase, onPostgres, projectRoot, startServerOnFreshDatabase } from "./support/server.js";

let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
let staff: Staff;

beforeAll(async () => {
  server = await startServerOnFreshDatabase(adminEnv);
  staff = await createStaff(server.url);
});
afterAll(async () => {
  await server?.close();
});

const transition = (mutation: string, id: string, headers = staff.editor) =>
  query(server.url, `mutation { ${mutation}(id: "${id}") { status } }`, undefined, headers);

const READER_VIEW = `status statusAnnouncedAt
  statusHistory { id status previousStatus seasonNumber announcedAt sourceUrl origin articles { id } retraction { reason } recordedBy { name } }`;

async function readerView(slug: string) {
  return (await query(server.url, `{ show(slug: "${slug}") { ${READER_VIEW} } }`)).show;
}

async function editorView(slug: string) {
  const fields = `status statusAnnouncedAt statusHistory { id status announcedAt articles { id }
    retraction { reason automatic retractedAt retractedBy { name } article { id } } recordedBy { name } }`;
  return (await query(server.url, `{ show(slug: "${slug}") { ${fields} } }`, undefined, staff.editor)).show;
}

async function showsWithStatus(status: string): Promise<string[]> {
  const data = await query(server.url, `{ shows(first: 100, where: { status: [${status}] }) { nodes { slug } } }`);
  return data.shows.nodes.map((show: { slug: string }) => show.slug);
}

describe("the README walkthrough (Partner Track)", () => {
  it("publishing a same-status verdict adds no change and keeps Netflix's announcement date", async () => {
    const partnerTrack = await showId(server.url, "partner-track");
    const before = await readerView("partner-track");
    expect(before).toMatchObject({ status: "CANCELED", statusAnnouncedAt: "2022-11-08" });
    expect(before.statusHistory).toHaveLength(1);

    const article = await createArticle(server.url, staff.writer, {
      title: "Partner Track: is there a season 2?",
      body: "Netflix canceled *Partner Track* on 8 November 2022.",
      renewal: { showId: partnerTrack, seasonNumber: 2, verdict: "CANCELED" },
    });
    await transition("submitForReview", article.id, staff.writer);
    await transition("publishArticle", article.id);
    // Republishing after an edit reports the same fact again: still nothing new.
    await query(
      server.url,
      `mutation { updateArticle(input: { id: "${article.id}", baseVersion: 1, body: "Canceled." }) { version } }`,
      undefined,
      staff.editor,
    );
    await transition("publishArticle", article.id);

    const after = await readerView("partner-track");
    expect(after).toMatchObject({ status: "CANCELED", statusAnnouncedAt: "2022-11-08" });
    expect(after.statusHistory).toHaveLength(1);
    expect(after.statusHistory[0]).toMatchObject({ status: "CANCELED", previousStatus: "PENDING", announcedAt: "2022-11-08", origin: "SEED" });
    expect(after.statusHistory[0].articles).toEqual([{ id: article.id }]);
  });
});

describe("a mistaken verdict, unpublished and archived", () => {
  it("unpublishing the only source retracts the fact for readers everywhere; republishing restores it; archiving retracts it again", async () => {
    const theOrder = await showId(server.url, "the-order");
    expect(await readerView("the-order")).toMatchObject({ status: "CANCELED", statusAnnouncedAt: null });

    // A verdict that changes the status needs the network's announcement date.
    const undated = await graphql(
      server.url,
      `mutation($input: CreateArticleInput!) { createArticle(input: $input) { id } }`,
      { input: { title: "The Order returns?", body: "x", renewal: { showId: theOrder, seasonNumber: 3, verdict: "RENEWED" } } },
      staff.editor,
    );
    expect(undated.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "renewal.announcedAt" });

    const article = await createArticle(server.url, staff.editor, {
      title: "The Order returns for season 3",
      body: "Netflix renewed *The Order*.",
      renewal: { showId: theOrder, seasonNumber: 3, verdict: "RENEWED", announcedAt: "2026-11-25" },
    });
    await transition("publishArticle", article.id);
    expect(await readerView("the-order")).toMatchObject({ status: "RENEWED", statusAnnouncedAt: "2026-11-25" });
    expect(await showsWithStatus("RENEWED")).toContain("the-order");

    await transition("unpublishArticle", article.id);
    const reader = await readerView("the-order");
    expect(reader).toMatchObject({ status: "CANCELED", statusAnnouncedAt: null });
    expect(reader.statusHistory.map((fact: { status: string }) => fact.status)).toEqual(["CANCELED"]);
    expect(await showsWithStatus("RENEWED")).not.toContain("the-order");
    expect(await showsWithStatus("CANCELED")).toContain("the-order");
    const search = await query(server.url, `{ search(query: "The Order") { edges { node { ... on Show { slug status } } } } }`);
    expect(search.search.edges.map((edge: { node: unknown }) => edge.node)).toContainEqual({ slug: "the-order", status: "CANCELED" });

    // Editors still see the retracted fact, with who, when and why.
    const editor = await editorView("the-order");
    const retracted = editor.statusHistory.find((fact: { status: string }) => fact.status === "RENEWED");
    expect(retracted.retraction).toMatchObject({ automatic: true, retractedBy: { name: "Eve Editor" }, article: { id: article.id } });
    expect(retracted.retraction.reason).toMatch(/only source.*unpublished/);

    await transition("publishArticle", article.id);
    expect(await readerView("the-order")).toMatchObject({ status: "RENEWED", statusAnnouncedAt: "2026-11-25" });
    const restored = (await editorView("the-order")).statusHistory.filter((fact: { status: string }) => fact.status === "RENEWED");
    expect(restored).toHaveLength(1);
    expect(restored[0].retraction).toBeNull();

    await transition("archiveArticle", article.id);
    const archived = await readerView("the-order");
    expect(archived.status).toBe("CANCELED");
    expect(archived.statusHistory.map((fact: { status: string }) => fact.status)).toEqual(["CANCELED"]);

    const log = await query(
      server.url,
      `{ auditLog(first: 100, where: { entityType: "Show", entityId: "${theOrder}" }) { nodes { action details } } }`,
      undefined,
      staff.editor,
    );
    const actions = log.auditLog.nodes.map((entry: { action: string }) => entry.action);
    expect(actions.filter((action: string) => action === "status_fact.retracted")).toHaveLength(2);
    expect(actions).toContain("status_fact.restored");
    expect(actions.filter((action: string) => action === "show.status_changed")).toHaveLength(4);
  });

  it("a fact with another public source stays when one source is unpublished", async () => {
    const walterBoys = await showId(server.url, "my-life-with-the-walter-boys");
    const renewal = { showId: walterBoys, seasonNumber: 2, verdict: "RENEWED", announcedAt: "2026-10-01" };
    const first = await createArticle(server.url, staff.editor, { title: "Walter Boys renewed", body: "x", renewal });
    await transition("publishArticle", first.id);
    const second = await createArticle(server.url, staff.editor, { title: "Walter Boys: what we know", body: "y", renewal });
    await transition("publishArticle", second.id);
    const both = await readerView("my-life-with-the-walter-boys");
    expect(both.statusHistory).toHaveLength(1);
    expect(both.statusHistory[0].articles).toEqual([{ id: first.id }, { id: second.id }]);

    await transition("unpublishArticle", first.id);
    const one = await readerView("my-life-with-the-walter-boys");
    expect(one).toMatchObject({ status: "RENEWED", statusAnnouncedAt: "2026-10-01" });
    expect(one.statusHistory[0].articles).toEqual([{ id: second.id }]);
  });
});

describe("editors record and retract facts directly", () => {
  const RECORD = `mutation($input: RecordStatusChangeInput!) { recordStatusChange(input: $input) {
    id status previousStatus seasonNumber announcedAt sourceUrl origin recordedBy { name } show { slug status statusAnnouncedAt } } }`;
  const RETRACT = `mutation($id: ID!, $reason: String!) { retractStatusChange(id: $id, reason: $reason) {
    id retraction { reason automatic retractedBy { name } } show { status statusAnnouncedAt } } }`;

  it("only editors may, and bad input names its field", async () => {
    const onePiece = await showId(server.url, "one-piece");
    const input = { showId: onePiece, seasonNumber: 2, status: "RENEWED", announcedAt: "2023-09-14", sourceUrl: "https://about.netflix.com/en/news/one-piece" };
    expect((await graphql(server.url, RECORD, { input })).body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await graphql(server.url, RECORD, { input }, staff.writer)).body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await graphql(server.url, RETRACT, { id: globalId("StatusChange", 999999), reason: "Wrong." }, staff.writer)).body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    for (const [bad, field] of [
      [{ ...input, sourceUrl: "javascript:alert(1)" }, "sourceUrl"],
      [{ ...input, announcedAt: "2099-01-01" }, "announcedAt"],
      [{ ...input, showId: globalId("Show", 999999) }, "input.showId"],
      [{ ...input, showId: "999999" }, "showId"],
    ] as const) {
      const answer = await graphql(server.url, RECORD, { input: bad }, staff.editor);
      expect(answer.body.errors?.[0]?.extensions?.code, field).toBe("BAD_USER_INPUT");
      expect(answer.body.errors?.[0]?.extensions?.field ?? JSON.stringify(answer.body.errors?.[0]?.extensions), field).toContain(field);
    }
    expect((await readerView("one-piece")).statusHistory).toEqual([]);
    const unknown = await graphql(server.url, RETRACT, { id: globalId("StatusChange", 999999), reason: "Wrong." }, staff.editor);
    expect(unknown.body.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "id" });
  });

  it("a recorded fact changes the derived status on every read path; a retraction takes it back", async () => {
    const onePiece = await showId(server.url, "one-piece");
    const input = { showId: onePiece, seasonNumber: 2, status: "RENEWED", announcedAt: "2023-09-14", sourceUrl: "https://about.netflix.com/en/news/one-piece-season-2" };
    const recorded = (await query(server.url, RECORD, { input }, staff.editor)).recordStatusChange;
    expect(recorded).toMatchObject({
      status: "RENEWED",
      previousStatus: "PENDING",
      seasonNumber: 2,
      announcedAt: "2023-09-14",
      sourceUrl: input.sourceUrl,
      origin: "EDITOR",
      recordedBy: { name: "Eve Editor" },
      show: { slug: "one-piece", status: "RENEWED", statusAnnouncedAt: "2023-09-14" },
    });
    // The same status again is no new fact.
    const again = await graphql(server.url, RECORD, { input }, staff.editor);
    expect(again.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.status" });

    const reader = await readerView("one-piece");
    expect(reader.statusHistory).toEqual([
      {
        id: recorded.id,
        status: "RENEWED",
        previousStatus: "PENDING",
        seasonNumber: 2,
        announcedAt: "2023-09-14",
        sourceUrl: input.sourceUrl,
        origin: "EDITOR",
        articles: [],
        retraction: null,
        recordedBy: null,
      },
    ]);
    expect(await showsWithStatus("RENEWED")).toContain("one-piece");

    const retracted = (await query(server.url, RETRACT, { id: recorded.id, reason: "Misread the announcement." }, staff.editor)).retractStatusChange;
    expect(retracted).toMatchObject({
      retraction: { reason: "Misread the announcement.", automatic: false, retractedBy: { name: "Eve Editor" } },
      show: { status: "PENDING", statusAnnouncedAt: null },
    });
    expect((await readerView("one-piece")).statusHistory).toEqual([]);
    expect(await showsWithStatus("RENEWED")).not.toContain("one-piece");
    const twice = await graphql(server.url, RETRACT, { id: recorded.id, reason: "Again." }, staff.editor);
    expect(twice.body.errors?.[0]?.extensions?.code).toBe("CONFLICT");
  });

  it("the latest announcement wins, whatever the order facts are recorded in", async () => {
    const cobraKai = await showId(server.url, "cobra-kai");
    const record = (status: string, announcedAt: string) =>
      query(server.url, RECORD, { input: { showId: cobraKai, seasonNumber: 6, status, announcedAt, sourceUrl: "https://example.org/cobra-kai" } }, staff.editor);
    await record("ENDED", "2024-02-01");
    expect(await readerView("cobra-kai")).toMatchObject({ status: "ENDED", statusAnnouncedAt: "2024-02-01" });
    // An older announcement recorded later does not take over.
    const older = await graphql(
      server.url,
      RECORD,
      { input: { showId: cobraKai, seasonNumber: 6, status: "CANCELED", announcedAt: "2023-01-01", sourceUrl: "https://example.org/x" } },
      staff.editor,
    );
    expect(older.body.errors).toBeUndefined();
    const view = await readerView("cobra-kai");
    expect(view).toMatchObject({ status: "ENDED", statusAnnouncedAt: "2024-02-01" });
    expect(view.statusHistory.map((fact: { status: string; previousStatus: string }) => [fact.previousStatus, fact.status])).toEqual([
      ["PENDING", "RENEWED"],
      ["RENEWED", "CANCELED"],
      ["CANCELED", "ENDED"],
    ]);
  });
});

describe("drafts generated from the facts", () => {
  it("pre-fill the verdict and the announcement date of the standing fact", async () => {
    const imperfects = await showId(server.url, "the-imperfects");
    const draft = await query(
      server.url,
      `mutation { draftRenewalArticle(showId: "${imperfects}", seasonNumber: 2) { verdict seasonNumber verdictAnnouncedAt body } }`,
      undefined,
      staff.writer,
    );
    expect(draft.draftRenewalArticle).toMatchObject({ verdict: "CANCELED", seasonNumber: 2, verdictAnnouncedAt: "2022-11-08" });
    expect(draft.draftRenewalArticle.body).toContain("announced 2022-11-08");
    expect(draft.draftRenewalArticle.body).not.toMatch(/Also on \d{4}-\d{2}-\d{2}: .*(The Order|One Piece)/);
  });
});

describe.runIf(onPostgres)("the migration to status facts", () => {
  it("keeps real announcement dates, merges republished repeats into the fact they repeat, and derives every status", async () => {
    const database = await createTestDatabase();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const folder = join(projectRoot, "prisma", "migrations");
      const { readdir } = await import("node:fs/promises");
      const migrations = (await readdir(folder, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
      const index = migrations.findIndex((name) => name.endsWith("_status_facts"));
      for (const name of migrations.slice(0, index)) await client.query(await readFile(join(folder, name, "migration.sql"), "utf8"));

      // What the old publish workflow left behind after the README walkthrough and a republish.
      await client.query(`
        INSERT INTO "Show" (id, slug, title, kind, status, "statusAnnouncedAt", "updatedAt") VALUES
          (1, 'partner-track', 'Partner Track', 'SERIES', 'CANCELED', '2026-11-30', now()),
          (2, 'quiet', 'Quiet', 'SERIES', 'PENDING', '2026-11-29', now()),
          (3, 'the-order', 'The Order', 'SERIES', 'CANCELED', NULL, now());
        INSERT INTO "Article" (id, slug, title, body, status, "updatedAt") VALUES
          (10, 'pt', 'Partner Track canceled', 'x', 'PUBLISHED', now()),
          (11, 'quiet', 'Quiet pending', 'x', 'PUBLISHED', now());
        INSERT INTO "StatusChange" (id, "showId", status, "previousStatus", "seasonNumber", "announcedAt", "articleId") VALUES
          (100, 1, 'CANCELED', 'PENDING', 2, '2022-11-08', NULL),
          (101, 1, 'CANCELED', 'CANCELED', 2, '2026-11-30', 10),
          (102, 1, 'CANCELED', 'CANCELED', 2, '2026-12-01', 10),
          (103, 2, 'PENDING', 'PENDING', 2, '2026-11-29', 11);`);
      await client.query(await readFile(join(folder, migrations[index]!, "migration.sql"), "utf8"));

      const shows = await client.query(`SELECT slug, status, to_char("statusAnnouncedAt", 'YYYY-MM-DD') AS announced FROM "Show" ORDER BY id`);
      expect(shows.rows).toEqual([
        { slug: "partner-track", status: "CANCELED", announced: "2022-11-08" },
        { slug: "quiet", status: "PENDING", announced: null },
        { slug: "the-order", status: "CANCELED", announced: null },
      ]);
      const facts = await client.query(
        `SELECT c."showId", c.status, c.origin, to_char(c."announcedAt", 'YYYY-MM-DD') AS announced,
                coalesce(array_agg(s."articleId") FILTER (WHERE s."articleId" IS NOT NULL), '{}') AS articles
         FROM "StatusChange" c LEFT JOIN "StatusChangeSource" s ON s."statusChangeId" = c.id GROUP BY c.id ORDER BY c."showId", c.id`,
      );
      expect(facts.rows).toEqual([
        { showId: 1, status: "CANCELED", origin: "SEED", announced: "2022-11-08", articles: [10] },
        { showId: 3, status: "CANCELED", origin: "SEED", announced: null, articles: [] },
      ]);
    } finally {
      await client.end();
      await database.drop();
    }
  });
});
