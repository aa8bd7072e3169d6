import { readFile } from "node:fs/promises";
import { globalId } from "../support/ids.js";
import { join } from "node:path";
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLInputType,
  type GraphQLNamedType,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv, createStaff, type Staff } from "../support/accounts.js";
import { graphql, query } from "../support/graphql.js";
import { projectRoot, startServerOnFreshDatabase } from "../support/server.js";

// Client mistakes that used to reach the database (or graphql-js's executor) and come back as
// INTERNAL_SERVER_ERROR: each must be a client error naming its field, on a production server.
let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
let staff: Staff;

beforeAll(async () => {
  server = await startServerOnFreshDatabase({ ...adminEnv, NODE_ENV: "production", JWT_SECRET: "c".repeat(48), SEED_ON_START: "true" });
  staff = await createStaff(server.url);
});
afterAll(async () => {
  await server?.close();
});

// A well-formed global id whose row key no int4 column holds.
const TOO_BIG_ID = globalId("Show", 2147483648);

/** A value that fits `type` (required input fields only), with `target` (a dotted path of input fields) set to `leaf`. */
function sampleValue(type: GraphQLInputType, target: string[], leaf: unknown): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType, target, leaf);
  if (isListType(type)) return [sampleValue(type.ofType, target, leaf)];
  if (target.length === 0 && getNamedType(type).name === "ID") return leaf;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (field.name === target[0]) value[field.name] = sampleValue(field.type, target.slice(1), leaf);
      else if (isNonNullType(field.type) && field.defaultValue === undefined) value[field.name] = sampleValue(field.type, [], leaf);
    }
    return value;
  }
  if (isEnumType(type)) return type.getValues()[0]!.value;
  const samples: Record<string, unknown> = {
    ID: "1", String: "sample text", Int: 1, Float: 1, Boolean: true, Date: "2022-01-02", DateTime: "2030-01-01T00:00:00Z",
    URL: "https://example.com/hook", PositiveInt: 1, NonNegativeInt: 1, NonNegativeFloat: 1,
  };
  if (isScalarType(type) && type.name in samples) return samples[type.name];
  throw new Error(`no sample for ${String(type)}`);
}

/** Every path of input fields under `type` that ends in an ID, e.g. ["renewal", "showId"]. */
function idPaths(type: GraphQLNamedType, seen = new Set<string>()): string[][] {
  if (type.name === "ID") return [[]];
  if (!isInputObjectType(type) || seen.has(type.name)) return [];
  const inner = new Set([...seen, type.name]);
  return Object.values(type.getFields()).flatMap((field) => idPaths(getNamedType(field.type), inner).map((path) => [field.name, ...path]));
}

describe("ids beyond int4", () => {
  it("every query and mutation argument or input field of type ID refuses an id of row 2147483648, naming the field", async () => {
    const schema = buildSchema(await readFile(join(projectRoot, "schema.graphql"), "utf8"));
    const cases: { operation: string; root: string; argument: string; path: string[] }[] = [];
    for (const [operation, root] of [["query", schema.getQueryType()!], ["mutation", schema.getMutationType()!]] as const) {
      for (const field of Object.values(root.getFields())) {
        for (const argument of field.args) {
          for (const path of idPaths(getNamedType(argument.type))) cases.push({ operation, root: field.name, argument: argument.name, path });
        }
      }
    }
    // The sweep covers the id arguments we know of, so a schema change cannot empty it unnoticed.
    expect(cases.map((c) => `${c.root}.${[c.argument, ...c.path].join(".")}`)).toEqual(
      expect.arrayContaining(["show.id", "articles.where.showId", "createArticle.input.showIds", "createArticle.input.renewal.showId", "publishArticle.id", "changeUserRole.userId"]),
    );
    expect(cases.length).toBeGreaterThan(20);
    for (const { operation, root, argument, path } of cases) {
      const rootField = (operation === "query" ? schema.getQueryType() : schema.getMutationType())!.getFields()[root]!;
      const variables: Record<string, unknown> = {};
      const definitions: string[] = [];
      const passed: string[] = [];
      for (const arg of rootField.args) {
        if (arg.name !== argument && !isNonNullType(arg.type)) continue;
        variables[arg.name] = sampleValue(arg.type, arg.name === argument ? path : [], TOO_BIG_ID);
        definitions.push(`$${arg.name}: ${String(arg.type)}`);
        passed.push(`${arg.name}: $${arg.name}`);
      }
      const selection = isScalarType(getNamedType(rootField.type)) || isEnumType(getNamedType(rootField.type)) ? "" : "{ __typename }";
      const text = `${operation}(${definitions.join(", ")}) { ${root}(${passed.join(", ")}) ${selection} }`;
      const result = await graphql(server.url, text, variables, staff.admin);
      const label = `${root}(${[argument, ...path].join(".")})`;
      const error = result.body.errors?.[0];
      expect(error?.extensions?.code, `${label}: ${JSON.stringify(result.body.errors)}`).toBe("BAD_USER_INPUT");
      const named = [error?.extensions?.field, ...((error?.extensions?.fields as { field: string }[] | undefined) ?? []).map((f) => f.field)];
      const leaf = path.at(-1) ?? argument;
      expect(named.some((field) => typeof field === "string" && field.split(".").includes(leaf)), `${label}: ${JSON.stringify(error)}`).toBe(true);
    }
  });

  it("compareShows refuses a show id beyond int4 instead of failing in the database", async () => {
    const result = await graphql(server.url, `{ compareShows(a: "${globalId("Show", 9999999999)}", b: "the-imperfects") { __typename } }`);
    expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "a" });
  });
});

