import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { globalId } from "./support/ids.js";
import { adminEnv, createStaff, type Staff } from "./support/accounts.js";
import { createArticle, showId } from "./support/articles.js";
import { graphql, query } from "./support/graphql.js";
import { startServerOnFreshDatabase } from "./support/server.js";

let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
let staff: Staff;
let partnerTrack: string;
let onePiece: string;

beforeAll(async () => {
  server = await startServerOnFreshDatabase(adminEnv);
  staff = await createStaff(server.url);
  partnerTrack = await showId(server.url, "partner-track");
  onePiece = await showId(server.url, "one-piece");
});
afterAll(async () => {
  await server?.close();
});

const act = (mutation: string, id: string, headers: Record<string, string>, extra = "") =>
  graphql(server.url, `mutation { ${mutation}(id: "${id}"${extra}) { status } }`, undefined, headers);

describe("who may take which transition", () => {
  it("walks DRAFT → IN_REVIEW → DRAFT → IN_REVIEW → PUBLISHED → ARCHIVED with the right roles only", async () => {
    const article = await createArticle(server.url, staff.writer, { title: "Roles walk", body: "Body." });
    expect(article).toMatchObject({ status: "DRAFT", version: 1, slug: "roles-walk" });

    // Another writer cannot even see it, let alone submit it.
    expect((await act("submitForReview", article.id, staff.otherWriter)).body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect((await act("submitForReview", article.id, {})).body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await act("submitForReview", article.id, staff.writer)).body.data).toEqual({ submitForReview: { status: "IN_REVIEW" } });

    // Review is the editors' job.
    const writerRequest = await act("requestChanges", article.id, staff.writer, `, note: "x"`);
    expect(writerRequest.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const sentBack = await graphql(
      server.url,
      `mutation { requestChanges(id: "${article.id}", note: "Add the ratings.") { status reviewNote } }`,
      undefined,
      staff.editor,
    );
    expect(sentBack.body.data).toEqual({ requestChanges: { status: "DRAFT", reviewNote: "Add the ratings." } });

    // Writers may edit their own drafts only while they are drafts.
    await act("submitForReview", article.id, staff.writer);
    const editInReview = await graphql(
      server.url,
      `mutation { updateArticle(input: { id: "${article.id}", baseVersion: 1, body: "New" }) { version } }`,
      undefined,
      staff.writer,
    );
    expect(editInReview.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

    for (const mutation of ["publishArticle", "archiveArticle", "unpublishArticle"]) {
      expect((await act(mutation, article.id, staff.writer)).body.errors?.[0]?.extensions?.code, mutation).toBe("FORBIDDEN");
    }
    expect((await act("publishArticle", article.id, staff.editor)).body.data).toEqual({ publishArticle: { status: "PUBLISHED" } });

    // Illegal transitions are errors, never silent no-ops.
    const illegal = await act("submitForReview", article.id, staff.editor);
    expect(illegal.body.errors?.[0]?.extensions).toMatchObject({ code: "INVALID_TRANSITION", from: "PUBLISHED", allowedFrom: ["DRAFT"] });
    const nothingNew = await act("publishArticle", article.id, staff.editor);
    expect(nothingNew.body.errors?.[0]?.extensions?.code).toBe("INVALID_TRANSITION");

    expect((await act("archiveArticle", article.id, staff.admin)).body.data).toEqual({ archiveArticle: { status: "ARCHIVED" } });
    expect((await act("unpublishArticle", article.id, staff.editor)).body.errors?.[0]?.extensions?.code).toBe("INVALID_TRANSITION");

    const log = await query(
      server.url,
      `{ auditLog(where: {entityType: "Article", entityId: "${article.id}"}) { nodes { action actor { name } } } }`,
      undefined,
      staff.editor,
    );
    expect(log.auditLog.nodes.map((entry: { action: string }) => entry.action).reverse()).toEqual([
      "article.created",
      "article.submitted",
      "article.changes_requested",
      "article.submitted",
      "article.published",
      "article.archived",
    ]);
    expect((await graphql(server.url, `{ auditLog { nodes { id } } }`, undefined, staff.writer)).body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("scheduling needs a future time and an editor", async () => {
    const article = await createArticle(server.url, staff.editor, { title: "Scheduling rules", body: "Body." });
    const past = await graphql(
      server.url,
      `mutation { scheduleArticle(input: { id: "${article.id}", publishAt: "2020-01-01T00:00:00Z" }) { status } }`,
      undefined,
      staff.editor,
    );
    expect(past.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "publishAt" });
    const byWriter = await graphql(
      server.url,
      `mutation { scheduleArticle(input: { id: "${article.id}", publishAt: "2099-01-01T00:00:00Z" }) { status } }`,
      undefined,
      staff.writer,
    );
    expect(byWriter.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const scheduled = await query(
      server.url,
      `mutation { scheduleArticle(input: { id: "${article.id}", publishAt: "2099-01-01T00:00:00Z" }) { status publishAt } }`,
      undefined,
      staff.editor,
    );
    expect(scheduled.scheduleArticle).toEqual({ status: "SCHEDULED", publishAt: "2099-01-01T00:00:00.000Z" });
    const cancelled = await act("unpublishArticle", article.id, staff.editor);
    expect(cancelled.body.data).toEqual({ unpublishArticle: { status: "DRAFT" } });
  });

  it("validates inputs and names the field", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ title: "ab", body: "x" }, "title"],
      [{ title: "Fine title", body: "x", slug: "Bad Slug" }, "slug"],
      [{ title: "Fine title", body: "x", renewal: { showId: globalId("Show", 1), seasonNumber: 0, verdict: "RENEWED" } }, "renewal.seasonNumber"],
      [{ title: "Fine title", body: "x", renewal: { showId: globalId("Show", 999999), seasonNumber: 2, verdict: "RENEWED" } }, "renewal.showId"],
      [{ title: "Fine title", body: "x", renewal: { showId: globalId("Person", 1), seasonNumber: 2, verdict: "RENEWED" } }, "renewal.showId"],
      [{ title: "Fine title", body: "x", showIds: [globalId("Show", 999999)] }, "showIds"],
      [{ title: "Fine title", body: "x", showIds: ["999999"] }, "showIds"],
    ];
    for (const [input, field] of cases) {
      const result = await graphql(
        server.url,
        `mutation($input: CreateArticleInput!) { createArticle(input: $input) { id } }`,
        { input },
        staff.writer,
      );
      expect(result.body.errors?.[0]?.extensions, JSON.stringify(input)).toMatchObject({ code: "BAD_USER_INPUT", field });
    }
    const badVerdict = await graphql(
      server.url,
      `mutation { createArticle(input: { title: "Fine", body: "x", renewal: { showId: \"${globalId("Show", 1)}\", seasonNumber: 2, verdict: MAYBE } }) { id } }`,
      undefined,
      staff.writer,
    );
    expect(badVerdict.status).toBe(400);
  });
});

describe("drafts never leak to anonymous readers", () => {
  it("no path reaches an unpublished article: lookup, lists, nested fields, aliases, revisions", async () => {
    const draft = await createArticle(server.url, staff.editor, {
      title: "Secret draft about Partner Track",
      body: "Not yet.",
      renewal: { showId: partnerTrack, seasonNumber: 2, verdict: "RENEWED", announcedAt: "2026-11-30" },
    });
    const anonymous = await query(
      server.url,
      `{ byId: article(id: "${draft.id}") { id }
         bySlug: article(slug: "${draft.slug}") { id }
         articles(first: 100) { totalCount nodes { id } }
         drafts: articles(first: 100, where: {status: DRAFT}) { totalCount nodes { id } }
         show(slug: "partner-track") { articles(first: 100) { totalCount nodes { id } } statusHistory { article { id } } status } }`,
    );
    expect(anonymous.byId).toBeNull();
    expect(anonymous.bySlug).toBeNull();
    expect(anonymous.articles.nodes.map((a: { id: string }) => a.id)).not.toContain(draft.id);
    expect(anonymous.drafts).toEqual({ totalCount: 0, nodes: [] });
    expect(anonymous.show.articles.nodes.map((a: { id: string }) => a.id)).not.toContain(draft.id);
    // Counts see only what the reader may: the editor's count of the show's articles includes the draft.
    const editorView = await query(server.url, `{ show(slug: "partner-track") { articles(first: 100) { totalCount nodes { id } } } }`, undefined, staff.editor);
    expect(editorView.show.articles.nodes.map((a: { id: string }) => a.id)).toContain(draft.id);
    expect(editorView.show.articles.totalCount).toBe(editorView.show.articles.nodes.length);
    expect(anonymous.show.articles.totalCount).toBe(anonymous.show.articles.nodes.length);
    expect(anonymous.show.articles.totalCount).toBeLessThan(editorView.show.articles.totalCount);
    expect(anonymous.articles.totalCount).toBe(anonymous.articles.nodes.length);
    expect(anonymous.show.status).toBe("CANCELED");
    const revisions = await graphql(server.url, `{ articleRevisions(id: "${draft.id}") { nodes { number } } }`);
    expect(revisions.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    // Editor-only fields answer null to anonymous readers, without nulling the article.
    const draftField = await graphql(server.url, `{ articles(first: 1) { nodes { id draft { body } } } }`);
    expect(draftField.body.errors).toBeUndefined();
    expect(draftField.body.data.articles.nodes[0]).toMatchObject({ draft: null });

    // The editor sees it; the other writer does not.
    expect((await query(server.url, `{ article(id: "${draft.id}") { id } }`, undefined, staff.editor)).article).toEqual({ id: draft.id });
    expect((await query(server.url, `{ article(id: "${draft.id}") { id } }`, undefined, staff.otherWriter)).article).toBeNull();
  });

  it("edits to a published article stay a draft until published again; old slugs keep resolving", async () => {
    const article = await createArticle(server.url, staff.editor, { title: "Snapshot test original", body: "Version one." });
    await act("publishArticle", article.id, staff.editor);
    const edited = await query(
      server.url,
      `mutation { updateArticle(input: { id: "${article.id}", baseVersion: 1, title: "Snapshot test renamed",
          slug: "snapshot-test-renamed", body: "Version two." }) { version hasUnpublishedChanges draft { title body } } }`,
      undefined,
      staff.editor,
    );
    expect(edited.updateArticle).toEqual({
      version: 2,
      hasUnpublishedChanges: true,
      draft: { title: "Snapshot test renamed", body: "Version two." },
    });
    const reader = await query(server.url, `{ article(id: "${article.id}") { title slug body } }`);
    expect(reader.article).toEqual({ title: "Snapshot test original", slug: "snapshot-test-original", body: "Version one." });
    expect((await query(server.url, `{ article(slug: "snapshot-test-renamed") { id } }`)).article).toBeNull();

    await act("publishArticle", article.id, staff.editor);
    const after = await query(
      server.url,
      `{ now: article(slug: "snapshot-test-renamed") { id title body } old: article(slug: "snapshot-test-original") { id slug } }`,
    );
    expect(after.now).toEqual({ id: article.id, title: "Snapshot test renamed", body: "Version two." });
    expect(after.old).toEqual({ id: article.id, slug: "snapshot-test-renamed" });
  });
});

describe("concurrent editing", () => {
  it("two updates from the same version: exactly one wins, the other is a CONFLICT naming who saved", async () => {
    const article = await createArticle(server.url, staff.editor, { title: "Race", body: "Start." });
    const update = (headers: Record<string, string>, body: string) =>
      graphql(
        server.url,
        `mutation($input: UpdateArticleInput!) { updateArticle(input: $input) { version body } }`,
        { input: { id: article.id, baseVersion: 1, body } },
        headers,
      );
    const results = await Promise.all([update(staff.editor, "Editor's text"), update(staff.admin, "Admin's text")]);
    const winners = results.filter((result) => !result.body.errors);
    const losers = results.filter((result) => result.body.errors);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    const conflict = losers[0]!.body.errors![0]!;
    expect(conflict.extensions).toMatchObject({ code: "CONFLICT", field: "baseVersion", currentVersion: 2 });
    expect(["Eve Editor", "Administrator"]).toContain(conflict.extensions!.savedBy.name);
    expect(conflict.message).toContain(conflict.extensions!.savedBy.name);

    const revisions = await query(server.url, `{ articleRevisions(id: "${article.id}") { nodes { number body } } }`, undefined, staff.editor);
    expect(revisions.articleRevisions.nodes).toEqual([
      { number: 2, body: winners[0]!.body.data.updateArticle.body },
      { number: 1, body: "Start." },
    ]);
  });
});

describe("revisions", () => {
  it("every save is kept and an old one restores exactly, as a new revision", async () => {
    const article = await createArticle(server.url, staff.writer, {
      title: "Revisions original title",
      summary: "First summary",
      body: "First body with **bold**.",
      renewal: { showId: onePiece, seasonNumber: 2, verdict: "PENDING" },
    });
    await query(
      server.url,
      `mutation { updateArticle(input: { id: "${article.id}", baseVersion: 1, title: "Revisions second title", summary: "Second", body: "Second body.",
          renewal: { showId: "${onePiece}", seasonNumber: 2, verdict: RENEWED, announcedAt: "2026-11-20" } }) { version } }`,
      undefined,
      staff.writer,
    );
    const restored = await query(
      server.url,
      `mutation { restoreRevision(articleId: "${article.id}", revisionNumber: 1, baseVersion: 2) { version title summary body verdict slug } }`,
      undefined,
      staff.writer,
    );
    expect(restored.restoreRevision).toEqual({
      version: 3,
      title: "Revisions original title",
      summary: "First summary",
      body: "First body with **bold**.",
      verdict: "PENDING",
      slug: "revisions-original-title",
    });
    const revisions = await query(
      server.url,
      `{ articleRevisions(id: "${article.id}") { nodes { number reason changedFields editor { name } title } } }`,
      undefined,
      staff.writer,
    );
    expect(revisions.articleRevisions.nodes.map((r: { number: number; reason: string }) => [r.number, r.reason])).toEqual([
      [3, "RESTORE"],
      [2, "UPDATE"],
      [1, "CREATE"],
    ]);
    expect(revisions.articleRevisions.nodes[1].changedFields).toEqual(expect.arrayContaining(["title", "slug", "summary", "body", "renewal"]));
    expect(revisions.articleRevisions.nodes[1].editor).toEqual({ name: "Walt Writer" });
  });
});

describe("publishing a renewal article", () => {
  it("records the verdict on the show, citing the article, in the same step", async () => {
    const article = await createArticle(server.url, staff.writer, {
      title: "Has Netflix Renewed One Piece for Season 2?",
      body: "Yes: Netflix renewed *One Piece*.",
      renewal: { showId: onePiece, seasonNumber: 2, verdict: "RENEWED", announcedAt: "2026-11-20" },
    });
    await act("submitForReview", article.id, staff.writer);
    const published = await query(
      server.url,
      `mutation { publishArticle(id: "${article.id}") { status publishedAt renewalShow { status statusAnnouncedAt
          statusHistory { status previousStatus seasonNumber article { id } } } } }`,
      undefined,
      staff.editor,
    );
    const show = published.publishArticle.renewalShow;
    expect(show.status).toBe("RENEWED");
    // The network's announcement date, as the writer gave it: never the day we published.
    expect(show.statusAnnouncedAt).toBe("2026-11-20");
    expect(show.statusHistory).toContainEqual({ status: "RENEWED", previousStatus: "PENDING", seasonNumber: 2, article: { id: article.id } });
  });

  it("a verdict equal to the standing status adds no change: the article becomes a further source", async () => {
    const imperfects = await showId(server.url, "the-imperfects");
    const article = await createArticle(server.url, staff.editor, {
      title: "Imperfects verdict probe",
      body: "x",
      renewal: { showId: imperfects, seasonNumber: 2, verdict: "CANCELED" },
    });
    await act("publishArticle", article.id, staff.editor);
    const data = await query(server.url, `{ show(slug: "the-imperfects") { status statusAnnouncedAt statusHistory { status announcedAt articles { id } } } }`);
    expect(data.show).toMatchObject({ status: "CANCELED", statusAnnouncedAt: "2022-11-08" });
    expect(data.show.statusHistory).toHaveLength(1);
    expect(data.show.statusHistory[0].announcedAt).toBe("2022-11-08");
    expect(data.show.statusHistory[0].articles.map((source: { id: string }) => source.id)).toContain(article.id);
  });

  it("bodyHtml never carries scripts, event handlers or javascript: URLs", async () => {
    const article = await createArticle(server.url, staff.editor, {
      title: "Hostile body",
      body: [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "[ok](https://example.com)",
        "**bold**",
      ].join("\n\n"),
    });
    const data = await query(server.url, `{ article(id: "${article.id}") { bodyHtml } }`, undefined, staff.editor);
    const html: string = data.article.bodyHtml;
    // Escaped text such as "&lt;script&gt;" is harmless; no tag may carry them.
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<[^>]*\son\w+=/i);
    expect(html).not.toMatch(/<[^>]*javascript:/i);
    expect(html).toContain('<a href="https://example.com" rel="noopener nofollow">ok</a>');
    expect(html).toContain("<strong>bold</strong>");
  });
});

describe("draft saves keep the row's links", () => {
  it("shows and the renewal show follow each save, and only what changed is rewritten", async () => {
    const article = await createArticle(server.url, staff.writer, { title: "Links walk", body: "One.", showIds: [partnerTrack, onePiece] });
    const read = async () =>
      (await query(server.url, `{ article(id: "${article.id}") { version shows { slug } renewalShow { slug } } }`, undefined, staff.editor)).article;
    const save = async (baseVersion: number, changes: string) =>
      (await query(server.url, `mutation { updateArticle(input: { id: "${article.id}", baseVersion: ${baseVersion}, ${changes} }) { version } }`, undefined, staff.writer))
        .updateArticle.version;

    // A body edit leaves both links in place.
    expect(await save(1, `body: "Two."`)).toBe(2);
    expect((await read()).shows.map((show: { slug: string }) => show.slug).sort()).toEqual(["one-piece", "partner-track"]);
    // Dropping a show drops its link; the other stays.
    expect(await save(2, `showIds: ["${onePiece}"]`)).toBe(3);
    expect(await read()).toMatchObject({ shows: [{ slug: "one-piece" }], renewalShow: null });
    // A renewal question sets the renewal show (and links it), and a later title edit keeps both.
    expect(await save(3, `renewal: { showId: "${partnerTrack}", seasonNumber: 2, verdict: RENEWED, announcedAt: "2026-11-01" }`)).toBe(4);
    expect(await save(4, `title: "Links walk, renamed"`)).toBe(5);
    const final = await read();
    expect(final.renewalShow).toEqual({ slug: "partner-track" });
    expect(final.shows.map((show: { slug: string }) => show.slug).sort()).toEqual(["one-piece", "partner-track"]);
  });
});

describe("repeated statements", () => {
  it("a statement repeated word for word still stamps its own time (query plans are reused, generated values are not)", async () => {
    const article = await createArticle(server.url, staff.writer, { title: "Twice submitted", body: "Body." });
    expect((await act("submitForReview", article.id, staff.writer)).body.data.submitForReview.status).toBe("IN_REVIEW");
    await new Promise((resolve) => setTimeout(resolve, 50));
    await query(server.url, `mutation { requestChanges(id: "${article.id}", note: "Again.") { status } }`, undefined, staff.editor);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await act("submitForReview", article.id, staff.writer)).body.data.submitForReview.status).toBe("IN_REVIEW");
    const log = await query(
      server.url,
      `{ auditLog(where: {entityType: "Article", entityId: "${article.id}"}) { nodes { action createdAt } } }`,
      undefined,
      staff.admin,
    );
    const submitted = log.auditLog.nodes.filter((event: { action: string }) => event.action === "article.submitted");
    expect(submitted).toHaveLength(2);
    const [later, earlier] = submitted.map((event: { createdAt: string }) => Date.parse(event.createdAt));
    expect(later - earlier).toBeGreaterThanOrEqual(100);
  });
});
