// What a merge moved, stored as ShowMerge.record so that unmergeShows reverses it exactly instead of guessing.
// Rows are kept as JSON (dates as ISO strings, decimals as strings) and revived with the column types below.
import type { Prisma } from "../db/prisma.js";

/** A FieldProvenance row as stored. */
export interface ProvenanceRow {
  entityType: string;
  entityId: number;
  field: string;
  origin: "EDITOR" | "SEED" | "IMPORT";
  userId: number | null;
  file: string | null;
  line: number | null;
  recordedAt: string;
}

/** A field of the target (or of its season) that was empty and took the source's value. */
export interface FilledField {
  entityType: "Show" | "Season";
  entityId: number;
  field: string;
  /** The value filled in (to tell, on unmerge, whether an editor changed it since). */
  value: unknown;
  /** What was empty before: null, or [] for genres. */
  emptyValue: null | [];
  /** The target's provenance row for the field before, if it had one. */
  provenanceBefore: ProvenanceRow | null;
}

export interface ExternalIdRow {
  source: string;
  externalId: string;
}

export interface MergeRecord {
  source: {
    /** The Show row as it was, its version already bumped by the merge. */
    row: Record<string, unknown>;
    slugAliases: string[];
    provenance: ProvenanceRow[];
  };
  /** Source seasons moved whole to the target (same ids). */
  seasonsMoved: number[];
  /** Source seasons folded into the target's season of the same number, then deleted: restored with their ids. */
  seasonsMerged: { row: Record<string, unknown>; into: number; provenance: ProvenanceRow[] }[];
  chartEntries: { id: number; seasonId: number | null }[];
  ratings: { id: number; seasonId: number | null }[];
  credits: { moved: number[]; dropped: Record<string, unknown>[] };
  companies: { moved: number[]; dropped: number[] };
  /**
   * The source's ids in outside catalogues (ShowExternalId), so metadata re-imports keep finding the merged show:
   * moved where the target has no id from that catalogue, dropped (and restored by unmerge) where it has one.
   * Absent in records written before external ids existed.
   */
  externalIds?: { moved: ExternalIdRow[]; dropped: ExternalIdRow[] };
  articles: { moved: number[]; dropped: number[] };
  renewalArticles: number[];
  /** Article revisions that named the source (their show list or renewal show), as they were. */
  revisions: { id: number; articleId: number; showIds: number[]; renewalShowId: number | null }[];
  statusFacts: number[];
  /**
   * Articles and revisions whose quoted chart figures named a folded season, now the season it joined
   * (so the publish check finds the same rows there); unmerge points them back. Absent in older records.
   */
  claimsRepointed?: { from: number; into: number; articles: number[]; revisions: number[] }[];
  /** Routes that sent rows to the source, now to the target. */
  routesRepointed: number[];
  /** The route made for the source's match key, if it had one. */
  routeCreated: number | null;
  filled: FilledField[];
}

/** A row as JSON: Prisma's Decimal and Date serialize themselves. */
export function asJson<T>(row: T): Record<string, unknown> {
  return JSON.parse(JSON.stringify(row)) as Record<string, unknown>;
}

function revive(row: Record<string, unknown>, dateColumns: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, dateColumns.includes(key) && typeof value === "string" ? new Date(value) : value]));
}

export const reviveShow = (row: Record<string, unknown>) =>
  revive(row, ["premiereDate", "statusAnnouncedAt", "createdAt", "updatedAt"]) as unknown as Prisma.ShowUncheckedCreateInput;
export const reviveSeason = (row: Record<string, unknown>) => revive(row, ["releaseDate", "createdAt", "updatedAt"]) as unknown as Prisma.SeasonUncheckedCreateInput;
export const reviveProvenance = (row: ProvenanceRow) => revive(row as unknown as Record<string, unknown>, ["recordedAt"]) as unknown as Prisma.FieldProvenanceUncheckedCreateInput;
export const reviveCredit = (row: Record<string, unknown>) => row as unknown as Prisma.CreditUncheckedCreateInput;

export function provenanceRow(row: { entityType: string; entityId: number; field: string; origin: string; userId: number | null; file: string | null; line: number | null; recordedAt: Date }): ProvenanceRow {
  const { entityType, entityId, field, origin, userId, file, line } = row;
  return { entityType, entityId, field, origin: origin as ProvenanceRow["origin"], userId, file, line, recordedAt: row.recordedAt.toISOString() };
}