describe("well-formed cursors holding values no column holds", () => {
  const decode = (cursor: string) => JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
  const encode = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString("base64url");

  it("an id beyond int4, a rank beyond real, a year beyond 9999 or before 1: BAD_USER_INPUT after/before", async () => {
    const ids = await query(server.url, `{ shows(first: 1) { edges { cursor } } }`);
    const idCursor = decode(ids.shows.edges[0].cursor);
    const premiere = await query(server.url, `{ shows(first: 1, orderBy: PREMIERE_DATE_DESC) { edges { cursor } } }`);
    const dateCursor = decode(premiere.shows.edges[0].cursor);
    const hits = await query(server.url, `{ search(query: "imperfects", first: 1) { edges { cursor } } }`);
    const rankCursor = decode(hits.search.edges[0].cursor);
    const cases: [string, string, unknown[]][] = [
      ["shows", "after", [...idCursor.slice(0, -1), 3_000_000_000]],
      ["shows", "before", [...idCursor.slice(0, -1), -3_000_000_000]],
      ["shows", "after", [...idCursor.slice(0, -1), 1.5]],
      ["shows(orderBy: PREMIERE_DATE_DESC)", "after", [dateCursor[0], dateCursor[1], "+275760-09-13T00:00:00.000Z", dateCursor[3]]],
      ["shows(orderBy: PREMIERE_DATE_DESC)", "after", [dateCursor[0], dateCursor[1], "0000-01-01T00:00:00.000Z", dateCursor[3]]],
      ["search", "after", [rankCursor[0], rankCursor[1], 1e300, ...rankCursor.slice(3)]],
    ];
    // The untouched cursors are accepted, so only the value makes the difference.
    expect((await graphql(server.url, `{ shows(first: 1, orderBy: PREMIERE_DATE_DESC, after: "${encode(dateCursor)}") { totalCount } }`)).body.errors).toBeUndefined();
    for (const [field, argument, values] of cases) {
      const [name, order] = field.includes("(") ? [field.slice(0, field.indexOf("(")), field.slice(field.indexOf("(") + 1, -1) + ", "] : [field, ""];
      const size = argument === "after" ? "first: 1" : "last: 1";
      const text =
        name === "search"
          ? `{ search(query: "imperfects", ${size}, ${argument}: "${encode(values)}") { totalCount } }`
          : `{ ${name}(${order}${size}, ${argument}: "${encode(values)}") { totalCount } }`;
      const result = await graphql(server.url, text);
      expect(result.body.errors?.[0]?.extensions, `${text} ${JSON.stringify(values)}`).toMatchObject({ code: "BAD_USER_INPUT", field: argument });
    }
  });
});

describe("dates outside the years 1 to 9999, and invalid date literals", () => {
  it("a year-0000 date in a filter, as a variable or a literal, is BAD_USER_INPUT naming the field", async () => {
    const variable = await graphql(server.url, `query($where: ShowWhere) { shows(where: $where) { totalCount } }`, { where: { premiereDate: { from: "0000-01-01" } } });
    expect(variable.status).toBe(400);
    expect(variable.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "where.premiereDate.from" });
    const literal = await graphql(server.url, `{ shows(where: {premiereDate: {to: "0000-12-31"}}) { totalCount } }`);
    expect(literal.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "where.premiereDate.to" });
    const instant = await graphql(server.url, `query($w: AuditEventWhere) { auditLog(where: $w) { totalCount } }`, { w: { createdAt: { from: "0000-01-01T00:00:00Z" } } }, staff.admin);
    expect(instant.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "w.createdAt.from" });
  });

  it("year 275760 and impossible dates as literals: BAD_USER_INPUT with the field, like variables", async () => {
    for (const [text, field] of [
      [`{ shows(where: {premiereDate: {from: "2022-13-45"}}) { totalCount } }`, "where.premiereDate.from"],
      [`{ shows(where: {premiereDate: {from: "275760-09-13"}}) { totalCount } }`, "where.premiereDate.from"],
      [`{ chartEntries(where: {weekEnd: {to: "nope"}}) { totalCount } }`, "where.weekEnd.to"],
      [`{ shows(first: "ten") { totalCount } }`, "first"],
    ]) {
      const result = await graphql(server.url, text!);
      expect(result.status, text).toBe(400);
      expect(result.body.errors?.[0]?.extensions, text).toMatchObject({ code: "BAD_USER_INPUT", field });
    }
    const datetime = await graphql(server.url, `{ auditLog(where: {createdAt: {to: "2022-01-01T25:00:00Z"}}) { totalCount } }`, undefined, staff.admin);
    expect(datetime.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "where.createdAt.to" });
  });
});

