import { SignJWT } from "jose";
import { globalId } from "./support/ids.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, adminEnv, createStaff, signIn, type Staff } from "./support/accounts.js";
import { createArticle } from "./support/articles.js";
import { bearer, graphql, query } from "./support/graphql.js";
import { startServerOnFreshDatabase } from "./support/server.js";
import { expiredToken } from "./support/tokens.js";

/** Withdraw, un-archive, delete and restore, the editors' queues, previews, passwords and sign-in with a dead token. */

const JWT_SECRET = "editorial-basics-test-secret-".padEnd(48, "x");

let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
let staff: Staff;

beforeAll(async () => {
  server = await startServerOnFreshDatabase({ ...adminEnv, JWT_SECRET });
  staff = await createStaff(server.url);
});
afterAll(async () => {
  await server?.close();
});

const act = (mutation: string, id: string, headers: Record<string, string>, fields = "status") =>
  graphql(server.url, `mutation { ${mutation}(id: "${id}") { ${fields} } }`, undefined, headers);

const errorOf = (result: { body: { errors?: { extensions?: Record<string, any> }[] } }) => result.body.errors?.[0]?.extensions;

async function auditActions(entityType: string, entityId: string): Promise<string[]> {
  const log = await query(
    server.url,
    `{ auditLog(where: {entityType: "${entityType}", entityId: "${entityId}"}, first: 100) { nodes { action } } }`,
    undefined,
    staff.admin,
  );
  return log.auditLog.nodes.map((entry: { action: string }) => entry.action).reverse();
}

describe("withdrawing and un-archiving", () => {
  it("the author withdraws a submission; nobody else can, and a refused transition names what is allowed", async () => {
    const article = await createArticle(server.url, staff.writer, { title: "Withdraw me", body: "Body." });
    expect((await act("submitForReview", article.id, staff.writer)).body.data).toEqual({ submitForReview: { status: "IN_REVIEW" } });

    expect(errorOf(await act("withdrawSubmission", article.id, staff.otherWriter))?.code).toBe("NOT_FOUND");
    expect(errorOf(await act("withdrawSubmission", article.id, staff.editor))?.code).toBe("FORBIDDEN");
    expect(errorOf(await act("withdrawSubmission", article.id, {}))?.code).toBe("UNAUTHENTICATED");
    // Archiving is only from DRAFT or PUBLISHED; the refusal says what can be done from IN_REVIEW.
    expect(errorOf(await act("archiveArticle", article.id, staff.editor))).toMatchObject({
      code: "INVALID_TRANSITION",
      from: "IN_REVIEW",
      allowedFrom: ["DRAFT", "PUBLISHED"],
      allowedMutations: ["withdrawSubmission", "requestChanges", "scheduleArticle", "publishArticle"],
    });

    const withdrawn = await act("withdrawSubmission", article.id, staff.writer, "status submittedAt");
    expect(withdrawn.body.data).toEqual({ withdrawSubmission: { status: "DRAFT", submittedAt: null } });
    expect(errorOf(await act("withdrawSubmission", article.id, staff.writer))).toMatchObject({
      code: "INVALID_TRANSITION",
      from: "DRAFT",
      allowedFrom: ["IN_REVIEW"],
      allowedMutations: ["submitForReview", "scheduleArticle", "publishArticle", "archiveArticle", "deleteArticle"],
    });
    // Back to a draft, the writer may edit it again.
    const edited = await graphql(
      server.url,
      `mutation { updateArticle(input: { id: "${article.id}", baseVersion: 1, body: "Better body." }) { version } }`,
      undefined,
      staff.writer,
    );
    expect(edited.body.data).toEqual({ updateArticle: { version: 2 } });
    expect(await auditActions("Article", article.id)).toEqual(["article.created", "article.submitted", "article.withdrawn", "article.updated"]);
  });

  it("an editor un-archives an article back to a draft showing its newest revision; publishing puts it live again", async () => {
    const article = await createArticle(server.url, staff.writer, { title: "Archive and back", body: "First body." });
    await query(server.url, `mutation { publishArticle(id: "${article.id}") { status } }`, undefined, staff.editor);
    await query(
      server.url,
      `mutation { updateArticle(input: { id: "${article.id}", baseVersion: 1, body: "Edited after publishing." }) { version } }`,
      undefined,
      staff.editor,
    );
    await query(server.url, `mutation { archiveArticle(id: "${article.id}") { status } }`, undefined, staff.editor);
    const lookup = `{ article(slug: "${article.slug}") { status body } }`;
    expect((await query(server.url, lookup)).article).toBeNull();

    expect(errorOf(await act("unarchiveArticle", article.id, staff.writer))?.code).toBe("FORBIDDEN");
    const unarchived = await act("unarchiveArticle", article.id, staff.editor, "status body publishAt");
    expect(unarchived.body.data).toEqual({ unarchiveArticle: { status: "DRAFT", body: "Edited after publishing.", publishAt: null } });
    expect((await query(server.url, lookup)).article).toBeNull();
    expect(errorOf(await act("unarchiveArticle", article.id, staff.editor))).toMatchObject({
      code: "INVALID_TRANSITION",
      from: "DRAFT",
      allowedFrom: ["ARCHIVED"],
    });

    await query(server.url, `mutation { publishArticle(id: "${article.id}") { status } }`, undefined, staff.editor);
    expect((await query(server.url, lookup)).article).toEqual({ status: "PUBLISHED", body: "Edited after publishing." });
    expect(await auditActions("Article", article.id)).toEqual([
      "article.created",
      "article.published",
      "article.updated",
      "article.archived",
      "article.unarchived",
      "article.published",
    ]);
  });
});

