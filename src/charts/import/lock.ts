import type { Prisma } from "../../db/prisma.js";

/** Advisory lock key that serializes imports, Top 10 and metadata ("G10I" in ASCII). */
const IMPORT_LOCK_KEY = 0x47313049;

/**
 * Waits for any running import (Top 10 or metadata) and keeps new ones waiting until the transaction ends.
 * Imports take it so two overlapping files do not both create or fill the same shows; merges and splits take it because an import resolves
 * its rows' shows (and routes) at its start and must not write rows onto a show a merge has just removed.
 */
export async function holdImports(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(${IMPORT_LOCK_KEY})::text`;
}
