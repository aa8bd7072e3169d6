import { sql, type SQL } from "pg-sql2";
import { checkLimits, type BooleanWhere } from "../../common/filters.js";

/** A where level's own fields (AND/OR/NOT aside), each with the SQL condition its value stands for. */
export type LeafConditions<F> = { [K in Exclude<keyof F, "AND" | "OR" | "NOT">]?: (value: NonNullable<F[K]>) => SQL };

/**
 * common/filters.ts `booleanWhere`, in SQL: one level's own conditions ANDed, then its AND/OR/NOT. `leaves`
 * maps each field the SQL expresses to its condition; a level that sets any other field is left to the
 * resolver path (a throw), so a field added to a where input can never be dropped here unnoticed. A leaf may
 * throw too, for a value it leaves to the resolver path. NOT is "does not match": `is not true`, so a row
 * whose condition is unknown (a null column) is matched by the NOT, as the resolver path's two-valued leaves
 * (common/filters.ts `definite`) have it. A level with no condition at all under NOT, and an empty OR, are
 * left to the resolver path: Prisma's reading of those is its own.
 */
export function booleanWhereSql<F extends BooleanWhere<F>>(filter: F | null | undefined, leaves: LeafConditions<F>, path = "where"): SQL {
  if (!filter) return sql`true`;
  checkLimits(filter, path);
  const map = (level: F): SQL[] => {
    const parts: SQL[] = [];
    for (const [field, value] of Object.entries(level)) {
      if (value == null || field === "AND" || field === "OR" || field === "NOT") continue;
      const leaf = (leaves as Record<string, ((value: unknown) => SQL) | undefined>)[field];
      if (!leaf) throw new Error("not compiled");
      parts.push(leaf(value));
    }
    if (level.AND) parts.push(...level.AND.map((item) => sql`(${all(map(item))})`));
    if (level.OR) {
      if (level.OR.length === 0) throw new Error("empty OR");
      parts.push(sql`(${sql.join(level.OR.map((item) => sql`(${all(map(item))})`), " or ")})`);
    }
    if (level.NOT) {
      const inner = map(level.NOT);
      if (inner.length === 0) throw new Error("empty NOT");
      parts.push(sql`(${all(inner)}) is not true`);
    }
    return parts;
  };
  return all(map(filter));
}

function all(parts: SQL[]): SQL {
  return parts.length ? sql.join(parts, " and ") : sql`true`;
}

/**
 * A filter's text as the SQL may use it, or a throw (the resolver path's) for one the validator
 * (`@Length(1, 100)`) reports or whose LIKE wildcards Prisma escapes in its own way.
 */
export function filterText(text: string): string {
  if (text.length < 1 || text.length > 100 || /[%_\\]/.test(text)) throw new Error("not compiled");
  return text;
}

/** `column` contains `text` in any case (Prisma's `contains` with `mode: "insensitive"`). */
export function containsText(column: SQL, text: string): SQL {
  return sql`${column} ilike ('%' || ${sql.value(filterText(text))}::text || '%')`;
}

/** `column` is one of `values` (an enum list filter; an empty list matches nothing, as Prisma's `in: []`). */
export function oneOf(column: SQL, values: readonly string[]): SQL {
  // The parameters take the column's type (an enum's, say) rather than the column being cast to text, which
  // would keep PostgreSQL from using the column's index.
  return values.length ? sql`${column} in (${sql.join(values.map((value) => sql.value(value)), ", ")})` : sql`false`;
}