describe("deleting drafts", () => {
  it("a deleted draft is hidden everywhere, listed for editors, and restored by them as it was", async () => {
    const article = await createArticle(server.url, staff.writer, { title: "Delete me softly", body: "Gone soon." });
    expect(errorOf(await act("deleteArticle", article.id, staff.otherWriter))?.code).toBe("NOT_FOUND");
    const deleted = await act("deleteArticle", article.id, staff.writer, "id status deletedAt");
    expect(deleted.body.data.deleteArticle).toMatchObject({ id: article.id, status: "DRAFT" });
    expect(Date.parse(deleted.body.data.deleteArticle.deletedAt)).not.toBeNaN();

    for (const viewer of [staff.writer, staff.editor]) {
      const reads = await query(
        server.url,
        `query($id: ID!, $slug: String!) {
          byId: article(id: $id) { id }
          bySlug: article(slug: $slug) { id }
          articles(first: 100, where: { status: [DRAFT] }) { nodes { id } }
          myDrafts(first: 100) { nodes { id } }
        }`,
        { id: article.id, slug: article.slug },
        viewer,
      );
      expect(reads.byId).toBeNull();
      expect(reads.bySlug).toBeNull();
      expect(reads.articles.nodes.map((node: { id: string }) => node.id)).not.toContain(article.id);
      expect(reads.myDrafts.nodes.map((node: { id: string }) => node.id)).not.toContain(article.id);
    }
    // Every action on it is refused as if it did not exist, except restoring.
    const update = await graphql(
      server.url,
      `mutation { updateArticle(input: { id: "${article.id}", baseVersion: 1, body: "Back?" }) { version } }`,
      undefined,
      staff.writer,
    );
    expect(errorOf(update)?.code).toBe("NOT_FOUND");
    expect(errorOf(await act("submitForReview", article.id, staff.writer))?.code).toBe("NOT_FOUND");
    expect(errorOf(await act("deleteArticle", article.id, staff.writer))?.code).toBe("NOT_FOUND");
    const revisions = await graphql(server.url, `{ articleRevisions(id: "${article.id}") { nodes { number } } }`, undefined, staff.editor);
    expect(errorOf(revisions)?.code).toBe("NOT_FOUND");

    expect(errorOf(await graphql(server.url, `{ deletedArticles { nodes { id } } }`, undefined, staff.writer))?.code).toBe("FORBIDDEN");
    const listed = await query(server.url, `{ deletedArticles(first: 100) { nodes { id title deletedAt } totalCount } }`, undefined, staff.editor);
    expect(listed.deletedArticles.nodes.map((node: { id: string }) => node.id)).toContain(article.id);

    expect(errorOf(await act("restoreArticle", article.id, staff.writer))?.code).toBe("FORBIDDEN");
    const restored = await act("restoreArticle", article.id, staff.editor, "id status deletedAt body");
    expect(restored.body.data.restoreArticle).toEqual({ id: article.id, status: "DRAFT", deletedAt: null, body: "Gone soon." });
    expect(errorOf(await act("restoreArticle", article.id, staff.editor))?.code).toBe("NOT_FOUND");
    expect((await query(server.url, `{ article(id: "${article.id}") { id } }`, undefined, staff.writer)).article).toEqual({ id: article.id });
    expect(await auditActions("Article", article.id)).toEqual(["article.created", "article.deleted", "article.restored"]);
  });

  it("only drafts can be deleted: published, scheduled and in-review articles are refused", async () => {
    const published = await createArticle(server.url, staff.editor, { title: "Published stays", body: "Live." });
    await query(server.url, `mutation { publishArticle(id: "${published.id}") { status } }`, undefined, staff.editor);
    expect(errorOf(await act("deleteArticle", published.id, staff.editor))).toMatchObject({
      code: "INVALID_TRANSITION",
      from: "PUBLISHED",
      allowedFrom: ["DRAFT"],
    });
    const inReview = await createArticle(server.url, staff.writer, { title: "In review stays", body: "Wait." });
    await act("submitForReview", inReview.id, staff.writer);
    expect(errorOf(await act("deleteArticle", inReview.id, staff.writer))?.code).toBe("INVALID_TRANSITION");
    expect((await query(server.url, `{ article(id: "${published.id}") { status } }`)).article).toEqual({ status: "PUBLISHED" });
  });
});

