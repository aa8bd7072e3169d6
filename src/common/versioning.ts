import type { Prisma } from "../db/prisma.js";
import { globalId } from "./node.js";
import { conflict, notFound } from "./errors.js";

/** Tables whose rows carry `version` and `updatedById` (the curated show graph). */
export type VersionedTable = "Show" | "Person" | "ProductionCompany";

export interface VersionedRow {
  id: number;
  version: number;
  updatedById: number | null;
  updatedAt: Date;
}

const LABEL: Record<VersionedTable, string> = { Show: "Show", Person: "Person", ProductionCompany: "Company" };

/**
 * Locks the row for the rest of the transaction and checks that the edit was based on its newest version,
 * as articles do: a stale `baseVersion` is a CONFLICT naming who saved last and when.
 */
export async function lockAtVersion(
  tx: Prisma.TransactionClient,
  table: VersionedTable,
  id: number,
  baseVersion: number,
  fields: { id: string; baseVersion: string } = { id: "id", baseVersion: "baseVersion" },
): Promise<VersionedRow> {
  // The table name comes from the closed VersionedTable union, never from a client.
  const rows = await tx.$queryRawUnsafe<VersionedRow[]>(
    `SELECT id, version, "updatedById", "updatedAt" FROM "${table}" WHERE id = $1 FOR UPDATE`,
    id,
  );
  const row = rows[0];
  if (!row) throw notFound(`No ${LABEL[table].toLowerCase()} with id ${globalId(table, id)}.`, fields.id);
  if (row.version === baseVersion) return row;
  const saver = row.updatedById === null ? null : await tx.user.findUnique({ where: { id: row.updatedById }, select: { id: true, name: true } });
  // Named as the API names authors: a global Author id.
  const savedBy = saver && { id: globalId("Author", saver.id), name: saver.name };
  throw conflict(
    `${LABEL[table]} ${globalId(table, id)} was saved by ${savedBy?.name ?? "the seed or an import"} at ${row.updatedAt.toISOString()} ` +
      `(version ${row.version}); your edit was based on version ${baseVersion}. Reload, merge and save again.`,
    { field: fields.baseVersion, currentVersion: row.version, savedBy, savedAt: row.updatedAt.toISOString() },
  );
}

/** The columns every editor's save writes on a versioned row. */
export function savedBy(userId: number) {
  return { version: { increment: 1 }, updatedById: userId } as const;
}
