import { sql, type SQL, type SQLRawValue } from "pg-sql2";
import type { Viewer } from "../../common/context.js";
import type { Ordering } from "../../common/connection.js";

/**
 * How GraphQL fields map to SQL, declared by each domain next to its type-graphql classes (e.g.
 * shows/show.sql.ts) and read by the compiler (compiler.ts), which knows no domain. A field without a
 * declaration is not compilable: any selection that reaches it takes the resolver path, so a field a
 * declaration forgets can only cost speed, never change an answer.
 *
 * Every `row` below is the SQL alias of the parent row (all columns of the type's table, plus whatever
 * its source added); expressions must give JSON-ready values exactly as the field's scalar serializes.
 */
export interface FieldContext {
  viewer: Viewer | null;
}

/**
 * A field's argument values as graphql-js coerced them (defaults applied; not yet validated: a
 * declaration checks what it relies on, or returns null). Each declaration reads them as its field's
 * args class.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Arguments = any;

/** A value computed from the parent row (a column, a count): JSON-ready. */
export interface ScalarMapping {
  kind: "scalar";
  sql: (row: SQL, context: FieldContext) => SQL;
  /**
   * The expression formats the value as the field's custom scalar serializes it (columns.ts: to_char for
   * Date and DateTime), so an answer completed without execution (complete.ts) only checks it for null:
   * validating every date again with the scalar's serializer was about a third of Q2's completion.
   */
  serialized?: true;
}

/**
 * Rows of another type reached from the parent row. `source` is a SELECT whose output rows are the
 * child rows (null: these arguments cannot be compiled, the resolver path runs and reports them).
 * - object: the first row, or null;
 * - list: every row, in `order` (over the source's output columns);
 * - connection: a Relay connection paged over `ordering` (the domain's own, so cursors match).
 */
export interface ObjectMapping {
  kind: "object";
  source: (row: SQL | null, args: Arguments, context: FieldContext) => SQL | null;
  /**
   * Arguments the source only binds as SQL values (`sql.value`), never reads: given by a variable, the
   * source receives a `BoundArgument` in its place, so the statement's text is the same whatever the
   * value and is rendered once for all of them (a lookup by slug gets a new slug on every request).
   * Each request's value is checked and converted by the function, which returns the value to bind or
   * `REFUSED` for the resolver path to judge (and report) it.
   */
  parameters?: Record<string, (value: unknown) => unknown>;
}

/** A refusal from a `parameters` conversion: the request takes the resolver path. */
export const REFUSED: unique symbol = Symbol("refused");

/** Stands for a `parameters` argument's value while a statement is rendered; replaced by the request's value when it runs. */
export class BoundArgument {
  constructor(
    readonly variable: string,
    readonly convert: (value: unknown) => unknown,
  ) {}
}

/** `sql.value` for a value that may be a bound argument's stand-in (pg-sql2 keeps values as given; bindValues replaces it). */
export function boundValue(value: SQLRawValue | BoundArgument): SQL {
  return sql.value(value as SQLRawValue);
}

export interface ListMapping {
  kind: "list";
  source: (row: SQL | null, args: Arguments, context: FieldContext) => SQL | null;
  order: (child: SQL) => SQL;
}

export interface ConnectionMapping {
  kind: "connection";
  /** The connection's node type (the compiler walks edges/nodes/pageInfo/totalCount itself). */
  nodeType: string;
  source: (row: SQL | null, args: Arguments, context: FieldContext) => SQL | null;
  /** The domain's ordering for these arguments (throws on a bad orderBy: the resolver path reports it). */
  ordering: (args: Arguments) => Ordering<unknown>;
}

export type FieldMapping = ScalarMapping | ObjectMapping | ListMapping | ConnectionMapping;

const mappings = new Map<string, Map<string, FieldMapping>>();

/** Declares how fields of `typeName` (an object type, or "Query" for root fields) read from SQL. */
export function declareFields(typeName: string, fields: Record<string, FieldMapping>): void {
  const known = mappings.get(typeName) ?? new Map<string, FieldMapping>();
  for (const [name, mapping] of Object.entries(fields)) known.set(name, mapping);
  mappings.set(typeName, known);
}

export function fieldMapping(typeName: string, fieldName: string): FieldMapping | undefined {
  return mappings.get(typeName)?.get(fieldName);
}

export function isDeclared(typeName: string): boolean {
  return mappings.has(typeName);
}
