import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
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
  beforeAll(async () => {
    server = await startServerOnFreshDatabase({ NODE_ENV: "production", JWT_SECRET: "y".repeat(48) });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("the playground is off unless PLAYGROUND=true", async () => {
    const page = await fetch(server.url, { headers: browser });
    expect(await page.text()).not.toContain("GraphiQL");
    expect((await fetch(`${server.origin}/playground/assets/graphiql.js`)).status).toBe(404);
  });
});