describe("text no column can hold, and input too deep to walk", () => {
  it("a lone UTF-16 surrogate in any string variable is BAD_USER_INPUT naming the field, and nothing is written", async () => {
    const search = await graphql(server.url, `query($w: ShowWhere) { shows(where: $w) { totalCount } }`, { w: { titleContains: "a\ud800b" } });
    expect(search.status).toBe(400);
    expect(search.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "w.titleContains" });
    const before = (await query(server.url, `{ articles(first: 0) { totalCount } }`, undefined, staff.editor)).articles.totalCount;
    const create = await graphql(
      server.url,
      `mutation($input: CreateArticleInput!) { createArticle(input: $input) { id } }`,
      { input: { title: "Fine title", body: "broken \udc00 body" } },
      staff.writer,
    );
    expect(create.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.body" });
    expect((await query(server.url, `{ articles(first: 0) { totalCount } }`, undefined, staff.editor)).articles.totalCount).toBe(before);
    // A properly paired surrogate (an emoji) is text like any other.
    const emoji = await graphql(server.url, `query($w: ShowWhere) { shows(where: $w) { totalCount } }`, { w: { titleContains: "\ud83d\ude00" } });
    expect(emoji.body.errors).toBeUndefined();
  });

  it("a 5,000-level nested variable is BAD_USER_INPUT, and the server keeps answering", async () => {
    const nested = `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`;
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: `{"query":"query($w: ShowWhere) { shows(where: $w) { totalCount } }","variables":{"w":${nested}}}`,
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { extensions: { code: string; field: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe("BAD_USER_INPUT");
    expect(body.errors[0]!.extensions.field).toMatch(/^w\.a\.a/);
    expect((await query(server.url, `{ show(slug: "the-imperfects") { title } }`)).show.title).toBe("The Imperfects");
  });
});

describe("production answers and logs", () => {
  it("variables with a mistyped enum value or input field get no suggestion", async () => {
    const enumValue = await graphql(server.url, `query($w: ShowWhere) { shows(where: $w) { totalCount } }`, { w: { status: "RENEWD" } });
    expect(enumValue.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "w.status" });
    const field = await graphql(server.url, `query($w: ShowWhere) { shows(where: $w) { totalCount } }`, { w: { titleContain: "x" } });
    expect(field.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const literal = await graphql(server.url, `{ shows(where: {status: RENEWD}) { totalCount } }`);
    for (const result of [enumValue, field, literal]) {
      expect(result.body.errors?.[0]?.message).not.toMatch(/Did you mean|RENEWED|titleContains/);
    }
  });

  it("a subscription over HTTP is a client error (OPERATION_NOT_SUPPORTED) naming the WebSocket endpoint, not an internal one", async () => {
    const result = await graphql(server.url, `subscription { reviewQueueChanged { action } }`);
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.extensions?.code).toBe("OPERATION_NOT_SUPPORTED");
    expect(result.body.errors?.[0]?.message).toContain("WebSocket");
  });

  it("parse errors, validation errors, refused introspection and subscriptions are logged once per request, never as errors", async () => {
    const start = server.logs().length;
    const directives = Array.from({ length: 100 }, (_, index) => `@unknown${index}`).join(" ");
    const requests = [
      `{ shows ${directives} { totalCount } }`,
      `{ shows { nodes { title `,
      `{ __schema { types { name } } }`,
      `subscription { reviewQueueChanged { action } }`,
      `{ shows(where: {premiereDate: {from: "2022-13-45"}}) { totalCount } }`,
    ];
    const ids = requests.map((_, index) => `client-error-log-${index}`);
    for (const [index, text] of requests.entries()) {
      const result = await graphql(server.url, text, undefined, { "x-request-id": ids[index]! });
      expect(result.status, text).toBeLessThan(500);
    }
    // Complete lines only, once every request's line has arrived (the log reaches the test asynchronously,
    // so lines of earlier requests may still come in: requests are told apart by their ids).
    const logLines = () =>
      server
        .logs()
        .slice(start)
        .split("\n")
        .slice(0, -1)
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as { level: number; msg: string; requestId?: string });
    const requestLines = () => logLines().filter((line) => line.msg === "graphql request" && ids.includes(line.requestId ?? ""));
    for (let waited = 0; waited < 10_000 && requestLines().length < requests.length; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const lines = logLines();
    expect(lines.filter((line) => line.level >= 50)).toEqual([]);
    expect(lines.filter((line) => line.msg === "Unexpected error")).toEqual([]);
    expect(requestLines().map((line) => line.requestId).sort()).toEqual([...ids].sort());
    expect(lines.some((line) => JSON.stringify(line).includes("    at "))).toBe(false);
  });
});
