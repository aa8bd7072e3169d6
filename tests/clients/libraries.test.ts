import { createHash } from "node:crypto";
import { ApolloClient, ApolloLink, CombinedGraphQLErrors, HttpLink, InMemoryCache, gql, type TypedDocumentNode } from "@apollo/client";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";
import { Client, fetchExchange } from "@urql/core";
import { persistedExchange } from "@urql/exchange-persisted";
import { ClientError, GraphQLClient } from "graphql-request";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, adminEnv, signIn } from "../support/accounts.js";
import { bearer, query } from "../support/graphql.js";
import { startServerOnFreshDatabase } from "../support/server.js";
import { expiredToken } from "../support/tokens.js";

// Real client libraries, with their default settings, against a started server.
const JWT_SECRET = "client-library-tests-secret-".padEnd(48, "x");
let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
let adminId: string;

beforeAll(async () => {
  server = await startServerOnFreshDatabase({ ...adminEnv, JWT_SECRET });
  const token = await signIn(server.url, ADMIN.email, ADMIN.password);
  adminId = (await query(server.url, `{ me { id } }`, undefined, bearer(token))).me.id;
});
afterAll(async () => {
  await server?.close();
});

/** A token the server signed itself, but already expired. */
const expiredAdminToken = () => expiredToken(JWT_SECRET, adminId);

/** A fetch that records what the client sent. */
function recordingFetch(): { fetch: typeof fetch; requests: { method: string; url: URL }[] } {
  const requests: { method: string; url: URL }[] = [];
  return {
    requests,
    fetch: (input, init) => {
      const request = new Request(input, init);
      requests.push({ method: request.method, url: new URL(request.url) });
      return fetch(request);
    },
  };
}

const SHOW: TypedDocumentNode<{ show: { id: string; title: string } }, { slug: string }> = gql`
  query ShowTitle($slug: String!) {
    show(slug: $slug) {
      id
      title
    }
  }
`;
const SHOW_TEXT = `query ShowTitle($slug: String!) { show(slug: $slug) { id title } }`;
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("Apollo Client", () => {
  const apollo = (link: ApolloLink) => new ApolloClient({ link, cache: new InMemoryCache() });
  const withToken = (token: () => string | null) =>
    new ApolloLink((operation, forward) => {
      const current = token();
      if (current) operation.setContext(({ headers = {} }: { headers?: Record<string, string> }) => ({ headers: { ...headers, authorization: `Bearer ${current}` } }));
      return forward(operation);
    });

  it("signs in and then reads as the signed-in user", async () => {
    let token: string | null = null;
    const client = apollo(withToken(() => token).concat(new HttpLink({ uri: server.url })));
    const signedIn = await client.mutate<{ signIn: { token: string; user: { id: string; email: string } } }>({
      mutation: gql`mutation SignIn($email: String!, $password: String!) { signIn(email: $email, password: $password) { token user { id email } } }`,
      variables: { email: ADMIN.email, password: ADMIN.password },
    });
    token = signedIn.data!.signIn.token;
    expect(signedIn.data!.signIn.user.email).toBe(ADMIN.email);
    const me = await client.query<{ me: { id: string; email: string; role: string } }>({ query: gql`query Me { me { id email role } }` });
    expect(me.data!.me).toMatchObject({ id: adminId, email: ADMIN.email, role: "ADMIN" });
  });

  it("surfaces an expired or invalid token as an UNAUTHENTICATED GraphQL error, whatever it accepts", async () => {
    const tokens = [await expiredAdminToken(), "not.a.token"];
    for (const token of tokens) {
      for (const headers of [{}, { accept: "application/json" }] as Record<string, string>[]) {
        const client = apollo(withToken(() => token).concat(new HttpLink({ uri: server.url, headers })));
        const failure = await client.query({ query: gql`query Me { me { id } }` }).then(
          () => null,
          (error: unknown) => error,
        );
        expect(CombinedGraphQLErrors.is(failure), `${token.slice(0, 12)} ${JSON.stringify(headers)}: ${String(failure)}`).toBe(true);
        expect((failure as CombinedGraphQLErrors).errors[0]!.extensions?.code).toBe("UNAUTHENTICATED");
      }
    }
  });

  it("sends persisted queries by GET (useGETForHashedQueries), registering a new one once", async () => {
    const recorder = recordingFetch();
    const link = () =>
      new PersistedQueryLink({ sha256, useGETForHashedQueries: true }).concat(new HttpLink({ uri: server.url, fetch: recorder.fetch }));
    const first = await apollo(link()).query({ query: SHOW, variables: { slug: "the-imperfects" } });
    expect(first.data!.show.title).toBe("The Imperfects");
    recorder.requests.length = 0;
    const second = await apollo(link()).query({ query: SHOW, variables: { slug: "partner-track" } });
    expect(second.data!.show.title).toBe("Partner Track");
    expect(recorder.requests).toHaveLength(1);
    expect(recorder.requests[0]!.method).toBe("GET");
    expect(recorder.requests[0]!.url.searchParams.get("query")).toBeNull();
    expect(recorder.requests[0]!.url.searchParams.get("extensions")).toContain("persistedQuery");
  });
});

describe("urql", () => {
  it("sends persisted queries by GET with the persisted exchange's defaults", async () => {
    const recorder = recordingFetch();
    const client = () =>
      new Client({
        url: server.url,
        fetch: recorder.fetch,
        exchanges: [persistedExchange({ preferGetForPersistedQueries: true }), fetchExchange],
      });
    const first = await client().query(SHOW_TEXT, { slug: "the-imperfects" }).toPromise();
    expect(first.error).toBeUndefined();
    expect(first.data.show.title).toBe("The Imperfects");
    recorder.requests.length = 0;
    const second = await client().query(SHOW_TEXT, { slug: "partner-track" }).toPromise();
    expect(second.error).toBeUndefined();
    expect(second.data.show.title).toBe("Partner Track");
    expect(recorder.requests).toHaveLength(1);
    expect(recorder.requests[0]!.method).toBe("GET");
    expect(recorder.requests[0]!.url.searchParams.get("query")).toBeNull();
    // urql hashes the document as it sends it (with __typename added), so only the shape is known here.
    expect(JSON.parse(recorder.requests[0]!.url.searchParams.get("extensions")!).persistedQuery.sha256Hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("surfaces a bad token as an UNAUTHENTICATED GraphQL error", async () => {
    const client = new Client({ url: server.url, exchanges: [fetchExchange], fetchOptions: { headers: { authorization: "Bearer not.a.token" } } });
    const result = await client.query(`query Me { me { id } }`, {}).toPromise();
    expect(result.error?.graphQLErrors[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(result.error?.networkError).toBeUndefined();
  });
});

describe("graphql-request", () => {
  it("surfaces a bad or expired token as an error carrying the UNAUTHENTICATED code", async () => {
    for (const token of ["not.a.token", await expiredAdminToken()]) {
      const client = new GraphQLClient(server.url, { headers: { authorization: `Bearer ${token}` } });
      const failure = await client.request(`query Me { me { id } }`).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(ClientError);
      expect((failure as ClientError).response.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    }
    const anonymous = new GraphQLClient(server.url);
    expect(await anonymous.request<{ show: { title: string } }>(SHOW_TEXT, { slug: "the-imperfects" })).toEqual({
      show: { id: expect.any(String), title: "The Imperfects" },
    });
  });
});
