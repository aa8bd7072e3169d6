import { createHash, randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv, createStaff, type Staff } from "./support/accounts.js";
import { createArticle } from "./support/articles.js";
import { graphql, query } from "./support/graphql.js";
import { onPostgres, startServer, startServerOnFreshDatabase, type RunningServer } from "./support/server.js";

// Redis on the machine is shared with other runs: every key of this file lives under its own prefix.
const REDIS_URL = "redis://127.0.0.1:6379";
const prefix = `test-${randomUUID()}:`;
const redis = new Redis(REDIS_URL);
const cacheEnv = { ...adminEnv, REDIS_URL, REDIS_KEY_PREFIX: prefix, CACHE_MAX_AGE: "60" };

let first: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
let second: Awaited<ReturnType<typeof startServerOnFreshDatabase>> | RunningServer;
let staff: Staff;

beforeAll(async () => {
  first = await startServerOnFreshDatabase(cacheEnv);
  // A second instance: on PostgreSQL it shares the database; embedded, it has its own copy of the seed.
  second = onPostgres
    ? await startServer({ ...first.database.env, ...cacheEnv, MIGRATE_ON_START: "false", SEED_ON_START: "false" })
    : await startServerOnFreshDatabase(cacheEnv);
  staff = await createStaff(first.url);
});
afterAll(async () => {
  await ("close" in second ? second.close() : second?.stop());
  await first?.close();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

function getUrl(url: string, params: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) search.set(key, typeof value === "string" ? value : JSON.stringify(value));
  return `${url}?${search}`;
}

/** A GET as a CDN would forward it (Apollo's CSRF protection wants this header on GETs). */
async function get(url: string, params: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(getUrl(url, params), { headers: { "apollo-require-preflight": "true", ...headers } });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

describe("automatic persisted queries over GET", () => {
  const text = `query ShowStatus($slug: String!) { show(slug: $slug) { title status } }`;
  const persisted = { persistedQuery: { version: 1, sha256Hash: sha256(text) } };

  it("an unknown hash asks for the query; once sent, the hash alone answers, on every instance", async () => {
    const unknown = await get(first.url, { extensions: persisted, variables: { slug: "the-imperfects" } });
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");

    const register = await fetch(first.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: text, variables: { slug: "partner-track" }, extensions: persisted }),
    });
    expect(((await register.json()) as any).data.show.title).toBe("Partner Track");

    for (const server of [first, second]) {
      const byHash = await get(server.url, { extensions: persisted, variables: { slug: "the-imperfects" } });
      expect(byHash.status).toBe(200);
      expect(byHash.body).toEqual({ data: { show: { title: "The Imperfects", status: "CANCELED" } } });
      expect(byHash.headers.get("cache-control")).toBe("public, max-age=60");
      expect(byHash.headers.get("vary")).toMatch(/Authorization/i);
    }
  });

  it("a hash that does not match its query is refused", async () => {
    const wrong = await fetch(first.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ __typename }", extensions: { persistedQuery: { version: 1, sha256Hash: sha256("other") } } }),
    });
    expect(wrong.status).toBe(400);
    const error = ((await wrong.json()) as any).errors[0];
    expect(error.message).toMatch(/sha/i);
    expect(error.extensions.code).toBe("BAD_REQUEST");
  });

  it("mutations are never run over GET", async () => {
    const response = await fetch(getUrl(first.url, { query: `mutation { archiveArticle(id: "1") { id } }` }), {
      headers: { "apollo-require-preflight": "true" },
    });
    expect(response.status).toBe(405);
  });
});

describe("Cache-Control", () => {
  it("public for anonymous queries; private or no-store for signed-in readers, mutations and errors", async () => {
    const anonymous = await graphql(first.url, `{ shows(first: 2) { nodes { title } } }`);
    expect(anonymous.headers.get("cache-control")).toBe("public, max-age=60");
    const signedIn = await graphql(first.url, `{ shows(first: 2) { nodes { title } } }`, undefined, staff.editor);
    expect(signedIn.headers.get("cache-control")).toBe("private, no-store");
    const failing = await graphql(first.url, `{ show(slug: "Bad Slug") { title } }`);
    expect(failing.headers.get("cache-control")).toBe("no-store");
    const mutation = await graphql(first.url, `mutation { signIn(email: "nobody@tests.invalid", password: "wrong-password-x") { token } }`);
    expect(mutation.headers.get("cache-control")).toBe("no-store");
  });
});

