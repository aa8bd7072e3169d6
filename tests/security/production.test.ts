import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, adminEnv } from "../support/accounts.js";
import { graphql } from "../support/graphql.js";
import { startServerOnFreshDatabase } from "../support/server.js";

// A server in production mode: what the public internet would talk to.
let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;

beforeAll(async () => {
  server = await startServerOnFreshDatabase({
    ...adminEnv,
    NODE_ENV: "production",
    JWT_SECRET: "p".repeat(48),
    CORS_ORIGINS: "https://app.example.com",
    // Off by default in production; on here to prove refused requests never reach the database.
    EXPOSE_SQL_STATEMENT_COUNT: "true",
  });
});
afterAll(async () => {
  await server?.close();
});

/** Nothing internal in an error: no stack, SQL, file path or Prisma wording, and always a code. */
function expectClean(errors: { message: string; extensions?: Record<string, unknown> }[] | undefined) {
  expect(errors?.length).toBeGreaterThan(0);
  for (const error of errors!) {
    expect(typeof error.extensions?.code).toBe("string");
    expect(error.extensions).not.toHaveProperty("stacktrace");
    expect(JSON.stringify(error)).not.toMatch(/\/work\/|node_modules|\.ts:|\.js:\d|prisma|SELECT |INSERT |postgres/i);
  }
}

describe("a production server refuses hostile requests cleanly", () => {
  it("introspection is off and validation errors suggest no field names", async () => {
    const introspection = await graphql(server.url, `{ __schema { types { name } } }`);
    expect(introspection.status).toBe(400);
    expectClean(introspection.body.errors);
    const typo = await graphql(server.url, `{ shows { nodes { titel } } }`);
    expect(typo.status).toBe(400);
    expect(typo.body.errors?.[0]?.message).not.toMatch(/Did you mean/);
    expectClean(typo.body.errors);
  });

  it("a syntax error is a 400, never a 500, and carries no internals", async () => {
    const result = await graphql(server.url, `{ shows(first: ) { nodes { title } }`);
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
    expectClean(result.body.errors);
  });

  it("CSRF: mutations over GET and simple-content-type POSTs are refused", async () => {
    const mutation = `mutation { signIn(email: "${ADMIN.email}", password: "${ADMIN.password}") { token } }`;
    const overGet = await fetch(`${server.url}?query=${encodeURIComponent(mutation)}`, { headers: { "apollo-require-preflight": "true" } });
    expect(overGet.status).toBe(405);
    const simple = await fetch(server.url, { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify({ query: mutation }) });
    expect(simple.status).toBe(400);
    const form = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `query=${encodeURIComponent(mutation)}`,
    });
    expect(form.status).toBe(400);
  });

  it("an anonymous body above the limit is a 413 JSON error; malformed JSON a 400", async () => {
    const huge = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ __typename }", variables: { padding: "x".repeat(300 * 1024) } }),
    });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toEqual({ errors: [{ message: "The request body is too large.", extensions: { code: "PAYLOAD_TOO_LARGE" } }] });
    const malformed = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"query": ' });
    expect(malformed.status).toBe(400);
    expectClean(((await malformed.json()) as { errors: { message: string }[] }).errors);
    // The server is still there for everyone else.
    expect((await graphql(server.url, `{ __typename }`)).status).toBe(200);
  });

  it("bad tokens are UNAUTHENTICATED results that say what is wrong and nothing more", async () => {
    for (const authorization of ["Bearer not-a-jwt", "Basic abc", `Bearer ${"e30".repeat(3)}.e30.e30`]) {
      const result = await graphql(server.url, `{ me { id } }`, undefined, { authorization });
      expect(result.status, authorization).toBe(200);
      expect(result.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      expectClean(result.body.errors);
    }
  });

  it("CORS: only the configured origins, never a wildcard", async () => {
    const preflight = (origin: string) =>
      fetch(server.url, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type,authorization" },
      });
    const allowed = await preflight("https://app.example.com");
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    expect(allowed.headers.get("access-control-allow-methods")).toBe("GET,POST");
    const foreign = await preflight("https://evil.example.net");
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
    const simple = await graphql(server.url, `{ __typename }`, undefined, { origin: "https://evil.example.net" });
    expect(simple.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("alias, directive, fragment-cycle, depth and size attacks are refused before execution while others are served", async () => {
    const attacks: Record<string, { query: string; code: string }> = {
      aliases: { query: `{ ${Array.from({ length: 500 }, (_, index) => `a${index}: __typename`).join(" ")} }`, code: "TOO_MANY_ALIASES" },
      directives: { query: `{ __typename ${"@include(if: true) ".repeat(800)}}`, code: "GRAPHQL_PARSE_FAILED" },
      cycle: { query: `{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }`, code: "GRAPHQL_VALIDATION_FAILED" },
      depth: { query: `{ show(slug: "the-imperfects") ${"{ seasons { show ".repeat(8)}{ title }${" } }".repeat(8)} }`, code: "QUERY_TOO_DEEP" },
      width: { query: `{ shows(first: 100) { nodes { chartEntries(first: 100) { nodes { show { chartEntries(first: 100) { nodes { rank } } } } } } } }`, code: "QUERY_TOO_COMPLEX" },
      duplicates: { query: `{ ${"shows { totalCount } ".repeat(2000)}}`, code: "GRAPHQL_PARSE_FAILED" },
    };
    const hostile = Object.entries(attacks).flatMap(([name, attack]) =>
      Array.from({ length: 15 }, async () => ({ name, expected: attack.code, result: await graphql(server.url, attack.query) })),
    );
    const legitimate = graphql(server.url, `{ show(slug: "the-imperfects") { title } }`);
    const outcomes = await Promise.all(hostile);
    for (const { name, expected, result } of outcomes) {
      expect(result.status, name).toBe(400);
      expect(result.body.errors?.[0]?.extensions?.code, name).toBe(expected);
      expect(result.headers.get("x-sql-statements"), name).toBe("0");
    }
    expect((await legitimate).body).toEqual({ data: { show: { title: "The Imperfects" } } });
  });
});
