import { serverAudits } from "graphql-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv } from "../support/accounts.js";
import { startServerOnFreshDatabase } from "../support/server.js";

const APP_ORIGIN = "https://app.example.com";
let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;

beforeAll(async () => {
  server = await startServerOnFreshDatabase({ ...adminEnv, CORS_ORIGINS: APP_ORIGIN });
});
afterAll(async () => {
  await server?.close();
});

const publicQuery = `{ show(slug: "the-imperfects") { title } }`;
const getUrl = (params: Record<string, string>) => `${server.url}?${new URLSearchParams(params)}`;

describe("the GraphQL-over-HTTP audit (graphql-http)", () => {
  it("passes every MUST", async () => {
    const results = await Promise.all(serverAudits({ url: server.url }).map((audit) => audit.fn()));
    const mustFailures = results.filter((result) => result.name.startsWith("MUST") && result.status !== "ok");
    expect(mustFailures.map(({ name, reason }: { name: string; reason?: string }) => ({ name, reason }))).toEqual([]);
    expect(results.filter((result) => result.name.startsWith("MUST")).length).toBeGreaterThan(10);
  });
});

describe("caching headers", () => {
  it("a public answer to a CORS request varies on Origin, Authorization and Accept", async () => {
    const response = await fetch(getUrl({ query: publicQuery }), { headers: { origin: APP_ORIGIN, accept: "application/json" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toMatch(/^public, max-age=\d+$/);
    expect(response.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
    const vary = (response.headers.get("vary") ?? "").split(",").map((name) => name.trim().toLowerCase());
    expect(vary).toEqual(expect.arrayContaining(["origin", "authorization", "accept"]));
  });
});

describe("GET and CSRF", () => {
  it("answers a GET query with no custom header, as standard clients send it", async () => {
    const response = await fetch(getUrl({ query: publicQuery }), { headers: { accept: "application/graphql-response+json" } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { show: { title: "The Imperfects" } } });
  });

  it("never runs a mutation over GET, even with the preflight header", async () => {
    const mutation = `mutation { signIn(email: "${adminEnv.ADMIN_EMAIL}", password: "${adminEnv.ADMIN_PASSWORD}") { token } }`;
    for (const headers of [{}, { "apollo-require-preflight": "true" }] as Record<string, string>[]) {
      const response = await fetch(getUrl({ query: mutation }), { headers: { accept: "application/json", ...headers } });
      expect(response.status).toBe(405);
      expect(JSON.stringify(await response.json())).not.toContain("token\":\"");
    }
  });

  it("refuses POSTs a cross-site page could send without a preflight", async () => {
    const mutation = `mutation { signIn(email: "${adminEnv.ADMIN_EMAIL}", password: "${adminEnv.ADMIN_PASSWORD}") { token } }`;
    for (const [contentType, body] of [
      ["text/plain", JSON.stringify({ query: mutation })],
      ["application/x-www-form-urlencoded", `query=${encodeURIComponent(mutation)}`],
      ["multipart/form-data; boundary=x", `--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n${mutation}\r\n--x--\r\n`],
    ] as const) {
      const response = await fetch(server.url, { method: "POST", headers: { "content-type": contentType, origin: "https://evil.example.net" }, body });
      expect(response.status, contentType).toBe(400);
      const answer = (await response.json()) as { errors: { extensions: { code: string } }[]; data?: unknown };
      expect(answer.errors[0]!.extensions.code).toBe("BAD_REQUEST");
      expect(answer.data).toBeUndefined();
    }
    // The same with a preflight-forcing header is the client's explicit choice (CORS then guards it).
    const json = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: publicQuery }) });
    expect(json.status).toBe(200);
  });

  it("opens the playground with a linked query when a browser navigates to /graphql?query=", async () => {
    const linked = `{ show(slug: "the-imperfects") { title } } # </script><script>alert(1)</script>`;
    const response = await fetch(getUrl({ query: linked }), {
      headers: { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain("GraphiQL.createFetcher");
    expect(html).toContain(`query: ${JSON.stringify(linked).replace(/</g, "\\u003c")}`);
    expect(html).not.toContain("<script>alert(1)</script>");
  });
});

describe("authentication failures by media type", () => {
  it("is HTTP 200 with application/json and 401 with WWW-Authenticate for graphql-response+json", async () => {
    const headers = { "content-type": "application/json", authorization: "Bearer not.a.token" };
    const body = JSON.stringify({ query: publicQuery });
    const asJson = await fetch(server.url, { method: "POST", headers: { ...headers, accept: "application/json" }, body });
    expect(asJson.status).toBe(200);
    expect(asJson.headers.get("www-authenticate")).toBeNull();
    expect(((await asJson.json()) as any).errors[0].extensions.code).toBe("UNAUTHENTICATED");
    const asSpec = await fetch(server.url, { method: "POST", headers: { ...headers, accept: "application/graphql-response+json" }, body });
    expect(asSpec.status).toBe(401);
    expect(asSpec.headers.get("www-authenticate")).toMatch(/^Bearer\b/);
    expect(((await asSpec.json()) as any).errors[0].extensions.code).toBe("UNAUTHENTICATED");
  });
});

describe("typed scalars", () => {
  it("gives every custom scalar a @specifiedBy URL", async () => {
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ __schema { types { kind name specifiedByURL } } }` }),
    });
    const { data } = (await response.json()) as { data: { __schema: { types: { kind: string; name: string; specifiedByURL: string | null }[] } } };
    const builtIn = new Set(["String", "Int", "Float", "Boolean", "ID"]);
    const custom = data.__schema.types.filter((type) => type.kind === "SCALAR" && !builtIn.has(type.name));
    expect(custom.map((type) => type.name)).toEqual(expect.arrayContaining(["Date", "DateTime", "JSONObject", "NonNegativeInt", "PositiveInt", "URL"]));
    for (const scalar of custom) expect(scalar.specifiedByURL, scalar.name).toMatch(/^https?:\/\//);
  });
});
