import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { graphql } from "./support/graphql.js";
import { startServerOnFreshDatabase } from "./support/server.js";

const url = inject("sharedServerUrl");

describe("bad input gets a clear error naming the offending field", () => {
  it("show() with both id and slug, or with neither", async () => {
    const both = await graphql(url, `{ show(id: "1", slug: "the-imperfects") { title } }`);
    expect(both.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "id" });
    const neither = await graphql(url, `{ show { title } }`);
    expect(neither.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "slug" });
    expect(neither.body.data).toEqual({ show: null });
  });

  it("a page size above the maximum is refused, not silently capped", async () => {
    for (const first of [1000, 101, -1]) {
      const result = await graphql(url, `query($first: Int!) { shows(first: $first) { nodes { title } } }`, { first });
      expect(result.body.errors?.[0]?.extensions, `first: ${first}`).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
      const nested = await graphql(url, `query($n: Int!) { show(slug: "the-imperfects") { chartEntries(last: $n) { totalCount } } }`, { n: first });
      expect(nested.body.errors?.[0]?.extensions, `last: ${first}`).toMatchObject({ code: "BAD_USER_INPUT", field: "last" });
    }
    const ok = await graphql(url, `{ shows(first: 100) { nodes { title } } }`);
    expect(ok.body.errors).toBeUndefined();
  });

  it("a variable that does not fit its type is a 400 BAD_USER_INPUT naming the field", async () => {
    const result = await graphql(url, `query($where: ShowWhere) { shows(where: $where) { totalCount } }`, {
      where: { premiereDate: { from: "", to: "2022-13-45" } },
    });
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "where.premiereDate.from" });
  });

  it("text with a NUL character (which PostgreSQL cannot store) is refused up front, naming the field", async () => {
    const variable = await graphql(url, `query($where: ShowWhere) { shows(where: $where) { totalCount } }`, { where: { titleContains: "a\u0000b" } });
    expect(variable.status).toBe(400);
    expect(variable.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "where.titleContains" });
    // Twice: the second request gets the cached parsed document, and the answer kept with it.
    for (let round = 0; round < 2; round += 1) {
      const literal = await graphql(url, `{ shows(where: {titleContains: "a\\u0000b"}) { totalCount } }`);
      expect(literal.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "query" });
    }
    const clean = await graphql(url, `{ shows(where: {titleContains: "a\\u0030b"}) { totalCount } }`);
    expect(clean.body.errors).toBeUndefined();
  });

  it("a malformed slug or id", async () => {
    const slug = await graphql(url, `{ show(slug: "Not A Slug!") { title } }`);
    expect(slug.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "slug" });
    const id = await graphql(url, `{ person(id: "abc") { name } }`);
    expect(id.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "id" });
  });

  it("a syntax error is HTTP 400 GRAPHQL_PARSE_FAILED, never a 500", async () => {
    const result = await graphql(url, `{ shows(first: 2) { nodes { title `);
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
  });

  it("an unknown field is HTTP 400 GRAPHQL_VALIDATION_FAILED", async () => {
    const result = await graphql(url, `{ shows { nodes { title budget } } }`);
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("a wrong enum value is refused before execution", async () => {
    const result = await graphql(url, `{ shows(where: {status: MAYBE}) { nodes { title } } }`);
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.message).toMatch(/MAYBE/);
  });
});

describe("production mode", () => {
  let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
  beforeAll(async () => {
    server = await startServerOnFreshDatabase({ NODE_ENV: "production", JWT_SECRET: "x".repeat(48), SEED_ON_START: "true" });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("refuses introspection", async () => {
    const result = await graphql(server.url, `{ __schema { types { name } } }`);
    expect(result.body.errors?.[0]?.message).toMatch(/introspection/i);
    expect(result.body.data).toBeUndefined();
  });

  it("sends no stack traces and no statement counts, and still answers", async () => {
    const bad = await graphql(server.url, `{ show(id: "1", slug: "x") { title } }`);
    expect(bad.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(JSON.stringify(bad.body)).not.toMatch(/stacktrace|at .*\.js:\d+/);
    const good = await graphql(server.url, `{ show(slug: "the-imperfects") { title } }`);
    expect(good.body.data).toEqual({ show: { title: "The Imperfects" } });
    expect(good.headers.get("x-sql-statements")).toBeNull();
  });
});
