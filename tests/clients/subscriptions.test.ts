import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { getMainDefinition } from "@apollo/client/utilities";
import { Client, fetchExchange, subscriptionExchange } from "@urql/core";
import { createClient, type Client as WsClient } from "graphql-ws";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { adminEnv, createStaff, type Staff } from "../support/accounts.js";
import { createArticle } from "../support/articles.js";
import { query } from "../support/graphql.js";
import { wsUrl } from "../support/live.js";
import { startServerOnFreshDatabase } from "../support/server.js";
import { expiredToken } from "../support/tokens.js";

// Real client libraries subscribing over graphql-ws as their documentation sets them up: queries over HTTP, subscriptions over WebSocket.
const JWT_SECRET = "client-subscription-tests-secret-".padEnd(48, "x");
let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
let staff: Staff;
const wsClients: WsClient[] = [];

beforeAll(async () => {
  server = await startServerOnFreshDatabase({ ...adminEnv, JWT_SECRET });
  staff = await createStaff(server.url);
});
afterEach(async () => {
  await Promise.all(wsClients.splice(0).map((client) => client.dispose()));
});
afterAll(async () => {
  await server?.close();
});

function wsClient(authorization: string | undefined, onClosed?: (event: { code: number; reason: string }) => void): WsClient {
  const client = createClient({
    url: wsUrl(server.url),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: authorization ? { authorization } : {},
    on: { closed: (event) => onClosed?.(event as { code: number; reason: string }) },
  });
  wsClients.push(client);
  return client;
}

/** Values pushed by a callback, taken one at a time by the test. */
function inbox<T>() {
  const values: T[] = [];
  const waiting: ((value: T) => void)[] = [];
  return {
    push(value: T) {
      const taker = waiting.shift();
      if (taker) taker(value);
      else values.push(value);
    },
    take(): Promise<T> {
      const value = values.shift();
      return value !== undefined ? Promise.resolve(value) : new Promise((resolve) => waiting.push(resolve));
    },
  };
}

const ARTICLE_CHANGED = gql`
  subscription ArticleChanged($id: ID!) {
    articleChanged(id: $id) {
      action
      article {
        id
        title
      }
    }
  }
`;

describe("Apollo Client with GraphQLWsLink", () => {
  const apollo = (authorization?: string, onClosed?: (event: { code: number; reason: string }) => void) => {
    const http = new HttpLink({ uri: server.url, headers: authorization ? { authorization } : {} });
    const ws = new GraphQLWsLink(wsClient(authorization, onClosed));
    // Apollo's documented split: subscriptions over WebSocket, everything else over HTTP.
    const link = ApolloLink.split(
      ({ query: document }) => {
        const definition = getMainDefinition(document);
        return definition.kind === "OperationDefinition" && definition.operation === "subscription";
      },
      ws,
      http,
    );
    return new ApolloClient({ link, cache: new InMemoryCache() });
  };

  it("receives an article's saves, the first message being the article as it is", async () => {
    const draft = await createArticle(server.url, staff.writer, { title: "Apollo live", body: "x" });
    const client = apollo(staff.writer.authorization);
    const messages = inbox<{ action: string; article: { id: string; title: string } }>();
    const subscription = client.subscribe({ query: ARTICLE_CHANGED, variables: { id: draft.id } }).subscribe({
      next: (result) => messages.push((result.data as any).articleChanged),
    });
    expect(await messages.take()).toMatchObject({ action: "subscribed", article: { id: draft.id, title: "Apollo live" } });
    await client.mutate({
      mutation: gql`
        mutation Save($input: UpdateArticleInput!) {
          updateArticle(input: $input) {
            id
            version
          }
        }
      `,
      variables: { input: { id: draft.id, baseVersion: draft.version, title: "Apollo live, saved" } },
    });
    expect(await messages.take()).toMatchObject({ action: "article.updated", article: { id: draft.id, title: "Apollo live, saved" } });
    subscription.unsubscribe();
  });

  it("an anonymous subscription to a draft surfaces UNAUTHENTICATED as a GraphQL error", async () => {
    const draft = await createArticle(server.url, staff.writer, { title: "Apollo secret", body: "x" });
    const client = apollo();
    const outcome = await new Promise<unknown>((resolve) => {
      client.subscribe({ query: ARTICLE_CHANGED, variables: { id: draft.id } }).subscribe({ next: resolve, error: resolve });
    });
    expect(JSON.stringify(outcome)).toContain("UNAUTHENTICATED");
  });

  it("an expired token closes the socket with 4403 and says why", async () => {
    const token = `Bearer ${await expiredToken(JWT_SECRET, staff.ids.editor, "EDITOR")}`;
    let closed!: (event: { code: number; reason: string }) => void;
    const closing = new Promise<{ code: number; reason: string }>((resolve) => (closed = resolve));
    const client = apollo(token, closed);
    client.subscribe({ query: gql`subscription Queue { reviewQueueChanged { action } }` }).subscribe({ error: () => {} });
    expect(await closing).toMatchObject({ code: 4403, reason: "Forbidden: The token has expired; sign in again." });
  });
});

describe("urql with subscriptionExchange over graphql-ws", () => {
  it("receives review queue changes as an editor", async () => {
    const ws = wsClient(staff.editor.authorization);
    const client = new Client({
      url: server.url,
      fetchOptions: { headers: staff.editor },
      exchanges: [
        fetchExchange,
        // urql's documented graphql-ws setup.
        subscriptionExchange({
          forwardSubscription(request) {
            const input = { ...request, query: request.query || "" };
            return {
              subscribe(sink) {
                const unsubscribe = ws.subscribe(input, sink);
                return { unsubscribe };
              },
            };
          },
        }),
      ],
    });
    const messages = inbox<{ action: string; inReview: boolean | null; article: { id: string } | null }>();
    const { unsubscribe } = client
      .subscription(`subscription Queue { reviewQueueChanged { action inReview article { id } } }`, {})
      .subscribe((result) => {
        if (result.error) throw result.error;
        messages.push(result.data.reviewQueueChanged);
      });
    expect(await messages.take()).toEqual({ action: "subscribed", inReview: null, article: null });
    const draft = await createArticle(server.url, staff.writer, { title: "urql live", body: "x" });
    await query(server.url, `mutation($id: ID!) { submitForReview(id: $id) { status } }`, { id: draft.id }, staff.writer);
    expect(await messages.take()).toEqual({ action: "article.submitted", inReview: true, article: { id: draft.id } });
    unsubscribe();
  });
});
