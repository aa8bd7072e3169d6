import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client.js";

export { Prisma } from "./generated/client.js";
export type { PrismaClient };

import { tallyStatement } from "./statement-counter.js";

export function createPrismaClient(options: { url: string; poolSize: number }): PrismaClient {
  const adapter = new PrismaPg({ connectionString: options.url, max: options.poolSize });
  const prisma = new PrismaClient({ adapter, log: [{ emit: "event", level: "query" }] });
  // Query events fire in the async context of the caller, so each lands on its request's tally.
  prisma.$on("query", tallyStatement);
  return prisma;
}
