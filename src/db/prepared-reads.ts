import { createHash } from "node:crypto";
import type pg from "pg";
import { tallyStatement } from "./statement-counter.js";

/**
 * The compiled read path's statements, run on the pg pool under Prisma as named prepared statements.
 *
 * Why not `$queryRawUnsafe`: Prisma compiles a query plan for every raw statement whose values it has not
 * seen (its plan cache keys by the values too), and its pg adapter sends unnamed statements, so PostgreSQL
 * parses and plans each one again. Measured on the bench's show page (Q4), planning was about 0.7 of its
 * 1.7 ms in PostgreSQL. A named statement is parsed once per connection (pg keeps the names it prepared per
 * connection) and PostgreSQL switches to a generic plan when that is as good as the custom ones, as the
 * raw-SQL ceiling does. Prisma keeps the writes and every transaction; these are single read-only
 * statements outside any transaction, so they lose nothing by skipping it.
 */
export interface PreparedStatement {
  /** From `statementName(text)`, computed once where the statement is built (and cached). */
  name: string;
  text: string;
  values: unknown[];
}

/** Runs a read-only statement whose one row has one text column, `body`; resolves to that text. */
export type PreparedReader = (statement: PreparedStatement) => Promise<string | null>;

type Query = (config: pg.QueryConfig) => Promise<pg.QueryResult>;

/**
 * A name as unique as the text (a name pg already prepared on a connection with another text is an error),
 * and under PostgreSQL's 63-byte identifier limit.
 */
export function statementName(text: string): string {
  return `gl_${createHash("sha256").update(text).digest("base64url").slice(0, 32)}`;
}

/**
 * A reader over `query` (a pool's, or the replica set's, which routes to a healthy replica). Each statement
 * counts once on the request's tally, as a Prisma query does, when statements are counted.
 */
export function preparedReader(query: Query, options: { countStatements?: boolean }): PreparedReader {
  return async ({ name, text, values }) => {
    if (options.countStatements) tallyStatement();
    const result = await query({ name, text, values });
    return (result.rows[0] as { body: string | null } | undefined)?.body ?? null;
  };
}

/** Which reader serves a client: the primary's client reads on the primary's pool, the routing client on the replicas. */
const readers = new WeakMap<object, PreparedReader>();

export function servePreparedReads(client: object, reader: PreparedReader): void {
  readers.set(client, reader);
}

/** The reader for a request's client; undefined for a client the database did not open (a transaction's). */
export function preparedReadsOf(client: object): PreparedReader | undefined {
  return readers.get(client);
}
