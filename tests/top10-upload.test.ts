import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv, createStaff, type Staff } from "./support/accounts.js";
import { graphql, query } from "./support/graphql.js";
import { importTop10Upload, unfinishedUpload as unfinishedTop10Upload, uploadTop10 } from "./support/imports.js";
import { projectRoot, startServerOnFreshDatabase } from "./support/server.js";

let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
let staff: Staff;
let globalFile: Buffer;
const UPLOAD_LIMIT = 1024 * 1024;

beforeAll(async () => {
  server = await startServerOnFreshDatabase({ ...adminEnv, IMPORT_MAX_BYTES: String(UPLOAD_LIMIT) });
  staff = await createStaff(server.url);
  globalFile = await readFile(join(projectRoot, "..", "shared", "data", "all-weeks-global.tsv"));
});
afterAll(async () => {
  await server?.close();
});

/** An upload to /imports/top10 whose body never ends (support/imports.ts): answered from the headers alone. */
const unfinishedUpload = (headers: Record<string, string>) => unfinishedTop10Upload(server.url, "/imports/top10?fileName=huge.tsv", headers);

describe("POST /imports/top10 (streaming upload)", () => {
  it("checks the admin token before reading a byte of the body: 401 without or with a bad token, 403 for an editor", async () => {
    const anonymous = await unfinishedUpload({});
    expect(anonymous).toMatchObject({ status: 401, body: { errors: [{ extensions: { code: "UNAUTHENTICATED" } }] } });
    const forged = await unfinishedUpload({ authorization: "Bearer x" });
    expect(forged).toMatchObject({ status: 401, body: { errors: [{ extensions: { code: "UNAUTHENTICATED" } }] } });
    const editor = await unfinishedUpload(staff.editor);
    expect(editor).toMatchObject({ status: 403, body: { errors: [{ extensions: { code: "FORBIDDEN" } }] } });
  });

  it("imports the real global file from the raw body and answers the import summary (the mutation's fields)", async () => {
    const rows = globalFile.toString("utf8").trim().split("\n").length - 1;
    const summary = await importTop10Upload(server.url, globalFile, "all-weeks-global.tsv", staff.admin);
    expect(summary).toMatchObject({ file: "all-weeks-global.tsv", format: "global", rowsRead: rows, created: rows - 8, updated: 0, unchanged: 8 });
    expect(Object.keys(summary).sort()).toEqual([
      "created",
      "file",
      "format",
      "olderThanHeld",
      "rowsRead",
      "seasonsCreated",
      "showsCreated",
      "showsRemoved",
      "unchanged",
      "updated",
      "warnings",
    ]);
    const { chartEntries } = await query(server.url, `{ chartEntries(where: {region: "GLOBAL"}, first: 0) { totalCount } }`);
    expect(chartEntries.totalCount).toBe(rows);
    // The background jobs waited for the connection the import held (the embedded engine has one) without failing.
    expect(server.logs()).not.toContain("Background job failed");
  });

  it("a bad row is 400 BAD_USER_INPUT with file:line (column), and nothing is written", async () => {
    const lines = globalFile.toString("utf8").split("\n");
    const fresh = "2026-11-29\tTV (English)\t1\tUpload Test Show\tN/A\t100\t\t\t1";
    const broken = "2026-11-29\tTV (English)\t2\tAnother Upload Show\tN/A\tlots\t\t\t1";
    const result = await uploadTop10(server.url, `${lines[0]}\n${fresh}\n${broken}\n`, { fileName: "bad.tsv", headers: staff.admin });
    expect(result.status).toBe(400);
    expect(result.body.errors[0].message).toMatch(/^bad\.tsv:3 \(column weekly_hours_viewed\)/);
    expect(result.body.errors[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "body", line: 3, column: "weekly_hours_viewed" });
    // The valid row before the bad one was not kept either: its show was never created.
    const { show } = await query(server.url, `{ show(slug: "upload-test-show") { id } }`);
    expect(show).toBeNull();
  });

  it("views beyond what a row holds (over 2,147,483,647) are BAD_USER_INPUT naming the column, never a server error", async () => {
    const lines = globalFile.toString("utf8").split("\n");
    const huge = "2026-11-29\tTV (English)\t1\tHuge Views Show\tN/A\t100\t\t3000000000\t1";
    const result = await uploadTop10(server.url, `${lines[0]}\n${huge}\n`, { fileName: "huge.tsv", headers: staff.admin });
    expect(result.status).toBe(400);
    expect(result.body.errors[0].message).toMatch(/^huge\.tsv:2 \(column weekly_views\)/);
    expect(result.body.errors[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "body", line: 2, column: "weekly_views" });
    const { show } = await query(server.url, `{ show(slug: "huge-views-show") { id } }`);
    expect(show).toBeNull();
  });

  it("has its own size limit, streamed: a larger file is 413 PAYLOAD_TOO_LARGE", async () => {
    const big = Buffer.concat([globalFile, globalFile]);
    expect(big.length).toBeGreaterThan(UPLOAD_LIMIT);
    const result = await uploadTop10(server.url, big, { fileName: "big.tsv", headers: staff.admin });
    expect(result.status).toBe(413);
    expect(result.body.errors[0].extensions.code).toBe("PAYLOAD_TOO_LARGE");
  });
});

describe("the /graphql body limit", () => {
  it("is the small one for everyone: an Authorization header, forged or real, no longer lifts it", async () => {
    const large = JSON.stringify({ query: `mutation($tsv: String!) { importTop10(tsv: $tsv) { rowsRead } }`, variables: { tsv: "x".repeat(300 * 1024) } });
    for (const headers of [{}, { authorization: "Bearer x" }, staff.admin]) {
      const response = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: large });
      expect(response.status).toBe(413);
      expect((await response.json()).errors[0].extensions.code).toBe("PAYLOAD_TOO_LARGE");
    }
  });

  it("importTop10 (the mutation) takes small files only, and points larger ones to the upload", async () => {
    const lines = globalFile.toString("utf8").split("\n");
    const small = await query(server.url, `mutation($tsv: String!) { importTop10(tsv: $tsv, fileName: "small.tsv") { file rowsRead unchanged } }`, { tsv: lines.slice(0, 11).join("\n") }, staff.admin);
    expect(small.importTop10).toEqual({ file: "small.tsv", rowsRead: 10, unchanged: 10 });
    // Over 128 KB but inside the body limit.
    const tooLarge = await graphql(server.url, `mutation($tsv: String!) { importTop10(tsv: $tsv) { rowsRead } }`, { tsv: lines.slice(0, 2000).join("\n").slice(0, 140 * 1024) }, staff.admin);
    expect(tooLarge.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "tsv" });
    expect(tooLarge.body.errors?.[0]?.message).toContain("/imports/top10");
  });
});