describe("editorial queues", () => {
  it("reviewQueue is oldest submission first, scheduled by publish time, myDrafts the viewer's own drafts", async () => {
    const first = await createArticle(server.url, staff.writer, { title: "Queue first created", body: "1" });
    const second = await createArticle(server.url, staff.otherWriter, { title: "Queue second created", body: "2" });
    const third = await createArticle(server.url, staff.writer, { title: "Queue third created", body: "3" });
    for (const [article, writer] of [[second, staff.otherWriter], [third, staff.writer], [first, staff.writer]] as const) {
      await act("submitForReview", article.id, writer);
    }
    const ours = new Set([first.id, second.id, third.id]);
    const review = await query(server.url, `{ reviewQueue(first: 100) { nodes { id status submittedAt } } }`, undefined, staff.editor);
    const reviewIds = review.reviewQueue.nodes.map((node: { id: string }) => node.id).filter((id: string) => ours.has(id));
    expect(reviewIds).toEqual([second.id, third.id, first.id]);
    expect(review.reviewQueue.nodes.every((node: { status: string }) => node.status === "IN_REVIEW")).toBe(true);
    // Paging follows the same order.
    const page = await query(server.url, `{ reviewQueue(first: 1) { nodes { id } pageInfo { endCursor } } }`, undefined, staff.editor);
    const next = await query(server.url, `query($after: String) { reviewQueue(first: 1, after: $after) { nodes { id } } }`, { after: page.reviewQueue.pageInfo.endCursor }, staff.editor);
    expect(next.reviewQueue.nodes[0].id).not.toBe(page.reviewQueue.nodes[0].id);
    expect(errorOf(await graphql(server.url, `{ reviewQueue { nodes { id } } }`, undefined, staff.writer))?.code).toBe("FORBIDDEN");

    // Scheduled: by publish time, not by when they were scheduled.
    for (const [article, at] of [[first, "2099-03-01T00:00:00Z"], [second, "2099-01-01T00:00:00Z"]] as const) {
      await query(server.url, `mutation { scheduleArticle(input: { id: "${article.id}", publishAt: "${at}" }) { status } }`, undefined, staff.editor);
    }
    const scheduled = await query(server.url, `{ scheduled(first: 100) { nodes { id publishAt } } }`, undefined, staff.editor);
    expect(scheduled.scheduled.nodes.map((node: { id: string }) => node.id).filter((id: string) => ours.has(id))).toEqual([second.id, first.id]);
    expect(errorOf(await graphql(server.url, `{ scheduled { nodes { id } } }`, undefined, staff.writer))?.code).toBe("FORBIDDEN");

    // myDrafts: only the viewer's own DRAFTs.
    const mine = await createArticle(server.url, staff.writer, { title: "Queue my draft", body: "mine" });
    const theirs = await createArticle(server.url, staff.otherWriter, { title: "Queue their draft", body: "theirs" });
    const drafts = await query(server.url, `{ myDrafts(first: 100) { nodes { id status author { name } } totalCount } }`, undefined, staff.writer);
    const draftIds = drafts.myDrafts.nodes.map((node: { id: string }) => node.id);
    expect(draftIds).toContain(mine.id);
    expect(draftIds).not.toContain(theirs.id);
    expect(draftIds).not.toContain(third.id);
    expect(drafts.myDrafts.nodes.every((node: { status: string; author: { name: string } }) => node.status === "DRAFT" && node.author.name === "Walt Writer")).toBe(true);
    expect(drafts.myDrafts.totalCount).toBe(draftIds.length);
  });
});

