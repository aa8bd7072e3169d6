import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * A loopback TCP proxy between a server under test and PostgreSQL that can fail the way networks do:
 * - black hole: bytes in either direction are silently dropped, sockets stay open, no FIN or RST
 *   (a dead path, a failed-over host); new connections are accepted and then hear nothing;
 * - pause: nothing moves, but nothing is lost either (a stall); resume delivers what was held;
 * - cut: every open connection is reset at once (the path comes back, the sessions do not).
 */
export interface TcpProxy {
  port: number;
  blackHole(): void;
  pause(): void;
  /** Back to forwarding (after a black hole or a pause). */
  restore(): void;
  cut(): void;
  /** Connections the proxy has accepted so far. */
  accepted(): number;
  /** Connections that had bytes dropped by a black hole and are still open (a client still holding a wedged one). */
  wedgedStillOpen(): number;
  close(): Promise<void>;
}

type Mode = "forward" | "blackhole" | "paused";

interface Pair {
  client: Socket;
  upstream: Socket | null;
  /** Bytes from the client waiting for the upstream connection or a resume. */
  pending: Buffer[];
  wedged: boolean;
  /** The client closed its side (FIN or reset): it holds the connection no more. */
  clientGone: boolean;
  closed: boolean;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: Mode = "forward";
  let accepted = 0;
  const pairs = new Set<Pair>();

  const flush = (pair: Pair) => {
    if (!pair.upstream || mode === "blackhole") return;
    for (const chunk of pair.pending.splice(0)) pair.upstream.write(chunk);
  };
  const close = (pair: Pair) => {
    if (pair.closed) return;
    pair.closed = true;
    pair.client.destroy();
    pair.upstream?.destroy();
    pairs.delete(pair);
  };
  const openUpstream = (pair: Pair) => {
    const upstream = connect(target.port, target.host);
    pair.upstream = upstream;
    upstream.on("connect", () => flush(pair));
    if (mode === "paused") upstream.pause();
    upstream.on("data", (chunk: Buffer) => {
      if (mode === "blackhole" || pair.wedged) {
        pair.wedged = true;
        return;
      }
      pair.client.write(chunk);
    });
    upstream.on("error", () => close(pair));
    upstream.on("close", () => {
      // A real dead path would not carry PostgreSQL's FIN either.
      if (mode !== "blackhole") close(pair);
    });
  };

  // allowHalfOpen: a client's FIN is not answered by the proxy's own, as a dead path would not answer it.
  const server: Server = createServer({ allowHalfOpen: true, pauseOnConnect: false }, (client) => {
    accepted += 1;
    const pair: Pair = { client, upstream: null, pending: [], wedged: false, clientGone: false, closed: false };
    pairs.add(pair);
    if (mode === "paused") client.pause();
    client.on("data", (chunk: Buffer) => {
      if (mode === "blackhole" || pair.wedged) {
        pair.wedged = true;
        return;
      }
      pair.pending.push(chunk);
      flush(pair);
    });
    client.on("end", () => {
      pair.clientGone = true;
      if (mode !== "blackhole" && !pair.wedged) pair.upstream?.end();
    });
    client.on("error", () => close(pair));
    client.on("close", () => close(pair));
    // In a black hole a new connection hears nothing; it is opened upstream once the path is back.
    if (mode !== "blackhole") openUpstream(pair);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };

  return {
    port,
    blackHole() {
      mode = "blackhole";
    },
    pause() {
      mode = "paused";
      // Nothing is read, so TCP holds everything back, as on a stalled path.
      for (const pair of pairs) {
        pair.client.pause();
        pair.upstream?.pause();
      }
    },
    restore() {
      mode = "forward";
      for (const pair of pairs) {
        // A wedged pair lost bytes: both ends are out of step for good, so it keeps dropping everything.
        if (pair.wedged) continue;
        pair.client.resume();
        pair.upstream?.resume();
        if (!pair.upstream) openUpstream(pair);
        else flush(pair);
      }
    },
    cut() {
      for (const pair of [...pairs]) {
        pair.client.resetAndDestroy();
        pair.upstream?.resetAndDestroy();
        close(pair);
      }
    },
    accepted: () => accepted,
    wedgedStillOpen: () => [...pairs].filter((pair) => pair.wedged && !pair.clientGone && !pair.closed).length,
    async close() {
      for (const pair of [...pairs]) close(pair);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
