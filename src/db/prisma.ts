import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client.js";

export { Prisma } from "./generated/client.js";
export type { PrismaClient };

import { tallyStatement } from "./statement-counter.js";

/** How long a connection may sit silent before TCP keepalive probes start (client and server side). */
const KEEPALIVE_IDLE_SECONDS = 10;
/**
 * How long PostgreSQL lets a session sit inside a transaction between statements: a client that
 * vanished mid-transaction (its network black-holed) must not hold its locks for the TCP timeout.
 * The app's own transactions never pause that long between statements.
 */
const IDLE_IN_TRANSACTION_MS = 60_000;

export interface PoolTimeouts {
  /** Opening a connection, or waiting for a free one in the pool; 0 waits as long as it takes. */
  connectTimeoutMs: number;
  /** Client side: a statement with no answer by then is given up and its connection destroyed; 0: never. */
  queryTimeoutMs: number;
  /** Server side (PostgreSQL's statement_timeout); 0: none. */
  statementTimeoutMs: number;
  /** Keepalive and idle_in_transaction_session_timeout: a network path, not the in-process engine. */
  network: boolean;
}

function isReadTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === "Query read timeout";
}

/**
 * A pg client that destroys its own connection when a statement times out client-side. pg leaves
 * such a connection open with the statement still "active", and Prisma releases a transaction's
 * connection to the pool without the error, so otherwise a connection wedged on a dead network
 * path would go back to the pool and stall whoever takes it next.
 */
class SelfDestroyingClient extends pg.Client {
  override query(...args: unknown[]): any {
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (result instanceof Promise) {
      result.catch((error: unknown) => {
        // end() with a statement active destroys the socket; the pool then drops the client on release.
        if (isReadTimeout(error)) void this.end().catch(() => {});
      });
    }
    return result;
  }
}

/** The client and the pg pool under it (whose use /metrics reports; the caller ends it after disconnecting). */
export function createPrismaClientWithPool(options: {
  url: string;
  poolSize: number;
  timeouts: PoolTimeouts;
  /** Tally each statement on its request (see statement-counter.ts); off, queries emit no events at all. */
  countStatements?: boolean;
}): {
  prisma: PrismaClient;
  pool: pg.Pool;
} {
  const { connectTimeoutMs, queryTimeoutMs, statementTimeoutMs, network } = options.timeouts;
  const pool = new pg.Pool({
    Client: SelfDestroyingClient,
    connectionString: options.url,
    max: options.poolSize,
    connectionTimeoutMillis: connectTimeoutMs,
    // pg-pool's callback path (pool.query) releases with the error, which destroys the client too.
    ...(queryTimeoutMs ? { query_timeout: queryTimeoutMs } : {}),
    // PostgreSQL cancels any statement running longer (0: no limit), so no request can hold the database indefinitely.
    ...(statementTimeoutMs ? { statement_timeout: statementTimeoutMs } : {}),
    ...(network
      ? {
          // Dead peers are noticed on idle connections (a failed-over host that never sends a RST)...
          keepAlive: true,
          keepAliveInitialDelayMillis: KEEPALIVE_IDLE_SECONDS * 1000,
          // ...and PostgreSQL notices a vanished client and frees its session and locks.
          idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_MS,
          options: `-c tcp_keepalives_idle=${KEEPALIVE_IDLE_SECONDS} -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3`,
        }
      : {}),
  });
  // An idle connection the server closes (a restart, an outage, a dropped database) errors on the pool;
  // the pool discards it and the next query opens a fresh one, so the error needs no handling but must not crash us.
  pool.on("error", () => {});
  if (!options.countStatements) return { prisma: new PrismaClient({ adapter: new PrismaPg(pool) }), pool };
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool), log: [{ emit: "event", level: "query" }] });
  // Query events fire in the async context of the caller, so each lands on its request's tally.
  prisma.$on("query", tallyStatement);
  return { prisma, pool };
}
