import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client.js";

export { Prisma } from "./generated/client.js";
export type { PrismaClient };

import { tallyStatement } from "./statement-counter.js";

export function createPrismaClient(options: { url: string; poolSize: number }): PrismaClient {
  return createPrismaClientWithPool(options).prisma;
}

/** The client and the pg pool under it (whose use /metrics reports; the caller ends it after disconnecting). */
export function createPrismaClientWithPool(options: { url: string; poolSize: number }): { prisma: PrismaClient; pool: pg.Pool } {
  // A connection attempt that hangs (a database behind a dead network) fails after 5 s instead of holding the request.
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize, connectionTimeoutMillis: 5000 });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool), log: [{ emit: "event", level: "query" }] });
  // Query events fire in the async context of the caller, so each lands on its request's tally.
  prisma.$on("query", tallyStatement);
  return { prisma, pool };
}