describe("previews", () => {
  it("renders any revision as readers would see it, for the author and editors only", async () => {
    const article = await createArticle(server.url, staff.writer, { title: "Preview first title", summary: "First summary", body: "**Bold** start" });
    await query(
      server.url,
      `mutation { updateArticle(input: { id: "${article.id}", baseVersion: 1, title: "Preview second title", body: "Second <script>x</script>" }) { version } }`,
      undefined,
      staff.writer,
    );
    const preview = (number: number, headers: Record<string, string>) =>
      graphql(server.url, `{ articlePreview(articleId: "${article.id}", revisionNumber: ${number}) { revisionNumber title summary bodyHtml } }`, undefined, headers);
    expect((await preview(1, staff.writer)).body.data.articlePreview).toEqual({
      revisionNumber: 1,
      title: "Preview first title",
      summary: "First summary",
      bodyHtml: "<p><strong>Bold</strong> start</p>\n",
    });
    const second = (await preview(2, staff.editor)).body.data.articlePreview;
    expect(second.title).toBe("Preview second title");
    expect(second.bodyHtml).not.toContain("<script");
    expect(errorOf(await preview(1, staff.otherWriter))).toMatchObject({ code: "NOT_FOUND", field: "articleId" });
    expect(errorOf(await preview(1, {}))?.code).toBe("UNAUTHENTICATED");
    expect(errorOf(await preview(9, staff.writer))).toMatchObject({ code: "NOT_FOUND", field: "revisionNumber" });
    expect(errorOf(await preview(0, staff.writer))).toMatchObject({ code: "BAD_USER_INPUT", field: "revisionNumber" });
  });
});

