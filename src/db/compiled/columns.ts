import { sql, type SQL } from "pg-sql2";
import type { ScalarMapping } from "./mapping.js";

/**
 * Scalar mappings for the column types in use, each giving the JSON value the field's GraphQL scalar
 * serializes to on the resolver path (Date: "YYYY-MM-DD"; DateTime: ISO with milliseconds and "Z",
 * as `Date#toISOString`; Prisma's Decimal: a number).
 */
const ISO_INSTANT = sql.literal('YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');

export function column(name: string): ScalarMapping {
  return { kind: "scalar", sql: (row) => sql`${row}.${sql.identifier(name)}` };
}

export function dateColumn(name: string): ScalarMapping {
  return { kind: "scalar", sql: (row) => sql`to_char(${row}.${sql.identifier(name)}, 'YYYY-MM-DD')`, serialized: true };
}

/** Timestamps are stored as UTC without a zone (Prisma's DateTime). */
export function instantColumn(name: string): ScalarMapping {
  return { kind: "scalar", sql: (row) => instantText(sql`${row}.${sql.identifier(name)}`), serialized: true };
}

export function instantText(expression: SQL): SQL {
  return sql`to_char(${expression}, ${ISO_INSTANT})`;
}

export function decimalColumn(name: string): ScalarMapping {
  return { kind: "scalar", sql: (row) => sql`${row}.${sql.identifier(name)}::float8` };
}

/**
 * A list column (text[]): Prisma reads a NULL array as [] (its list columns have no NOT NULL), so the
 * compiled read does too; a non-null list field would otherwise fail.
 */
export function listColumn(name: string): ScalarMapping {
  return { kind: "scalar", sql: (row) => sql`coalesce(${row}.${sql.identifier(name)}, '{}')` };
}

/** Plain columns (text, int, boolean, enums) that JSON as they are. */
export function columns(...names: string[]): Record<string, ScalarMapping> {
  return Object.fromEntries(names.map((name) => [name, column(name)]));
}

/** A computed scalar. */
export function scalar(expression: (row: SQL) => SQL): ScalarMapping {
  return { kind: "scalar", sql: expression };
}

/** base64url without padding, as Buffer's "base64url" (PostgreSQL's base64 also wraps lines: removed). */
export function base64url(text: SQL): SQL {
  return sql`rtrim(translate(encode(convert_to(${text}, 'UTF8'), 'base64'), E'+/\\n', '-_'), '=')`;
}

/**
 * A table as Prisma names it in its own statements: schema-qualified, in the schema the migrations
 * create (so statement statistics, such as the replica test's pg_stat_statements counts, find the
 * reads of both paths alike).
 */
export function table(name: string): SQL {
  return sql.identifier("public", name);
}
