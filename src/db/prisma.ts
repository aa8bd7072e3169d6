import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client.js";

export { Prisma } from "./generated/client.js";
export type { PrismaClient };

/** Counts SQL statements per request (tests assert exact counts, benchmarks report them). */
export interface StatementListener {
  (sql: string): void;
}

export function createPrismaClient(options: {
  url: string;
  poolSize: number;
  onStatement?: StatementListener;
}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: options.url, max: options.poolSize });
  const prisma = new PrismaClient({
    adapter,
    log: options.onStatement ? [{ emit: "event", level: "query" }] : [],
  });
  if (options.onStatement) {
    const listener = options.onStatement;
    (prisma as unknown as { $on(event: "query", cb: (e: { query: string }) => void): void }).$on("query", (event) =>
      listener(event.query),
    );
  }
  return prisma;
}