describe("passwords", () => {
  const email = "password-owner@tests.invalid";
  const original = "original-password-123";

  it("changing one's password revokes every earlier token and returns a new one; admins reset; both audited", async () => {
    const created = await query(
      server.url,
      `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
      { input: { email, name: "Pat Password", password: original, role: "WRITER" } },
      staff.admin,
    );
    const userId: string = created.createUser.id;
    const first = bearer(await signIn(server.url, email, original));
    const other = bearer(await signIn(server.url, email, original));
    const change = (headers: Record<string, string>, currentPassword: string, newPassword: string) =>
      graphql(
        server.url,
        `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { token user { id email } } }`,
        { c: currentPassword, n: newPassword },
        headers,
      );

    expect(errorOf(await change(first, "wrong-password-000", "brand-new-password-1"))).toMatchObject({ code: "BAD_USER_INPUT", field: "currentPassword" });
    expect(errorOf(await change(first, original, "short"))).toMatchObject({ code: "BAD_USER_INPUT", field: "newPassword" });
    expect(errorOf(await change(first, original, original))).toMatchObject({ code: "BAD_USER_INPUT", field: "newPassword" });
    expect(errorOf(await change({}, original, "brand-new-password-1"))?.code).toBe("UNAUTHENTICATED");
    // Nothing was changed by the refusals: the first token still works.
    expect((await query(server.url, `{ me { id } }`, undefined, first)).me).toEqual({ id: userId });

    const changed = await change(first, original, "brand-new-password-1");
    expect(changed.body.errors).toBeUndefined();
    expect(changed.body.data.changePassword.user).toEqual({ id: userId, email });
    const fresh = bearer(changed.body.data.changePassword.token);
    for (const dead of [first, other]) expect(errorOf(await graphql(server.url, `{ me { id } }`, undefined, dead))?.code).toBe("UNAUTHENTICATED");
    expect((await query(server.url, `{ me { id } }`, undefined, fresh)).me).toEqual({ id: userId });
    expect(errorOf(await graphql(server.url, `mutation { signIn(email: "${email}", password: "${original}") { token } }`))?.code).toBe("UNAUTHENTICATED");

    // An admin resets it: the user's tokens die at once.
    const reset = (headers: Record<string, string>, newPassword: string) =>
      graphql(server.url, `mutation($u: ID!, $n: String!) { resetUserPassword(userId: $u, newPassword: $n) { id } }`, { u: userId, n: newPassword }, headers);
    expect(errorOf(await reset(staff.editor, "reset-by-admin-password"))?.code).toBe("FORBIDDEN");
    expect(errorOf(await reset(staff.admin, "too-short"))).toMatchObject({ code: "BAD_USER_INPUT", field: "newPassword" });
    const missing = await graphql(server.url, `mutation { resetUserPassword(userId: "${globalId("User", 999999)}", newPassword: "reset-by-admin-password") { id } }`, undefined, staff.admin);
    expect(errorOf(missing)).toMatchObject({ code: "NOT_FOUND", field: "userId" });
    expect((await reset(staff.admin, "reset-by-admin-password")).body.data).toEqual({ resetUserPassword: { id: userId } });
    expect(errorOf(await graphql(server.url, `{ me { id } }`, undefined, fresh))?.code).toBe("UNAUTHENTICATED");
    expect(await signIn(server.url, email, "reset-by-admin-password")).toMatch(/\./);

    expect(await auditActions("User", userId)).toEqual(["user.created", "user.password_changed", "user.password_reset"]);
  });
});

describe("signing in with a dead token in the header", () => {
  const signInMutation = `mutation { signIn(email: "${ADMIN.email}", password: "${ADMIN.password}") { token user { role } } }`;

  it("an expired, revoked or forged token does not stop signIn, but every other operation is refused", async () => {
    const adminId = (await query(server.url, `{ me { id } }`, undefined, staff.admin)).me.id;
    const expired = await expiredToken(JWT_SECRET, adminId);
    const forged = await new SignJWT({ role: "ADMIN", ver: 0 })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(adminId)
      .setIssuer("greenlight")
      .setAudience("greenlight-api")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("not-the-server-secret".padEnd(48, "y")));

    // A token revoked by a password reset.
    const victim = await query(
      server.url,
      `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
      { input: { email: "revoked-token@tests.invalid", name: "Rev Oked", password: "revoked-password-1", role: "EDITOR" } },
      staff.admin,
    );
    const revoked = await signIn(server.url, "revoked-token@tests.invalid", "revoked-password-1");
    await query(server.url, `mutation { resetUserPassword(userId: "${victim.createUser.id}", newPassword: "revoked-password-2") { id } }`, undefined, staff.admin);

    for (const [name, token] of [["expired", expired], ["forged", forged], ["revoked", revoked]] as const) {
      const me = await graphql(server.url, `{ me { id } }`, undefined, bearer(token));
      // HTTP 200 with application/json, as the GraphQL-over-HTTP spec has it (401 only for graphql-response+json).
      expect(me.status, name).toBe(200);
      expect(errorOf(me)?.code, name).toBe("UNAUTHENTICATED");
      expect(me.body.data, name).toBeUndefined();

      const signedIn = await graphql(server.url, signInMutation, undefined, bearer(token));
      expect(signedIn.status, name).toBe(200);
      expect(signedIn.body.errors, name).toBeUndefined();
      expect(signedIn.body.data.signIn.user.role, name).toBe("ADMIN");
      expect((await query(server.url, `{ me { id } }`, undefined, bearer(signedIn.body.data.signIn.token))).me, name).toEqual({ id: adminId });

      // signIn next to anything else is not a way round the refusal.
      const mixed = await graphql(server.url, `mutation { signIn(email: "${ADMIN.email}", password: "${ADMIN.password}") { token } createArticle(input: {title: "Sneaky", body: "x"}) { id } }`, undefined, bearer(token));
      expect(errorOf(mixed)?.code, name).toBe("UNAUTHENTICATED");
      expect(mixed.body.data, name).toBeUndefined();
    }
  });
});

