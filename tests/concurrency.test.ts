import { readFile } from "node:fs/promises";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv, createStaff, type Staff } from "./support/accounts.js";
import { createArticle } from "./support/articles.js";
import { graphql, query } from "./support/graphql.js";
import { importTop10Upload } from "./support/imports.js";
import { decodeId } from "./support/ids.js";
import { onPostgres, projectRoot, startServerOnFreshDatabase } from "./support/server.js";

let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
let staff: Staff;

beforeAll(async () => {
  server = await startServerOnFreshDatabase(adminEnv);
  staff = await createStaff(server.url);
});
afterAll(async () => {
  await server?.close();
});

describe("concurrency", () => {
  it("50 concurrent updates from one base version: exactly one wins, 49 CONFLICTs, the history is complete", async () => {
    const article = await createArticle(server.url, staff.editor, { title: "Contended", body: "Version one." });
    const update = `mutation($input: UpdateArticleInput!) { updateArticle(input: $input) { version body } }`;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        graphql(server.url, update, { input: { id: article.id, baseVersion: 1, body: `Edit number ${index}.` } }, index % 2 ? staff.editor : staff.admin),
      ),
    );
    const winners = results.filter((result) => result.body.data?.updateArticle);
    const conflicts = results.filter((result) => result.body.errors?.[0]?.extensions?.code === "CONFLICT");
    expect(winners).toHaveLength(1);
    expect(conflicts).toHaveLength(49);
    const { articleRevisions, article: stored } = await query(
      server.url,
      `{ article(id: "${article.id}") { version body } articleRevisions(id: "${article.id}") { totalCount nodes { number body reason } } }`,
      undefined,
      staff.editor,
    );
    expect(stored).toEqual({ version: 2, body: winners[0]!.body.data.updateArticle.body });
    expect(articleRevisions.totalCount).toBe(2);
    expect(articleRevisions.nodes.map((r: { number: number; reason: string }) => [r.number, r.reason])).toEqual([
      [2, "UPDATE"],
      [1, "CREATE"],
    ]);
  });

  // The save reads the row (locked) and its newest revision in one statement; after waiting for the lock,
  // PostgreSQL re-reads the locked row only, so the revision it read before the wait must not be built on.
  it.runIf(onPostgres)("a save that waited for the row lock builds on the revision committed while it waited", async () => {
    const article = await createArticle(server.url, staff.editor, { title: "Waiting save", body: "One." });
    const rowId = decodeId(article.id).rowId;
    const client = new pg.Client({ connectionString: server.database.url });
    await client.connect();
    try {
      await client.query("BEGIN");
      await client.query(`SELECT 1 FROM "Article" WHERE id = $1 FOR UPDATE`, [rowId]);
      // Another save, written as the service writes one: revision 2 with a new title, the row at version 2.
      await client.query(
        `INSERT INTO "ArticleRevision" ("articleId", number, title, slug, summary, body, "showIds", "changedFields", reason)
         SELECT id, 2, 'Waiting save, retitled', slug, summary, body, '{}', '{title}', 'UPDATE' FROM "Article" WHERE id = $1`,
        [rowId],
      );
      await client.query(`UPDATE "Article" SET version = 2, title = 'Waiting save, retitled' WHERE id = $1`, [rowId]);
      const update = `mutation($input: UpdateArticleInput!) { updateArticle(input: $input) { version title body } }`;
      const saving = graphql(server.url, update, { input: { id: article.id, baseVersion: 2, body: "Two." } }, staff.editor);
      // Commit once the save waits for the lock: its statement's snapshot was taken before the commit.
      for (let waited = 0; ; waited += 1) {
        const { rows } = await client.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
        if (rows[0].n > 0) break;
        if (waited > 200) throw new Error("the save never waited for the row lock");
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      await client.query("COMMIT");
      const saved = await saving;
      expect(saved.body.errors).toBeUndefined();
      expect(saved.body.data.updateArticle).toEqual({ version: 3, title: "Waiting save, retitled", body: "Two." });
      const { articleRevisions } = await query(
        server.url,
        `{ articleRevisions(id: "${article.id}") { nodes { number changedFields } } }`,
        undefined,
        staff.editor,
      );
      expect(articleRevisions.nodes[0]).toEqual({ number: 3, changedFields: ["body"] });
    } finally {
      await client.end();
    }
  });

  it("concurrent imports of the same file leave one copy of each row", async () => {
    const tsv = await readFile(join(projectRoot, "..", "shared", "data", "all-weeks-global.tsv"), "utf8");
    const rows = tsv.trim().split("\n").length - 1;
    const imports = await Promise.all([0, 1, 2].map(() => importTop10Upload(server.url, tsv, "all-weeks-global.tsv", staff.admin)));
    // Together they created each row once; the others found it there (or waited and found it).
    const created = imports.reduce((sum, summary) => sum + summary.created, 0);
    expect(created).toBe(rows - 8);
    const { chartEntries } = await query(server.url, `{ chartEntries(where: {region: "GLOBAL"}, first: 0) { totalCount } }`);
    expect(chartEntries.totalCount).toBe(rows);
  });
});
