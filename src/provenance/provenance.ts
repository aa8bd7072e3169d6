import type { Prisma } from "../db/prisma.js";

/** The records whose curated fields carry provenance (FieldProvenance.entityType). */
export type CuratedEntity = "Show" | "Season" | "Person" | "ProductionCompany";

type ProvenanceWriter = Pick<Prisma.TransactionClient, "fieldProvenance">;

export type FieldOrigin = { origin: "EDITOR"; userId: number } | { origin: "SEED" } | { origin: "IMPORT"; file: string; line: number | null };

/** Records where the values of `fields` now come from, replacing what was recorded for them before. */
export async function recordProvenance(
  tx: ProvenanceWriter,
  entity: { type: CuratedEntity; id: number },
  fields: string[],
  source: FieldOrigin,
): Promise<void> {
  const data = {
    origin: source.origin,
    userId: source.origin === "EDITOR" ? source.userId : null,
    file: source.origin === "IMPORT" ? source.file : null,
    line: source.origin === "IMPORT" ? source.line : null,
    recordedAt: new Date(),
  };
  for (const field of fields) {
    await tx.fieldProvenance.upsert({
      where: { entityType_entityId_field: { entityType: entity.type, entityId: entity.id, field } },
      create: { entityType: entity.type, entityId: entity.id, field, ...data },
      update: data,
    });
  }
}

/**
 * The fields of these records that an editor set, by record id: what the seed and imports must leave alone.
 * One statement for any number of records.
 */
export async function editorOwnedFields(tx: ProvenanceWriter, type: CuratedEntity, ids: number[]): Promise<Map<number, Set<string>>> {
  const rows = ids.length
    ? await tx.fieldProvenance.findMany({ where: { entityType: type, entityId: { in: ids }, origin: "EDITOR" }, select: { entityId: true, field: true } })
    : [];
  const owned = new Map<number, Set<string>>();
  for (const row of rows) {
    if (!owned.has(row.entityId)) owned.set(row.entityId, new Set());
    owned.get(row.entityId)!.add(row.field);
  }
  return owned;
}

/** `fields` without those an editor owns: what a non-editor writer may still set. */
export function withoutEditorOwned<T extends Record<string, unknown>>(fields: T, owned: Set<string> | undefined): Partial<T> {
  if (!owned) return fields;
  return Object.fromEntries(Object.entries(fields).filter(([field]) => !owned.has(field))) as Partial<T>;
}
