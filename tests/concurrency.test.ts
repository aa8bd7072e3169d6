import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv, createStaff, type Staff } from "./support/accounts.js";
import { createArticle } from "./support/articles.js";
import { graphql, query } from "./support/graphql.js";
import { importTop10Upload } from "./support/imports.js";
import { projectRoot, startServerOnFreshDatabase } from "./support/server.js";

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
