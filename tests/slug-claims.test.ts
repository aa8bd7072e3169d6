import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv, createStaff, type Staff } from "./support/accounts.js";
import { createArticle, showId } from "./support/articles.js";
import { graphql, query } from "./support/graphql.js";
import { startServerOnFreshDatabase } from "./support/server.js";

/**
 * Slugs: concurrent saves of one title get distinct slugs; drafts reserve nothing a writer could
 * detect; scheduling and publishing claim the slug, and a published article's pending slug edit is
 * reserved until it goes live.
 */

let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
let staff: Staff;

beforeAll(async () => {
  server = await startServerOnFreshDatabase(adminEnv);
  staff = await createStaff(server.url);
});
afterAll(async () => {
  await server?.close();
});

const errorOf = (result: { body: { errors?: { extensions?: Record<string, any> }[] } }) => result.body.errors?.[0]?.extensions;

const update = (headers: Record<string, string>, input: Record<string, unknown>) =>
  graphql(server.url, `mutation($input: UpdateArticleInput!) { updateArticle(input: $input) { version slug } }`, { input }, headers);

describe("concurrent saves of one title", () => {
  it("ten concurrent createArticle calls with the same title all succeed, with ten distinct slugs", async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        graphql(server.url, `mutation($input: CreateArticleInput!) { createArticle(input: $input) { id slug } }`, {
          input: { title: "Everyone writes this headline", body: `Take ${index}.` },
        }, staff.editor),
      ),
    );
    for (const result of results) expect(result.body.errors, JSON.stringify(result.body.errors)).toBeUndefined();
    const slugs = results.map((result) => result.body.data.createArticle.slug as string);
    expect(new Set(slugs).size).toBe(10);
    expect(slugs.sort()).toEqual(
      ["everyone-writes-this-headline", ...Array.from({ length: 9 }, (_, index) => `everyone-writes-this-headline-${index + 2}`)].sort(),
    );
  });

  it("ten concurrent draftRenewalArticle calls for the same show and season all succeed, with distinct slugs", async () => {
    const imperfects = await showId(server.url, "the-imperfects");
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        graphql(server.url, `mutation($id: ID!) { draftRenewalArticle(showId: $id, seasonNumber: 2) { id slug } }`, { id: imperfects }, staff.editor),
      ),
    );
    for (const result of results) expect(result.body.errors, JSON.stringify(result.body.errors)).toBeUndefined();
    const slugs = results.map((result) => result.body.data.draftRenewalArticle.slug as string);
    expect(new Set(slugs).size).toBe(10);
    // The seed already publishes "has-netflix-renewed-the-imperfects-for-season-2".
    expect(slugs).not.toContain("has-netflix-renewed-the-imperfects-for-season-2");
  });
});

