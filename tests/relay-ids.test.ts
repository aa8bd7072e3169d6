import { buildSchema, getNamedType, isInterfaceType, isObjectType, isUnionType } from "graphql";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv, createStaff, importGlobalTop10, type Staff } from "./support/accounts.js";
import { createArticle, showId } from "./support/articles.js";
import { graphql, query } from "./support/graphql.js";
import { decodeId, globalId } from "./support/ids.js";
import { projectRoot, startServerOnFreshDatabase } from "./support/server.js";

let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
let staff: Staff;

beforeAll(async () => {
  server = await startServerOnFreshDatabase(adminEnv);
  // Netflix's real global Top 10: enough shows for search to have pages.
  await importGlobalTop10(server.url);
  staff = await createStaff(server.url);
});
afterAll(async () => {
  await server?.close();
});

const statements = (result: { headers: Headers }) => Number(result.headers.get("x-sql-statements"));

describe("global object identification", () => {
  it("ids are unique across types and opaque; rowId keeps the key", async () => {
    const data = await query(
      server.url,
      `{ shows(first: 3) { nodes { id rowId } } people(first: 3) { nodes { id rowId } } productionCompanies(first: 3) { nodes { id rowId } }
         articles(first: 3) { nodes { id rowId } } }`,
    );
    const all = [...data.shows.nodes, ...data.people.nodes, ...data.productionCompanies.nodes, ...data.articles.nodes];
    expect(new Set(all.map((node: { id: string }) => node.id)).size).toBe(all.length);
    // Keys repeat across types (the original bug: a show, a person and a company all "1"); ids do not.
    expect(new Set(all.map((node: { rowId: number }) => node.rowId)).size).toBeLessThan(all.length);
    for (const node of all) expect(node.id).not.toMatch(/^[0-9]+$/);
  });

  it("node and nodes refetch any type by id, in order, null for unknown ids", async () => {
    const ids = await query(
      server.url,
      `{ show(slug: "the-imperfects") { id title seasons { id number } creators { id name } productionCompanies { id name } chartEntries(first: 1) { nodes { id rank } } } }`,
    );
    const show = ids.show;
    const single = await query(server.url, `query($id: ID!) { node(id: $id) { __typename id ... on Show { title } } }`, { id: show.id });
    expect(single.node).toEqual({ __typename: "Show", id: show.id, title: show.title });
    const wanted = [show.id, show.seasons[0].id, show.creators[0].id, show.productionCompanies[0].id, globalId("Show", 999999)];
    const many = await query(
      server.url,
      `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Season { number } ... on Person { name } ... on ProductionCompany { name } } }`,
      { ids: wanted },
    );
    expect(many.nodes).toEqual([
      { __typename: "Show", id: show.id },
      { __typename: "Season", id: show.seasons[0].id, number: show.seasons[0].number },
      { __typename: "Person", id: show.creators[0].id, name: show.creators[0].name },
      { __typename: "ProductionCompany", id: show.productionCompanies[0].id, name: show.productionCompanies[0].name },
      null,
    ]);
  });

  it("nodes with many ids of one type reads that type in one statement", async () => {
    const shows = (await query(server.url, `{ shows(first: 10) { nodes { id } } }`)).shows.nodes.map((node: { id: string }) => node.id);
    const people = (await query(server.url, `{ people(first: 10) { nodes { id } } }`)).people.nodes.map((node: { id: string }) => node.id);
    expect(shows.length).toBeGreaterThan(3);
    const onlyShows = await graphql(server.url, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: shows });
    expect(onlyShows.body.data.nodes.map((node: { id: string }) => node.id)).toEqual(shows);
    expect(statements(onlyShows)).toBe(1);
    const twoTypes = await graphql(server.url, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [...shows, ...people] });
    expect(statements(twoTypes)).toBe(2);
  });

  it("a draft's id answers null to anonymous readers and other writers, its author and editors see it", async () => {
    const draft = await createArticle(server.url, staff.writer, { title: "A node draft", body: "Secret." });
    const revisions = await query(server.url, `query($id: ID!) { articleRevisions(id: $id) { nodes { id } } }`, { id: draft.id }, staff.writer);
    const revisionId = revisions.articleRevisions.nodes[0].id;
    const read = (headers: Record<string, string> = {}) =>
      query(
        server.url,
        `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Article { title } ... on ArticleRevision { body } } }`,
        { ids: [draft.id, revisionId] },
        headers,
      );
    expect((await read()).nodes).toEqual([null, null]);
    expect((await read(staff.otherWriter)).nodes).toEqual([null, null]);
    const mine = [{ __typename: "Article", id: draft.id, title: "A node draft" }, { __typename: "ArticleRevision", id: revisionId, body: "Secret." }];
    expect((await read(staff.writer)).nodes).toEqual(mine);
    expect((await read(staff.editor)).nodes).toEqual(mine);
    const single = await query(server.url, `query($id: ID!) { node(id: $id) { id } }`, { id: draft.id });
    expect(single.node).toBeNull();
  });

  it("editor- and admin-only types answer null to those their lists are closed to", async () => {
    const log = await query(server.url, `{ auditLog(first: 1) { nodes { id entityId entityRowId entityType } } }`, undefined, staff.editor);
    const event = log.auditLog.nodes[0];
    expect(decodeId(event.entityId)).toEqual({ typeName: event.entityType, rowId: event.entityRowId });
    const users = await query(server.url, `{ users(first: 5) { nodes { id } } }`, undefined, staff.admin);
    const someone = users.users.nodes.map((user: { id: string }) => user.id).find((id: string) => id !== staff.ids.writer);
    const ask = (ids: string[], headers: Record<string, string> = {}) =>
      query(server.url, `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, { ids }, headers);
    expect((await ask([event.id, someone])).nodes).toEqual([null, null]);
    expect((await ask([event.id, someone], staff.writer)).nodes).toEqual([null, null]);
    expect((await ask([staff.ids.writer], staff.writer)).nodes).toEqual([{ __typename: "User", id: staff.ids.writer }]);
    expect((await ask([event.id], staff.editor)).nodes).toEqual([{ __typename: "AuditEvent", id: event.id }]);
    expect((await ask([someone], staff.admin)).nodes).toEqual([{ __typename: "User", id: someone }]);
  });

  it("a malformed id or an id of another type is BAD_USER_INPUT naming the argument", async () => {
    const personId = (await query(server.url, `{ people(first: 1) { nodes { id } } }`)).people.nodes[0].id;
    const cases: [string, Record<string, unknown>, Record<string, string>, string][] = [
      [`query($id: ID!) { show(id: $id) { title } }`, { id: personId }, {}, "id"],
      [`query($id: ID!) { show(id: $id) { title } }`, { id: "1" }, {}, "id"],
      [`query($id: ID!) { node(id: $id) { id } }`, { id: "not an id" }, {}, "id"],
      [`query($v: ID!) { shows(where: { productionCompanyId: $v }) { totalCount } }`, { v: personId }, {}, "where.productionCompanyId"],
      [`query($v: ID!) { articles(where: { showId: $v }) { totalCount } }`, { v: personId }, {}, "where.showId"],
      [`mutation($input: RecordStatusChangeInput!) { recordStatusChange(input: $input) { id } }`,
        { input: { showId: personId, status: "RENEWED", seasonNumber: 2, announcedAt: "2023-01-01", sourceUrl: "https://example.com/a" } }, staff.editor, "showId"],
    ];
    for (const [text, variables, headers, field] of cases) {
      const result = await graphql(server.url, text, variables, headers);
      const error = result.body.errors?.[0];
      expect(error?.extensions?.code, `${text} ${JSON.stringify(result.body)}`).toBe("BAD_USER_INPUT");
      expect(String(error?.extensions?.field), JSON.stringify(error)).toContain(field);
    }
    // The right type works with the same argument.
    const show = await showId(server.url, "the-imperfects");
    expect((await query(server.url, `query($id: ID!) { show(id: $id) { title } }`, { id: show })).show.title).toBe("The Imperfects");
  });

  it("every connection edge's node and every entity type implements Node (search hits are a union of Nodes)", async () => {
    const schema = buildSchema(await readFile(join(projectRoot, "schema.graphql"), "utf8"));
    const node = schema.getType("Node");
    expect(isInterfaceType(node)).toBe(true);
    const edges = Object.values(schema.getTypeMap()).filter((type) => isObjectType(type) && type.name.endsWith("Edge"));
    expect(edges.length).toBeGreaterThan(10);
    for (const edge of edges) {
      if (!isObjectType(edge)) continue;
      const target = getNamedType(edge.getFields().node!.type);
      const members = isUnionType(target) ? target.getTypes() : [target];
      for (const member of members) {
        expect(isObjectType(member) && member.getInterfaces().some((face) => face.name === "Node"), `${edge.name}.node: ${member.name}`).toBe(true);
      }
    }
    for (const name of ["Show", "Season", "Person", "Credit", "ProductionCompany", "ChartEntry", "Rating", "StatusChange", "Article", "ArticleRevision",
      "ArticleAlert", "User", "Author", "AuditEvent", "WebhookEndpoint", "WebhookDelivery"]) {
      const type = schema.getType(name);
      expect(isObjectType(type) && type.getInterfaces().map((face) => face.name), name).toEqual(["Node"]);
    }
  });

  it("search pages backward with last/before and lists nodes", async () => {
    const all = await query(server.url, `{ search(query: "love", first: 100) { totalCount nodes { ... on Node { id } } edges { cursor node { ... on Node { id } } } } }`);
    const ids = all.search.edges.map((edge: { node: { id: string } }) => edge.node.id);
    expect(all.search.nodes.map((node: { id: string }) => node.id)).toEqual(ids);
    expect(ids.length).toBeGreaterThan(3);
    const tail = await query(server.url, `{ search(query: "love", last: 2) { pageInfo { hasPreviousPage hasNextPage } nodes { ... on Node { id } } } }`);
    expect(tail.search.nodes.map((node: { id: string }) => node.id)).toEqual(ids.slice(-2));
    expect(tail.search.pageInfo).toEqual({ hasPreviousPage: true, hasNextPage: false });
    const before = all.search.edges[3].cursor;
    const back = await query(server.url, `query($b: String) { search(query: "love", last: 2, before: $b) { pageInfo { hasPreviousPage hasNextPage } nodes { ... on Node { id } } } }`, { b: before });
    expect(back.search.nodes.map((node: { id: string }) => node.id)).toEqual(ids.slice(1, 3));
    expect(back.search.pageInfo).toEqual({ hasPreviousPage: true, hasNextPage: true });
  });
});
