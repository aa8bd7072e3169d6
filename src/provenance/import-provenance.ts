import type { Prisma } from "../db/prisma.js";
import type { CuratedEntity } from "./provenance.js";

export interface ProvenanceRow {
  entityType: CuratedEntity;
  entityId: number;
  field: string;
  line: number;
}

/**
 * IMPORT provenance for many fields at once: one INSERT … ON CONFLICT per batch (recordProvenance writes one
 * statement per field, too slow for the thousands an import sets). The newest write wins the row, as there.
 */
export async function recordImportProvenance(tx: Prisma.TransactionClient, file: string, rows: ProvenanceRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 5000) {
    const batch = rows.slice(start, start + 5000);
    await tx.$executeRaw`
      INSERT INTO "FieldProvenance" ("entityType", "entityId", field, origin, "userId", file, line, "recordedAt")
      SELECT t, i, f, 'IMPORT'::"ProvenanceOrigin", NULL, ${file}, l, (now() AT TIME ZONE 'UTC')
      FROM unnest(${batch.map((row) => row.entityType)}::text[], ${batch.map((row) => row.entityId)}::int[],
                  ${batch.map((row) => row.field)}::text[], ${batch.map((row) => row.line)}::int[]) AS input(t, i, f, l)
      ON CONFLICT ("entityType", "entityId", field) DO UPDATE SET
        origin = EXCLUDED.origin, "userId" = NULL, file = EXCLUDED.file, line = EXCLUDED.line, "recordedAt" = EXCLUDED."recordedAt"`;
  }
}