describe("the shared response cache (Redis)", () => {
  const list = `{ articles(first: 50) { totalCount nodes { id title } } }`;

  it("answers a repeated anonymous query from Redis; signed-in requests bypass it", async () => {
    const miss = await graphql(first.url, list);
    expect(miss.headers.get("x-cache")).toBe("MISS");
    const hit = await graphql(first.url, list);
    expect(hit.headers.get("x-cache")).toBe("HIT");
    expect(hit.body).toEqual(miss.body);
    // A hit runs no SQL at all.
    expect(hit.headers.get("x-sql-statements")).toBe("0");
    const editor = await graphql(first.url, list, undefined, staff.editor);
    expect(editor.headers.get("x-cache")).toBeNull();
  });

  it("publishing invalidates cached answers on every instance; drafts never enter the cache", async () => {
    // Its own query text on the second instance, so each instance computes (and caches) its own answer.
    const otherList = `{ latest: articles(first: 50) { totalCount nodes { id title } } }`;
    const before = await query(first.url, list);
    await graphql(first.url, list);
    await graphql(second.url, otherList);
    expect((await graphql(second.url, otherList)).headers.get("x-cache")).toBe("HIT");

    const article = await createArticle(first.url, staff.editor, { title: "Cache buster", body: "New." });
    // A draft changes nothing public: the cached answer stays, and never shows the draft.
    const whileDraft = await graphql(first.url, list);
    expect(whileDraft.headers.get("x-cache")).toBe("HIT");
    expect(whileDraft.body.data).toEqual(before);

    await query(first.url, `mutation { publishArticle(id: "${article.id}") { status } }`, undefined, staff.editor);
    const afterPublish = await graphql(first.url, list);
    expect(afterPublish.headers.get("x-cache")).toBe("MISS");
    expect(afterPublish.body.data.articles.totalCount).toBe(before.articles.totalCount + 1);
    expect(afterPublish.body.data.articles.nodes.map((a: { id: string }) => a.id)).toContain(article.id);
    // The other instance learns of it through Redis, with no message of its own.
    const elsewhere = await graphql(second.url, otherList);
    expect(elsewhere.headers.get("x-cache")).toBe("MISS");
    if (onPostgres) expect(elsewhere.body.data.latest).toEqual(afterPublish.body.data.articles);

    await query(first.url, `mutation { unpublishArticle(id: "${article.id}") { status } }`, undefined, staff.editor);
    const afterUnpublish = await graphql(first.url, list);
    expect(afterUnpublish.headers.get("x-cache")).toBe("MISS");
    expect(afterUnpublish.body.data).toEqual(before);
  });

  it("recording and retracting a status fact invalidate cached answers: readers see the derived status at once", async () => {
    const status = `{ show(slug: "one-piece") { status statusAnnouncedAt statusHistory { status } } }`;
    const before = await graphql(first.url, status);
    expect(before.body.data.show).toEqual({ status: "PENDING", statusAnnouncedAt: null, statusHistory: [] });
    expect((await graphql(first.url, status)).headers.get("x-cache")).toBe("HIT");

    const showId = (await query(first.url, `{ show(slug: "one-piece") { id } }`)).show.id;
    const recorded = await query(
      first.url,
      `mutation($input: RecordStatusChangeInput!) { recordStatusChange(input: $input) { id } }`,
      { input: { showId, seasonNumber: 2, status: "RENEWED", announcedAt: "2023-09-14", sourceUrl: "https://about.netflix.com/en/news" } },
      staff.editor,
    );
    const afterRecord = await graphql(first.url, status);
    expect(afterRecord.headers.get("x-cache")).toBe("MISS");
    expect(afterRecord.body.data.show).toEqual({ status: "RENEWED", statusAnnouncedAt: "2023-09-14", statusHistory: [{ status: "RENEWED" }] });

    await query(first.url, `mutation { retractStatusChange(id: "${recorded.recordStatusChange.id}", reason: "Misread.") { id } }`, undefined, staff.editor);
    const afterRetract = await graphql(first.url, status);
    expect(afterRetract.headers.get("x-cache")).toBe("MISS");
    expect(afterRetract.body.data).toEqual(before.body.data);
  });

  it("with Redis unreachable the server still answers, uncached", async () => {
    const server = await startServerOnFreshDatabase({ ...cacheEnv, REDIS_URL: "redis://127.0.0.1:1" });
    try {
      for (let index = 0; index < 2; index += 1) {
        const result = await graphql(server.url, list);
        expect(result.status).toBe(200);
        expect(result.body.errors).toBeUndefined();
        expect(result.headers.get("x-cache")).toBeNull();
      }
    } finally {
      await server.close();
    }
  });
});
