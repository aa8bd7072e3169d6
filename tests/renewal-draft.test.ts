import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv, createStaff, type Staff } from "./support/accounts.js";
import { showId } from "./support/articles.js";
import { query } from "./support/graphql.js";
import { importTop10Upload } from "./support/imports.js";
import { projectRoot, startServerOnFreshDatabase } from "./support/server.js";

let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
let staff: Staff;

beforeAll(async () => {
  server = await startServerOnFreshDatabase(adminEnv);
  staff = await createStaff(server.url);
  const file = await readFile(join(projectRoot, "..", "shared", "data", "all-weeks-global.tsv"), "utf8");
  await importTop10Upload(server.url, file, "all-weeks-global.tsv", staff.admin);
});
afterAll(async () => {
  await server?.close();
});

const DRAFT = `mutation($id: ID!, $season: Int!) { draftRenewalArticle(showId: $id, seasonNumber: $season) { id body } }`;
const draft = async (slug: string, season: number) =>
  (await query(server.url, DRAFT, { id: await showId(server.url, slug), season }, staff.writer)).draftRenewalArticle;

describe("explore", () => {
  it("prints", async () => {
    const { writeFile } = await import("node:fs/promises");
    for (const [slug, season] of [["the-imperfects", 2], ["bridgerton", 4], ["bridgerton", 3], ["bridgerton", 2], ["wu-assassins", 2], ["sullivans-crossing", 5]] as const) {
      const article = await draft(slug, season);
      await writeFile(`/tmp/drafts/${slug}-${season}.md`, article.body);
    }
  });
});
