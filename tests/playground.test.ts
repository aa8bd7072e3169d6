import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { adminEnv, createStaff, type Staff } from "./support/accounts.js";
import { graphql } from "./support/graphql.js";
import { startServerOnFreshDatabase } from "./support/server.js";

const url = inject("sharedServerUrl");
const browser = { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };

describe("the in-browser playground", () => {
  it("serves GraphiQL to browsers at /graphql, with every asset from the server itself", async () => {
    const page = await fetch(url, { headers: browser });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain("GraphiQL.createFetcher");
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(sources).toHaveLength(4);
    for (const source of sources) {
      expect(source.startsWith("/playground/assets/"), `${source} must be local`).toBe(true);
      const asset = await fetch(new URL(source, url));
      expect(asset.status, source).toBe(200);
      expect((await asset.arrayBuffer()).byteLength, source).toBeGreaterThan(1000);
    }
  });

  it("leaves GraphQL clients alone: GET queries still answer JSON", async () => {
    const response = await fetch(`${url}?query=${encodeURIComponent("{ show(slug: \"the-imperfects\") { title } }")}`, {
      headers: { accept: "application/json", "apollo-require-preflight": "true" },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { show: { title: "The Imperfects" } } });
  });
});

describe("in production", () => {
  let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
  let staff: Staff;
  beforeAll(async () => {
    server = await startServerOnFreshDatabase({ ...adminEnv, NODE_ENV: "production", JWT_SECRET: "y".repeat(48) });
    staff = await createStaff(server.url);
  });
  afterAll(async () => {
    await server?.close();
  });

  it("the playground is off unless PLAYGROUND=true", async () => {
    const page = await fetch(server.url, { headers: browser });
    expect(await page.text()).not.toContain("GraphiQL");
    expect((await fetch(`${server.origin}/playground/assets/graphiql.js`)).status).toBe(404);
  });

  it("without the playground, introspection is refused to everyone, editors included", async () => {
    for (const headers of [{}, staff.editor, staff.admin]) {
      const refused = await graphql(server.url, `{ __schema { queryType { name } } }`, undefined, headers);
      expect(refused.status).toBe(400);
      expect(refused.body.errors?.[0]?.message).toMatch(/introspection/i);
    }
  });
});

describe("PLAYGROUND=true in production", () => {
  let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
  let staff: Staff;
  beforeAll(async () => {
    server = await startServerOnFreshDatabase({ ...adminEnv, NODE_ENV: "production", JWT_SECRET: "y".repeat(48), PLAYGROUND: "true" });
    staff = await createStaff(server.url);
  });
  afterAll(async () => {
    await server?.close();
  });

  it("serves the playground, and introspection to signed-in editors and admins only", async () => {
    const page = await fetch(server.url, { headers: browser });
    expect(await page.text()).toContain("GraphiQL.createFetcher");
    const introspect = (headers: Record<string, string> = {}) => graphql(server.url, `{ __schema { queryType { name } } }`, undefined, headers);

    for (const [who, headers] of [["anonymous", {}], ["writer", staff.writer]] as const) {
      const refused = await introspect(headers);
      expect(refused.status, who).toBe(400);
      expect(refused.body.errors?.[0]?.extensions?.code, who).toBe("GRAPHQL_VALIDATION_FAILED");
      expect(refused.body.errors?.[0]?.message, who).toMatch(/introspection/i);
      expect(refused.body.data, who).toBeUndefined();
    }
    // Hidden inside a fragment or an alias, it is still introspection.
    const sneaky = await graphql(server.url, `query { ...F } fragment F on Query { t: __type(name: "Show") { name } }`);
    expect(sneaky.status).toBe(400);
    for (const [who, headers] of [["editor", staff.editor], ["admin", staff.admin]] as const) {
      const allowed = await introspect(headers);
      expect(allowed.status, who).toBe(200);
      expect(allowed.body, who).toEqual({ data: { __schema: { queryType: { name: "Query" } } } });
    }
    // Ordinary queries are untouched, and __typename is not introspection.
    const plain = await graphql(server.url, `{ show(slug: "the-imperfects") { __typename title } }`);
    expect(plain.body).toEqual({ data: { show: { __typename: "Show", title: "The Imperfects" } } });
  });
});
