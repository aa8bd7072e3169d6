import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv, createStaff, type Staff } from "./support/accounts.js";
import { graphql, query } from "./support/graphql.js";
import { startServerOnFreshDatabase } from "./support/server.js";

// The marker every restricted field's description carries (src/common/restricted.ts).
const RESTRICTED_MARKER = "Restricted to";

type SchemaField = {
  name: string;
  description: string | null;
  type: { kind: string; ofType: { kind: string } | null };
  args: { name: string; type: { kind: string; name: string | null; ofType: { name: string | null } | null } }[];
};

let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
let staff: Staff;
let restricted: { type: string; field: string; leaf: boolean; nonNull: boolean; requiredArgs: { name: string; type: string }[] }[];

beforeAll(async () => {
  server = await startServerOnFreshDatabase(adminEnv);
  staff = await createStaff(server.url);
  const schema = await query(
    server.url,
    `{ __schema { types { name kind fields { name description type { kind ofType { kind } } args { name type { kind name ofType { name } } } } } } }`,
  );
  const leafKinds = new Set(["SCALAR", "ENUM"]);
  restricted = schema.__schema.types
    .filter((type: { kind: string; name: string }) => type.kind === "OBJECT" && !type.name.startsWith("__"))
    .flatMap((type: { name: string; fields: SchemaField[] }) =>
      type.fields
        .filter((field) => field.description?.includes(RESTRICTED_MARKER))
        .map((field) => ({
          type: type.name,
          field: field.name,
          nonNull: field.type.kind === "NON_NULL",
          leaf: leafKinds.has(field.type.kind === "NON_NULL" ? field.type.ofType!.kind : field.type.kind),
          requiredArgs: field.args.filter((arg) => arg.type.kind === "NON_NULL").map((arg) => ({ name: arg.name, type: arg.type.ofType!.name! })),
        })),
    );
});
afterAll(async () => {
  await server?.close();
});

/**
 * For each type that has restricted fields: a query reaching instances of it through public data,
 * with a public sibling (`title`) that must survive, and where the instances are.
 */
const publicPaths: Record<string, { source: (selection: string) => string; instances: (data: any) => any[] }> = {
  Article: {
    source: (selection) => `{ show(slug: "the-imperfects") { title articles(first: 5) { nodes { id ${selection} } } } }`,
    instances: (data) => data.show.articles.nodes,
  },
  StatusChange: {
    source: (selection) => `{ show(slug: "the-imperfects") { title statusHistory { status ${selection} } } }`,
    instances: (data) => data.show.statusHistory,
  },
};
// Users are reachable only as `me` (oneself), from signIn (oneself) and by admins (`users`): no
// path leads anyone else to a User, so their private fields are checked for their readers only.
const readerOnlyTypes = new Set(["User"]);

describe("restricted fields answer null for those who may not read them, and null nothing else", () => {
  it("finds the restricted fields in the schema, every one nullable", () => {
    const names = restricted.map(({ type, field }) => `${type}.${field}`);
    expect(names).toEqual(
      expect.arrayContaining(["Article.hasUnpublishedChanges", "Article.draft", "Article.reviewNote", "Article.needsUpdate", "User.email", "User.revokedAt"]),
    );
    expect(restricted.filter((entry) => entry.nonNull)).toEqual([]);
  });

  it("has a public path for every type with restricted fields (a new one must be added here)", () => {
    const uncovered = restricted.filter(({ type }) => type !== "Query" && !publicPaths[type] && !readerOnlyTypes.has(type));
    expect(uncovered).toEqual([]);
  });

  it("keeps the whole answer for anonymous readers and writers, each restricted field null", async () => {
    for (const { type, field, leaf } of restricted) {
      const path = publicPaths[type];
      if (!path) continue;
      const selection = leaf ? field : `${field} { __typename }`;
      for (const [who, headers] of [["anonymous", {}], ["a writer who did not write them", staff.writer]] as const) {
        const result = await graphql(server.url, path.source(selection), undefined, headers);
        expect(result.body.errors, `${type}.${field} as ${who}`).toBeUndefined();
        expect(result.body.data.show.title, `${type}.${field} as ${who}`).toBe("The Imperfects");
        const instances = path.instances(result.body.data);
        expect(instances.length, `${type}.${field}: the path reaches instances`).toBeGreaterThan(0);
        for (const instance of instances) expect(instance[field], `${type}.${field} as ${who}`).toBeNull();
      }
    }
  });

  it("marks the editor-only root queries restricted, so they too can null only themselves", () => {
    const rootFields = restricted.filter(({ type }) => type === "Query").map(({ field }) => field);
    expect(rootFields).toEqual(
      expect.arrayContaining(["auditLog", "users", "reviewQueue", "scheduled", "myDrafts", "deletedArticles", "articlesNeedingUpdate", "webhookEndpoints", "webhookDeliveries", "outlookBacktest", "articlePreview", "articleRevisions"]),
    );
  });

  it("answers a restricted root query next to public ones with null and an error naming it, the public fields intact", async () => {
    const published = await query(server.url, `{ articles(first: 1) { nodes { id } } }`);
    const argumentValue: Record<string, string> = { ID: JSON.stringify(published.articles.nodes[0].id), Int: "1" };
    for (const { field, leaf, requiredArgs } of restricted.filter(({ type }) => type === "Query")) {
      const args = requiredArgs.length ? `(${requiredArgs.map((arg) => `${arg.name}: ${argumentValue[arg.type]}`).join(", ")})` : "";
      const document = `{ show(slug: "the-imperfects") { title } ${field}${args}${leaf ? "" : " { __typename }"} }`;
      for (const [who, headers, codes] of [
        ["anonymous", {}, ["UNAUTHENTICATED"]],
        ["a writer", staff.writer, ["FORBIDDEN", "NOT_FOUND"]],
      ] as const) {
        const result = await graphql(server.url, document, undefined, headers);
        const label = `${field} as ${who}`;
        expect(result.status, label).toBe(200);
        expect(result.body.data?.show?.title, label).toBe("The Imperfects");
        if (result.body.data[field] !== null) {
          // Writers may run their own queues (myDrafts) and their own articles' revisions.
          expect(who, label).toBe("a writer");
          expect(result.body.errors, label).toBeUndefined();
          continue;
        }
        expect(result.body.errors?.map((error: any) => [error.path, error.extensions.code]), label).toEqual([[[field], expect.toBeOneOf([...codes])]]);
      }
    }
  });

  it("answers the issue's example: hasUnpublishedChanges nulls only itself", async () => {
    const result = await graphql(server.url, `{ show(slug: "the-imperfects") { articles { nodes { hasUnpublishedChanges } } title } }`);
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.show.title).toBe("The Imperfects");
    expect(result.body.data.show.articles.nodes.length).toBeGreaterThan(0);
    for (const node of result.body.data.show.articles.nodes) expect(node.hasUnpublishedChanges).toBeNull();
  });

  it("still answers editors and the user themself", async () => {
    const editor = await query(server.url, `{ show(slug: "the-imperfects") { articles { nodes { hasUnpublishedChanges draft { number } } } } }`, undefined, staff.editor);
    for (const node of editor.show.articles.nodes) {
      expect(typeof node.hasUnpublishedChanges).toBe("boolean");
      expect(node.draft).not.toBeNull();
    }
    const me = await query(server.url, `{ me { email revokedAt } }`, undefined, staff.writer);
    expect(me.me).toEqual({ email: "writer@tests.invalid", revokedAt: null });
  });
});
