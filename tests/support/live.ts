import { createClient, type Client, type ExecutionResult } from "graphql-ws";
import WebSocket from "ws";

/** The WebSocket URL of a test server's /graphql. */
export function wsUrl(httpUrl: string): string {
  return httpUrl.replace(/^http/, "ws");
}

export interface LiveClient {
  client: Client;
  /** Resolves with the close code and reason once the server (or we) closed the socket. */
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves once the server acknowledged connection_init; rejects if the socket closed first. */
  connected: Promise<void>;
}

/**
 * A graphql-ws client over `ws`, as any Node client would make one: connects at once, never retries
 * (a test wants to see each close), and sends `authorization` in connection_init when given.
 */
export function liveClient(httpUrl: string, authorization?: string, params: Record<string, unknown> = {}): LiveClient {
  let onClosed!: (value: { code: number; reason: string }) => void;
  let onConnected!: () => void;
  let notConnected!: (error: Error) => void;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (onClosed = resolve));
  const connected = new Promise<void>((resolve, reject) => ((onConnected = resolve), (notConnected = reject)));
  // Awaited only by tests that expect a connection; others must not see an unhandled rejection.
  connected.catch(() => {});
  const client = createClient({
    url: wsUrl(httpUrl),
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: authorization ? { authorization, ...params } : params,
    onNonLazyError: () => {},
    on: {
      connected: () => onConnected(),
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string | Buffer };
        onClosed({ code, reason: String(reason) });
        notConnected(new Error(`Closed before connecting: ${code} ${String(reason)}`));
      },
    },
  });
  return { client, closed, connected };
}

/** Closes a client and waits until the server has seen it go (limits per user count open sockets). */
export async function disconnect(live: LiveClient): Promise<void> {
  await live.client.dispose();
  await live.closed;
}

export interface Subscription {
  /** The next message (data or errors); rejects if the socket closed instead. */
  next(): Promise<ExecutionResult<any>>;
  /** Whether the server completed the operation (after an error message, for example). */
  done(): Promise<boolean>;
  stop(): Promise<void>;
}

export function subscribe(live: LiveClient, query: string, variables?: Record<string, unknown>): Subscription {
  const iterator = live.client.iterate({ query, variables });
  return {
    async next() {
      const { value, done } = await iterator.next();
      if (done) throw new Error("The subscription completed");
      return value;
    },
    async done() {
      return (await iterator.next()).done === true;
    },
    async stop() {
      await iterator.return?.();
    },
  };
}
