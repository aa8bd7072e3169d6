import { execFile } from "node:child_process";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  ConnectionHandler,
  Environment,
  Network,
  RecordSource,
  Store,
  createOperationDescriptor,
  fetchQuery,
  getSelector,
  type GraphQLTaggedNode,
  type OperationType,
  type ReaderFragment,
} from "relay-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { query } from "../support/graphql.js";
import { projectRoot, startServerOnFreshDatabase } from "../support/server.js";

// Relay against a started server, as a Relay app runs it: relay-compiler compiles the fixture's
// fragments and queries (tests/clients/relay-app, on the committed schema.graphql), then relay-runtime
// (which needs no browser) executes the artifacts with its normalized store.
const run = promisify(execFile);
const app = join(projectRoot, "tests", "clients", "relay-app");
const generated = join(app, "__generated__");

let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
let artifacts: Record<string, { default: unknown }>;

beforeAll(async () => {
  await rm(generated, { recursive: true, force: true });
  await mkdir(generated);
  await run(process.execPath, [join(projectRoot, "node_modules", "relay-compiler", "cli.js"), "relay.config.json"], { cwd: app });
  artifacts = {};
  for (const name of ["ShowPageQuery", "ShowCard_show", "ShowCardRefetchQuery", "ShowList_query", "ShowListPaginationQuery"]) {
    artifacts[name] = await import(join(generated, `${name}.graphql.ts`));
  }
  server = await startServerOnFreshDatabase();
});
afterAll(async () => {
  await server?.close();
});

const artifact = <T>(name: string) => artifacts[name]!.default as T;

/** A Relay environment as an app creates it, with a network layer that POSTs to the server. */
function environment(): Environment {
  const network = Network.create(async (params, variables) => {
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: params.text, variables }),
    });
    return response.json();
  });
  return new Environment({ network, store: new Store(new RecordSource()) });
}

async function execute<T extends OperationType>(env: Environment, name: string, variables: T["variables"]) {
  const request = artifact<GraphQLTaggedNode>(name);
  await fetchQuery<T>(env, request, variables).toPromise();
  const operation = createOperationDescriptor(request as never, variables);
  return env.lookup(operation.fragment).data as Record<string, any>;
}

/** What a component's useFragment would read: the fragment's data for a reference from its parent. */
function readFragment(env: Environment, name: string, reference: unknown): Record<string, any> {
  const selector = getSelector(artifact<ReaderFragment>(name), reference as never);
  return env.lookup(selector as never).data as Record<string, any>;
}

describe("Relay (relay-compiler + relay-runtime)", () => {
  it("keeps a show, its creator, its company and its article apart though their database keys collide", async () => {
    // The original bug's precondition, checked rather than assumed: the four records share a key.
    const keys = await query(
      server.url,
      `{ show(slug: "the-imperfects") { rowId creators { rowId } productionCompanies { rowId } articles(first: 1) { nodes { rowId } } } }`,
    );
    const rowIds = [keys.show.rowId, keys.show.creators[0].rowId, keys.show.productionCompanies[0].rowId, keys.show.articles.nodes[0].rowId];
    expect(new Set(rowIds).size).toBeLessThan(rowIds.length);

    const env = environment();
    const data = await execute(env, "ShowPageQuery", { slug: "the-imperfects" });
    expect(data.show.title).toBe("The Imperfects");
    expect(data.show.creators.map((person: { name: string }) => person.name)).toEqual(["Shelley Eriksen", "Dennis Heaton"]);
    expect(data.show.productionCompanies).toEqual([{ id: expect.any(String), name: "Nomadic Pictures" }]);
    expect(data.show.articles.nodes[0].title).not.toBe("The Imperfects");
    expect(readFragment(env, "ShowCard_show", data.show)).toMatchObject({ title: "The Imperfects", status: "CANCELED" });

    // One record per object in the store, each holding its own fields.
    const source = env.getStore().getSource();
    const record = (id: string) => source.get(id) as Record<string, unknown> | undefined;
    expect(record(data.show.id)).toMatchObject({ __typename: "Show", title: "The Imperfects" });
    expect(record(data.show.creators[0].id)).toMatchObject({ __typename: "Person", name: "Shelley Eriksen" });
    expect(record(data.show.productionCompanies[0].id)).toMatchObject({ __typename: "ProductionCompany", name: "Nomadic Pictures" });
    expect(record(data.show.articles.nodes[0].id)).toMatchObject({ __typename: "Article", title: data.show.articles.nodes[0].title });
    expect(record(data.show.creators[0].id)).not.toHaveProperty("title");
  });

  it("pages through a @connection with cursors: the second page is appended to the same connection", async () => {
    const env = environment();
    const first = await execute(env, "ShowListPaginationQuery", { count: 2, cursor: null });
    const page = () => readFragment(env, "ShowList_query", first);
    const one = page().shows.edges.map((edge: { node: { title: string } }) => edge.node.title);
    expect(one).toHaveLength(2);

    // What usePaginationFragment's loadNext does: the same query from the connection's end cursor in the store.
    let endCursor: string | null = null;
    let hasNextPage = false;
    env.commitUpdate((store) => {
      const pageInfo = ConnectionHandler.getConnection(store.getRoot(), "ShowList_shows")!.getLinkedRecord("pageInfo")!;
      endCursor = pageInfo.getValue("endCursor") as string;
      hasNextPage = pageInfo.getValue("hasNextPage") as boolean;
    });
    expect(hasNextPage).toBe(true);
    await fetchQuery(env, artifact<GraphQLTaggedNode>("ShowListPaginationQuery"), { count: 2, cursor: endCursor }).toPromise();
    const both = page().shows.edges.map((edge: { node: { title: string } }) => edge.node.title);
    expect(both).toHaveLength(4);
    expect(both.slice(0, 2)).toEqual(one);
    const expected = await query(server.url, `{ shows(first: 4) { nodes { title } } }`);
    expect(both).toEqual(expected.shows.nodes.map((show: { title: string }) => show.title));
  });

  it("refetches a Show by node(id:) through the @refetchable fragment's query", async () => {
    const { show } = await query(server.url, `{ show(slug: "the-imperfects") { id } }`);
    // A fresh store: whatever the fragment reads comes from the refetch query's answer.
    const env = environment();
    const refetched = await execute(env, "ShowCardRefetchQuery", { id: show.id });
    expect(readFragment(env, "ShowCard_show", refetched.node)).toEqual({ id: show.id, title: "The Imperfects", status: "CANCELED" });
    expect((env.getStore().getSource().get(show.id) as Record<string, unknown>).__typename).toBe("Show");
  });
});
