// Netflix's Most Popular entries keep pointing at the right show and season when shows change under them: a
// Top 10 import that creates the show, a merge that removes it, its unmerge, a split that takes a season away.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, adminEnv, importGlobalTop10, signIn } from "./support/accounts.js";
import { bearer, graphql, query } from "./support/graphql.js";
import { importTop10Upload } from "./support/imports.js";
import { projectRoot, startServerOnFreshDatabase } from "./support/server.js";

const data = join(projectRoot, "..", "shared", "data");
let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
let admin: Record<string, string>;

beforeAll(async () => {
  server = await startServerOnFreshDatabase(adminEnv);
  admin = bearer(await signIn(server.url, ADMIN.email, ADMIN.password));
}, 600_000);
afterAll(async () => {
  await server?.close();
});

const LIST = `{ mostPopular(category: TV_NON_ENGLISH) { rank showTitle seasonTitle show { id slug title } season { id number show { id } } } }`;
const nonEnglish = async () => (await query(server.url, LIST)).mostPopular as any[];
const squidGame = (entries: any[]) => entries.filter((entry) => entry.showTitle === "Squid Game");

async function showBySlug(slug: string) {
  const { show } = await query(server.url, `query($slug: String!) { show(slug: $slug) { id slug title version seasons { id number } } }`, { slug });
  return show;
}

describe("Most Popular matches are redone whenever shows change", () => {
  it("an entry imported before its show's Top 10 rows is matched by the Top 10 import that creates the show", async () => {
    const summary = await importTop10Upload(server.url, await readFile(join(data, "most-popular.tsv")), "most-popular.tsv", admin);
    expect(summary.warnings[0]).toMatch(/Squid Game/);
    expect(squidGame(await nonEnglish()).map((entry) => entry.show)).toEqual([null, null, null]);

    await importGlobalTop10(server.url);
    const squid = await showBySlug("squid-game");
    const entries = squidGame(await nonEnglish());
    expect(entries.map((entry) => [entry.rank, entry.show?.id, entry.season?.number, entry.season?.show.id])).toEqual(
      [1, 2, 3].map((number) => [number, squid.id, number, squid.id]),
    );
    for (const entry of entries) expect(squid.seasons.map((season: any) => season.id)).toContain(entry.season.id);
  }, 600_000);

  let mergeId: string;

  it("a merge sends the removed show's entries to the show it was merged into", async () => {
    const [source, target] = [await showBySlug("squid-game"), await showBySlug("alice-in-borderland")];
    expect(target).not.toBeNull();
    const merged = await graphql(
      server.url,
      `mutation($input: MergeShowsInput!) { mergeShows(input: $input) { mergeId target { id seasons { id number } } } }`,
      { input: { sourceId: source.id, targetId: target.id, sourceBaseVersion: source.version, targetBaseVersion: target.version } },
      admin,
    );
    expect(merged.body.errors).toBeUndefined();
    mergeId = merged.body.data.mergeShows.mergeId;
    const seasons = merged.body.data.mergeShows.target.seasons;
    const entries = squidGame(await nonEnglish());
    // Not null (the foreign key's SET NULL when the source went) but the target and its seasons of those numbers.
    expect(entries.map((entry) => [entry.show?.id, entry.season?.id])).toEqual(
      [1, 2, 3].map((number) => [target.id, seasons.find((season: any) => season.number === number)!.id]),
    );
  });

  it("an unmerge gives them back to the restored show", async () => {
    const result = await graphql(server.url, `mutation($id: ID!) { unmergeShows(mergeId: $id) { source { id slug } } }`, { id: mergeId }, admin);
    expect(result.body.errors).toBeUndefined();
    const squid = await showBySlug("squid-game");
    expect(result.body.data.unmergeShows.source.id).toBe(squid.id);
    const entries = squidGame(await nonEnglish());
    expect(entries.map((entry) => [entry.show?.id, entry.season?.number, entry.season?.show.id])).toEqual([1, 2, 3].map((number) => [squid.id, number, squid.id]));
  });

  it("a split moves the entry of the season split off to the new show, and leaves the others", async () => {
    const squid = await showBySlug("squid-game");
    const result = await graphql(
      server.url,
      `mutation($input: SplitShowInput!) { splitShow(input: $input) { newShow { id slug seasons { id number } } } }`,
      { input: { showId: squid.id, baseVersion: squid.version, seasonTitles: ["Squid Game: Season 2"], newShow: { title: "Squid Game 2", kind: "SERIES", slug: "squid-game-two" } } },
      admin,
    );
    expect(result.body.errors).toBeUndefined();
    const fresh = result.body.data.splitShow.newShow;
    const entries = squidGame(await nonEnglish());
    expect(entries.map((entry) => [entry.rank, entry.show?.id, entry.season?.show.id])).toEqual([
      [1, squid.id, squid.id],
      [2, fresh.id, fresh.id],
      [3, squid.id, squid.id],
    ]);
    expect(fresh.seasons.map((season: any) => season.id)).toContain(entries[1].season.id);
  });

  it("a later Top 10 import keeps the matches as the routes say", async () => {
    const before = await nonEnglish();
    await importGlobalTop10(server.url);
    expect(await nonEnglish()).toEqual(before);
  }, 600_000);
});
