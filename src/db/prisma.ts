import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client.js";

export { Prisma } from "./generated/client.js";
export type { PrismaClient };

import { tallyStatement } from "./statement-counter.js";


/** The client and the pg pool under it (whose use /metrics reports; the caller ends it after disconnecting). */
export function createPrismaClientWithPool(options: {
  url: string;
  poolSize: number;
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
  /** Tally each statement on its request (see statement-counter.ts); off, queries emit no events at all. */
  countStatements?: boolean;
}): {
  prisma: PrismaClient;
  pool: pg.Pool;
} {
  // With a timeout, a request waiting for a connection (a database behind a dead network, or a pool
  // exhausted for that long) fails instead of hanging; 0 waits as long as it takes.
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 0,
    // PostgreSQL cancels any statement running longer (0: no limit), so no request can hold the database indefinitely.
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
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
