import type { ResolveTree } from "graphql-parse-resolve-info";

/** What the GraphQL fields of a row type read from its table. */
export interface RowColumns {
  /** Every scalar column of the model (its Prisma `…ScalarFieldEnum`). */
  columns: Readonly<Record<string, string>>;
  /**
   * The columns that fields computed by resolvers read. A selected field that is neither a column
   * nor listed here may read anything, so the whole row is loaded.
   */
  computed: Readonly<Record<string, readonly string[]>>;
}

/**
 * The Prisma `select` of the columns read by the fields selected on a row type, plus `required`
 * (cursor keys, say) and the id; undefined, meaning the whole row, when a field's needs are unknown.
 * Nested reads mostly ask for a few short fields of wide rows (an article's title, not its body).
 */
export function columnsFor(
  rows: RowColumns,
  selections: Record<string, ResolveTree>[],
  required: Iterable<string> = [],
): Record<string, true> | undefined {
  if (selections.length === 0) return undefined;
  const wanted = new Set(["id", ...required]);
  for (const selection of selections) {
    for (const field of Object.values(selection)) {
      // `rowId` (the Node interface's) reads the id, which is always selected.
      if (field.name === "__typename" || field.name === "rowId") continue;
      if (Object.hasOwn(rows.columns, field.name)) wanted.add(field.name);
      else if (Object.hasOwn(rows.computed, field.name)) rows.computed[field.name]!.forEach((column) => wanted.add(column));
      else return undefined;
    }
  }
  return Object.fromEntries([...wanted].map((column) => [column, true as const]));
}
