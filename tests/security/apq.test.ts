import { createHash, randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServerOnFreshDatabase } from "../support/server.js";

const REDIS_URL = "redis://127.0.0.1:6379";
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const persisted = (text: string) => ({ persistedQuery: { version: 1, sha256Hash: sha256(text) } });

let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
let memoryServer: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
let redis: Redis;
const prefix = `test-${randomUUID()}:`;
const limits = { APQ_MAX_ENTRIES: "3", APQ_MAX_QUERY_BYTES: "2048", APQ_TTL_SECONDS: "3600" };

beforeAll(async () => {
  redis = new Redis(REDIS_URL);
  [server, memoryServer] = await Promise.all([
    startServerOnFreshDatabase({ REDIS_URL, REDIS_KEY_PREFIX: prefix, RESPONSE_CACHE: "false", ...limits }),
    // Without Redis, each process keeps its own store, bounded the same way.
    startServerOnFreshDatabase(limits),
  ]);
});
afterAll(async () => {
  await Promise.all([server?.close(), memoryServer?.close()]);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

/** Sends a query with its hash (registering it, if the server keeps it). */
async function register(text: string, variables: Record<string, unknown> = {}, url = server.url) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: text, variables, extensions: persisted(text) }),
  });
  return (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
}

/** Asks by hash alone: the query is known, or PERSISTED_QUERY_NOT_FOUND. */
async function byHash(text: string, variables: Record<string, unknown> = {}, url = server.url): Promise<string> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ variables, extensions: persisted(text) }),
  });
  const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
  return body.errors?.[0]?.extensions?.code ?? "KNOWN";
}

const storedKeys = () => redis.keys(`${prefix}apq:*`);

describe("automatic persisted queries are bounded", () => {
  it("a query whose operation fails is not kept: neither refused arguments nor validation errors", async () => {
    const badArgument = `query Lookup($slug: String!) { show(slug: $slug) { title } }`;
    expect((await register(badArgument, { slug: "Not A Slug!" })).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(await byHash(badArgument, { slug: "partner-track" })).toBe("PERSISTED_QUERY_NOT_FOUND");

    const invalid = `{ shows { nodes { noSuchField } } }`;
    expect((await register(invalid)).errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(await byHash(invalid)).toBe("PERSISTED_QUERY_NOT_FOUND");
    expect(await storedKeys()).toEqual([]);
  });

  it("a query longer than APQ_MAX_QUERY_BYTES is answered but not kept", async () => {
    // A comment costs no tokens: the long text passes every other limit.
    const long = `{ __typename # ${"x".repeat(3000)}\n}`;
    expect((await register(long)).data).toEqual({ __typename: "Query" });
    expect(await byHash(long)).toBe("PERSISTED_QUERY_NOT_FOUND");
  });

  it("at most APQ_MAX_ENTRIES are kept, each for APQ_TTL_SECONDS; the newest win", async () => {
    const texts = Array.from({ length: 5 }, (_, index) => `query Probe${index} { __typename }`);
    for (const text of texts) expect((await register(text)).data).toEqual({ __typename: "Query" });
    const keys = (await storedKeys()).filter((key) => !key.endsWith("apq-index"));
    expect(keys).toHaveLength(3);
    for (const key of keys) {
      const ttl = await redis.ttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(3600);
    }
    expect(await Promise.all(texts.map((text) => byHash(text)))).toEqual([
      "PERSISTED_QUERY_NOT_FOUND",
      "PERSISTED_QUERY_NOT_FOUND",
      "KNOWN",
      "KNOWN",
      "KNOWN",
    ]);
  });
});

describe("automatic persisted queries without Redis", () => {
  it("are bounded the same way in the process's memory", async () => {
    const url = memoryServer.url;
    const failing = `query Lookup($slug: String!) { show(slug: $slug) { title } }`;
    expect((await register(failing, { slug: "Not A Slug!" }, url)).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(await byHash(failing, { slug: "partner-track" }, url)).toBe("PERSISTED_QUERY_NOT_FOUND");

    const texts = Array.from({ length: 5 }, (_, index) => `query Memory${index} { __typename }`);
    for (const text of texts) await register(text, {}, url);
    expect(await Promise.all(texts.map((text) => byHash(text, {}, url)))).toEqual([
      "PERSISTED_QUERY_NOT_FOUND",
      "PERSISTED_QUERY_NOT_FOUND",
      "KNOWN",
      "KNOWN",
      "KNOWN",
    ]);
  });
});