describe("purging deleted drafts", () => {
  let shortLived: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
  beforeAll(async () => {
    // A retention of seconds instead of 30 days; the job runs on the scheduler's interval (200 ms in tests).
    shortLived = await startServerOnFreshDatabase({ ...adminEnv, DELETED_ARTICLE_RETENTION: "2s" });
  });
  afterAll(async () => {
    await shortLived?.close();
  });

  it("the job runner removes a deleted draft for good once its retention has passed, and audits it", async () => {
    const admin = bearer(await signIn(shortLived.url, ADMIN.email, ADMIN.password));
    const kept = await createArticle(shortLived.url, admin, { title: "Kept draft", body: "Stays." });
    const doomed = await createArticle(shortLived.url, admin, { title: "Doomed draft", body: "Goes." });
    await query(shortLived.url, `mutation { deleteArticle(id: "${doomed.id}") { id } }`, undefined, admin);
    const deleted = `{ deletedArticles { nodes { id } } }`;
    expect((await query(shortLived.url, deleted, undefined, admin)).deletedArticles.nodes).toEqual([{ id: doomed.id }]);

    let remaining: unknown[] = [{ id: doomed.id }];
    for (let attempt = 0; attempt < 100 && remaining.length > 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      remaining = (await query(shortLived.url, deleted, undefined, admin)).deletedArticles.nodes;
    }
    expect(remaining).toEqual([]);
    const restore = await graphql(shortLived.url, `mutation { restoreArticle(id: "${doomed.id}") { id } }`, undefined, admin);
    expect(restore.body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const log = await query(shortLived.url, `{ auditLog(where: {entityType: "Article", entityId: "${doomed.id}"}) { nodes { action actor { name } } } }`, undefined, admin);
    expect(log.auditLog.nodes.map((entry: { action: string }) => entry.action).reverse()).toEqual(["article.created", "article.deleted", "article.purged"]);
    expect(log.auditLog.nodes[0].actor).toBeNull();
    expect((await query(shortLived.url, `{ article(id: "${kept.id}") { title } }`, undefined, admin)).article).toEqual({ title: "Kept draft" });
  });
});
