import type { PrismaClient } from "./prisma.js";

/**
 * Where a read-only raw statement of a query (search, chart peers) should run: Prisma's extension routes
 * model reads only and leaves `$queryRaw` on the primary, since a raw statement may write. A request that
 * reads from the replicas has `$replica()`, which gives a healthy replica (or the primary); a mutation's,
 * a transaction's or a read-your-writes request's client is the primary and is used as it is.
 */
export function rawReads(prisma: PrismaClient): Pick<PrismaClient, "$queryRaw" | "$queryRawUnsafe"> {
  const replica = (prisma as unknown as { $replica?: () => Pick<PrismaClient, "$queryRaw" | "$queryRawUnsafe"> }).$replica;
  return typeof replica === "function" ? replica.call(prisma) : prisma;
}