describe("a writer cannot detect hidden articles through slugs", () => {
  it("another writer's draft and a scheduled article do not make a slug look taken; the clash surfaces to the editor", async () => {
    const hidden = await createArticle(server.url, staff.otherWriter, { title: "Secret casting news", body: "Shh." });
    expect(hidden.slug).toBe("secret-casting-news");
    const embargoed = await createArticle(server.url, staff.editor, { title: "Embargoed renewal", body: "Soon." });
    await query(server.url, `mutation { scheduleArticle(input: { id: "${embargoed.id}", publishAt: "2099-01-01T00:00:00Z" }) { status } }`, undefined, staff.editor);

    // Same titles: the same slugs, no "-2" to give the others away.
    const mine = await createArticle(server.url, staff.writer, { title: "Secret casting news", body: "Mine." });
    expect(mine.slug).toBe("secret-casting-news");
    const alsoMine = await createArticle(server.url, staff.writer, { title: "Embargoed renewal", body: "Mine too." });
    expect(alsoMine.slug).toBe("embargoed-renewal");
    // Explicit slugs: no CONFLICT either.
    await createArticle(server.url, staff.otherWriter, { title: "Hidden pilot", body: "Shh." });
    const explicit = await graphql(
      server.url,
      `mutation { createArticle(input: { title: "Another title", slug: "hidden-pilot", body: "x" }) { slug } }`,
      undefined,
      staff.writer,
    );
    expect(explicit.body.data).toEqual({ createArticle: { slug: "hidden-pilot" } });
    const renamed = await update(staff.writer, { id: alsoMine.id, baseVersion: 1, slug: "embargoed-renewal" });
    expect(renamed.body.errors).toBeUndefined();

    // What the writer can see still counts: their own drafts and published articles.
    const ownTwice = await createArticle(server.url, staff.writer, { title: "Secret casting news", body: "Third." });
    expect(ownTwice.slug).toBe("secret-casting-news-2");
    const seeded = await createArticle(server.url, staff.writer, { title: "Has Netflix Renewed The Imperfects for Season 2?", body: "x" });
    expect(seeded.slug).toBe("has-netflix-renewed-the-imperfects-for-season-2-2");
    const takenPublicly = await update(staff.writer, { id: mine.id, baseVersion: 1, slug: "has-netflix-renewed-the-imperfects-for-season-2" });
    expect(errorOf(takenPublicly)).toMatchObject({ code: "CONFLICT", field: "slug" });

    // The editor who would publish the writer's article under the scheduled one's slug is told which article holds it.
    await query(server.url, `mutation { submitForReview(id: "${alsoMine.id}") { status } }`, undefined, staff.writer);
    const clash = await graphql(server.url, `mutation { publishArticle(id: "${alsoMine.id}") { status } }`, undefined, staff.editor);
    expect(errorOf(clash)).toMatchObject({ code: "CONFLICT", field: "slug", articleId: embargoed.id });
    const scheduleClash = await graphql(
      server.url,
      `mutation { scheduleArticle(input: { id: "${alsoMine.id}", publishAt: "2099-02-01T00:00:00Z" }) { status } }`,
      undefined,
      staff.editor,
    );
    expect(errorOf(scheduleClash)).toMatchObject({ code: "CONFLICT", field: "slug" });
    expect((await query(server.url, `{ article(id: "${alsoMine.id}") { status } }`, undefined, staff.editor)).article).toEqual({ status: "IN_REVIEW" });

    // Publishing one of the two "secret-casting-news" drafts claims the slug; the other then needs a new one.
    await query(server.url, `mutation { publishArticle(id: "${hidden.id}") { status } }`, undefined, staff.editor);
    const second = await graphql(server.url, `mutation { publishArticle(id: "${mine.id}") { status } }`, undefined, staff.editor);
    expect(errorOf(second)).toMatchObject({ code: "CONFLICT", field: "slug", articleId: hidden.id });
    expect((await query(server.url, `{ article(slug: "secret-casting-news") { id } }`)).article).toEqual({ id: hidden.id });
  });
});

describe("a published article's pending slug", () => {
  it("is reserved until its publish: nobody else can publish under it first, and then it goes live", async () => {
    const live = await createArticle(server.url, staff.editor, { title: "Original headline", body: "v1" });
    await query(server.url, `mutation { publishArticle(id: "${live.id}") { status } }`, undefined, staff.editor);
    expect((await update(staff.editor, { id: live.id, baseVersion: 1, slug: "better-headline" })).body.errors).toBeUndefined();
    // Readers still get the old slug; the new one is not public yet.
    expect((await query(server.url, `{ article(slug: "better-headline") { id } }`)).article).toBeNull();

    // A writer may draft it (they cannot see the pending edit), but it cannot be published under it.
    const rival = await createArticle(server.url, staff.writer, { title: "Better headline", body: "Rival." });
    expect(rival.slug).toBe("better-headline");
    const blocked = await graphql(server.url, `mutation { publishArticle(id: "${rival.id}") { status } }`, undefined, staff.editor);
    expect(errorOf(blocked)).toMatchObject({ code: "CONFLICT", field: "slug", articleId: live.id });
    // Nor can another live article take it by an edit.
    const other = await createArticle(server.url, staff.editor, { title: "Other live article", body: "x" });
    await query(server.url, `mutation { publishArticle(id: "${other.id}") { status } }`, undefined, staff.editor);
    expect(errorOf(await update(staff.editor, { id: other.id, baseVersion: 1, slug: "better-headline" }))).toMatchObject({ code: "CONFLICT", field: "slug" });

    const published = await query(server.url, `mutation { publishArticle(id: "${live.id}") { status slug } }`, undefined, staff.editor);
    expect(published.publishArticle).toEqual({ status: "PUBLISHED", slug: "better-headline" });
    expect((await query(server.url, `{ now: article(slug: "better-headline") { id } old: article(slug: "original-headline") { id } }`))).toEqual({
      now: { id: live.id },
      old: { id: live.id },
    });
    // The rival draft is still the writer's, under its slug, until an editor renames it.
    expect((await query(server.url, `{ article(id: "${rival.id}") { slug status } }`, undefined, staff.writer)).article).toEqual({
      slug: "better-headline",
      status: "DRAFT",
    });
  });
});
