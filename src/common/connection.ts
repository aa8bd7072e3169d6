import { IsOptional, Max, Min, MaxLength } from "class-validator";
import { ArgsType, Field, Int, ObjectType, type ClassType } from "type-graphql";
import { badUserInput } from "./errors.js";
import type { Prefetch } from "./prefetch.js";
import { FLOAT4_MAX, isInt4, isStorableDate, unstorableTextReason } from "./storable.js";

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** Relay paging arguments shared by every connection field. */
@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: `Items from the start (or after \`after\`): 0 to ${MAX_PAGE_SIZE}; ${DEFAULT_PAGE_SIZE} when neither first nor last is given.` })
  @IsOptional()
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first?: number;

  @Field(() => String, { nullable: true, description: "A cursor from this connection: the page starts after it." })
  @IsOptional()
  @MaxLength(500)
  after?: string;

  @Field(() => Int, { nullable: true, description: `Items from the end (or before \`before\`): 0 to ${MAX_PAGE_SIZE}.` })
  @IsOptional()
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  last?: number;

  @Field(() => String, { nullable: true, description: "A cursor from this connection: the page ends before it." })
  @IsOptional()
  @MaxLength(500)
  before?: string;
}

@ObjectType({ description: "Where a page sits in its connection." })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage: boolean;

  @Field(() => Boolean)
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true })
  startCursor: string | null;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

/** What a connection resolver returns; `totalCount` is only computed when a client asks for it. */
export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  readonly totalCount: number | Promise<number>;
}

/**
 * The GraphQL types of one connection: `<Name>Connection` and `<Name>Edge`. Each domain declares
 * its own (`ShowConnection`, ...), so generated clients get precise types.
 */
export function connectionType<T extends object>(name: string, Node: ClassType<T>) {
  @ObjectType(`${name}Edge`, { description: `One ${name} in a page, with its cursor.` })
  class EdgeType {
    @Field(() => String, { description: "Opaque; pass it as `after` or `before`." })
    cursor: string;

    @Field(() => Node)
    node: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} items (Relay connection).` })
  class ConnectionType {
    @Field(() => [EdgeType])
    edges: EdgeType[];

    @Field(() => [Node], { description: "The edges' nodes, for clients that need no cursors." })
    nodes: T[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int, { description: "All items matching the filters, across pages." })
    totalCount: number;
  }
  return ConnectionType;
}

export type CursorValue = string | number | boolean | Date | null;

export interface SortKey<Row> {
  /** Prisma field name; `of` reads it from a row (for nested rows, dates as Date). */
  field: string;
  direction: "asc" | "desc";
  nullable?: boolean;
  kind: "string" | "number" | "date" | "enum";
  /** For number keys: compared as a `real` (search ranks); every other number key is an int4 column. */
  real?: boolean;
  /** For enum keys: the values in the database's order (Prisma compares enums only by equality). */
  values?: readonly string[];
  of: (row: Row) => CursorValue;
}

/** An order a connection can be read in. The last key must be unique (the id), so cursors are exact. */
export interface Ordering<Row> {
  name: string;
  keys: SortKey<Row>[];
}

/**
 * The ordering a client's `orderBy` list names: the values' leading keys in list order (a later one
 * only breaks the ties left by those before it), then each value's own tie-breakers, then the first
 * value's unique last key (the id), so every row has one place and pages are stable. Its name joins
 * the values' names, so a cursor made under one list is refused under any other. Two values leading
 * with the same key (`[TITLE_ASC, TITLE_DESC]`) contradict each other and are refused.
 */
export function orderingFor<Order extends string, Row>(
  orderings: Record<Order, Ordering<Row>>,
  orderBy: Order | readonly Order[] | null | undefined,
  field = "orderBy",
): Ordering<Row> {
  // Prefetch plans pass the raw argument values, where a single value may not be listed yet.
  const orders = orderBy == null ? [] : Array.isArray(orderBy) ? (orderBy as readonly Order[]) : [orderBy as Order];
  if (orders.length === 0) throw badUserInput(`\`${field}\` needs at least one order.`, field);
  const chosen = orders.map((order) => orderings[order]);
  if (chosen.some((ordering) => !ordering)) throw badUserInput(`\`${field}\` holds an unknown order.`, field);
  if (chosen.length === 1) return chosen[0]!;
  const leads = new Map<string, Order>();
  orders.forEach((order, index) => {
    const lead = chosen[index]!.keys[0]!.field;
    const earlier = leads.get(lead);
    if (earlier) throw badUserInput(`\`${field}\` orders by ${lead} twice (${earlier}, ${order}): give each key once.`, field);
    leads.set(lead, order);
  });
  const unique = chosen[0]!.keys.at(-1)!;
  const seen = new Set<string>([unique.field]);
  const keys: SortKey<Row>[] = [];
  const candidates = [...chosen.map((ordering) => ordering.keys[0]!), ...chosen.flatMap((ordering) => ordering.keys.slice(1))];
  for (const key of candidates) {
    // A key already ordered by is fixed among ties, so a repeat of it (a shared tie-breaker) adds nothing.
    if (seen.has(key.field)) continue;
    seen.add(key.field);
    keys.push(key);
  }
  return { name: chosen.map((ordering) => ordering.name).join(","), keys: [...keys, unique] };
}

export interface PageRequest {
  /** Rows to return. */
  size: number;
  /** Reading from the end (`last`/`before`): rows are fetched in reverse order, then flipped. */
  backward: boolean;
  /** The sort-key values of the `after`/`before` cursor. */
  cursor: CursorValue[] | null;
  hasCursor: "after" | "before" | null;
}

const CURSOR_VERSION = "c1";

export function encodeCursor<Row>(ordering: Ordering<Row>, row: Row): string {
  const values = ordering.keys.map((key) => {
    const value = key.of(row);
    return value instanceof Date ? value.toISOString() : value;
  });
  return Buffer.from(JSON.stringify([CURSOR_VERSION, ordering.name, ...values])).toString("base64url");
}

export function decodeCursor<Row>(ordering: Ordering<Row>, cursor: string, field: string): CursorValue[] {
  const invalid = () => badUserInput(`\`${field}\` is not a cursor of this connection in this order.`, field);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed[0] !== CURSOR_VERSION || parsed[1] !== ordering.name) throw invalid();
  const values = parsed.slice(2);
  if (values.length !== ordering.keys.length) throw invalid();
  return ordering.keys.map((key, index) => {
    const value: unknown = values[index];
    if (value === null) {
      if (!key.nullable) throw invalid();
      return null;
    }
    // A well-formed cursor can still hold what no column can (it is only base64 JSON): such values
    // are refused here like any malformed cursor, instead of failing in the database.
    if (key.kind === "date") {
      const date = typeof value === "string" ? new Date(value) : new Date(Number.NaN);
      if (!isStorableDate(date)) throw invalid();
      return date;
    }
    if (key.kind === "number") {
      const fits = typeof value === "number" && (key.real ? Math.abs(value) <= FLOAT4_MAX : isInt4(value));
      if (!fits) throw invalid();
      return value;
    }
    if (typeof value !== "string" || unstorableTextReason(value)) throw invalid();
    if (key.kind === "enum" && !key.values?.includes(value as string)) throw invalid();
    return value as CursorValue;
  });
}

/** Checks the paging arguments against an ordering and decodes the cursor. */
export function pageRequest<Row>(args: ConnectionArgs, ordering: Ordering<Row>): PageRequest {
  if (args.first != null && args.last != null) throw badUserInput("Give `first` or `last`, not both.", "last");
  if (args.after != null && args.before != null) throw badUserInput("Give `after` or `before`, not both.", "before");
  if (args.first != null && args.before != null) throw badUserInput("`before` pages backward: use it with `last`.", "before");
  if (args.last != null && args.after != null) throw badUserInput("`after` pages forward: use it with `first`.", "after");
  // Checked here too, not only by the arguments' validators: prefetch plans read arguments before any resolver runs.
  for (const field of ["first", "last"] as const) {
    const size = args[field];
    if (size != null && (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE)) {
      throw badUserInput(`\`${field}\` must be between 0 and ${MAX_PAGE_SIZE}.`, field);
    }
  }
  const backward = args.last != null || args.before != null;
  const cursorField = args.after != null ? "after" : args.before != null ? "before" : null;
  return {
    size: args.first ?? args.last ?? DEFAULT_PAGE_SIZE,
    backward,
    cursor: cursorField ? decodeCursor(ordering, args[cursorField]!, cursorField) : null,
    hasCursor: cursorField,
  };
}

type Where = Record<string, unknown>;

/** Prisma `orderBy` for reading in `ordering` (reversed when paging backward); nulls sort last when reading forward. */
export function orderByFor<Row>(ordering: Ordering<Row>, page: Pick<PageRequest, "backward">): Where[] {
  return ordering.keys.map((key) => {
    const flip = page.backward;
    const direction = flip ? (key.direction === "asc" ? "desc" : "asc") : key.direction;
    return { [key.field]: key.nullable ? { sort: direction, nulls: flip ? "first" : "last" } : direction };
  });
}

/**
 * The keyset condition "comes after the cursor in reading order": (k1 > v1) OR (k1 = v1 AND k2 > v2) ...,
 * with `>` meaning "later in this key's direction" and nulls ranked after every value. Unlike an
 * offset, it keeps pages stable while rows are inserted, and unlike Prisma's `cursor` it keeps
 * relation joins possible.
 */
export function keysetWhere<Row>(ordering: Ordering<Row>, page: PageRequest): Where | undefined {
  const cursor = page.cursor;
  if (!cursor) return undefined;
  const alternatives: Where[] = [];
  ordering.keys.forEach((key, index) => {
    const beyond = beyondValue(key, cursor[index]!, page.backward);
    if (beyond === null) return;
    const equalBefore = ordering.keys.slice(0, index).map((previous, j) => ({ [previous.field]: cursor[j] }));
    alternatives.push(equalBefore.length ? { AND: [...equalBefore, beyond] } : beyond);
  });
  return { OR: alternatives };
}

/** Rows strictly beyond `value` on one key in reading order, or null when none can be. */
function beyondValue<Row>(key: SortKey<Row>, value: CursorValue, backward: boolean): Where | null {
  if (value === null) return backward ? { [key.field]: { not: null } } : null;
  const ascending = (key.direction === "asc") !== backward;
  const strictly = key.kind === "enum" ? enumBeyond(key, value as string, ascending) : { [key.field]: { [ascending ? "gt" : "lt"]: value } };
  return key.nullable && !backward ? { OR: [strictly, { [key.field]: null }] } : strictly;
}

/** "Later than `value`" for an enum key, as the set of values that sort after (or before) it. */
function enumBeyond<Row>(key: SortKey<Row>, value: string, ascending: boolean): Where {
  const values = key.values ?? [];
  const index = values.indexOf(value);
  return { [key.field]: { in: ascending ? values.slice(index + 1) : values.slice(0, index) } };
}

/** An edge whose cursor is encoded only if a client asks for it: most nested pages are read as `nodes`. */
function lazyEdge<Row, Node>(ordering: Ordering<Row>, row: Row, node: Node): Edge<Node> {
  let cursor: string | undefined;
  return {
    node,
    get cursor() {
      cursor ??= encodeCursor(ordering, row);
      return cursor;
    },
  };
}

/**
 * Builds the connection from rows fetched with `take: size + 1` in reading order: the extra row
 * only tells whether another page exists.
 */
export function toConnection<Row, Node = Row>(
  rows: Row[],
  page: PageRequest,
  ordering: Ordering<Row>,
  count: () => number | Promise<number>,
  toNode: (row: Row) => Node = (row) => row as unknown as Node,
): Connection<Node> {
  const more = rows.length > page.size;
  const pageRows = rows.slice(0, page.size);
  if (page.backward) pageRows.reverse();
  const edges = pageRows.map((row) => lazyEdge(ordering, row, toNode(row)));
  let total: number | Promise<number> | undefined;
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage: page.backward ? page.hasCursor === "before" : more,
      hasPreviousPage: page.backward ? more : page.hasCursor === "after",
      get startCursor() {
        return edges[0]?.cursor ?? null;
      },
      get endCursor() {
        return edges.at(-1)?.cursor ?? null;
      },
    },
    get totalCount() {
      total ??= count();
      return total;
    },
  };
}

/**
 * A nested connection read for a batch of parents in one statement: each parent's relation
 * `relation` (through the link-table field `through`, when there is one) paged and ordered, and
 * its filtered count when asked for.
 */
export interface NestedPage<Row> {
  relation: string;
  through?: string;
  ordering: Ordering<Row>;
  page: PageRequest;
  /** Prisma conditions on the related rows (not on the link rows). */
  filter: object;
  withCount: boolean;
  /** The related rows' columns to read (see common/columns.ts; the ordering's keys are added); all when absent. */
  columns?: Record<string, true>;
  /** Relations of the related rows to read with them (Prisma include entries, e.g. a credit's person). */
  relations?: Record<string, unknown>;
}

/** The Prisma `select` entries that load a NestedPage: spread them into the parents' findMany select. */
export function nestedPageSelect<Row>(nested: NestedPage<Row>): Record<string, unknown> {
  const { relation, through, ordering, page, filter, withCount, columns, relations } = nested;
  const wrap = (value: object) => (through ? { [through]: value } : value);
  const keyset = keysetWhere(ordering, page);
  // Prisma takes either `select` (some columns, and relations) or `include` (all columns, and relations).
  const rows = columns
    ? { select: { ...columns, ...Object.fromEntries(ordering.keys.map((key) => [key.field, true])), ...relations } }
    : relations
      ? { include: relations }
      : undefined;
  return {
    [relation]: {
      where: wrap(keyset ? { AND: [filter, keyset] } : filter),
      orderBy: orderByFor(ordering, page).map(wrap),
      take: page.size + 1,
      ...(through ? { select: { [through]: rows ?? true } } : rows),
    },
    ...(withCount ? { _count: { select: { [relation]: { where: wrap(filter) } } } } : {}),
  };
}

/** One connection per id, in the ids' order, from parents loaded with nestedPageSelect. */
export function nestedConnections<Row, Node = Row>(
  ids: readonly number[],
  parents: object[],
  nested: NestedPage<Row>,
  toNode?: (row: Row) => Node,
): Connection<Node>[] {
  const byId = new Map((parents as { id: number }[]).map((parent) => [parent.id, parent]));
  return ids.map((id) => nestedConnection(byId.get(id), nested, toNode));
}

/** The connection of one parent loaded with nestedPageSelect (none loaded: an empty one). */
export function nestedConnection<Row, Node = Row>(parent: object | undefined, nested: NestedPage<Row>, toNode?: (row: Row) => Node): Connection<Node> {
  const loaded = ((parent as Record<string, unknown> | undefined)?.[nested.relation] as Record<string, Row>[] | undefined) ?? [];
  const rows = nested.through ? loaded.map((link) => link[nested.through!]!) : (loaded as unknown as Row[]);
  const count = (parent as { _count?: Record<string, number> } | undefined)?._count?.[nested.relation] ?? 0;
  return toConnection(rows, nested.page, nested.ordering, () => count, toNode);
}

/** A nested page loaded in its parent's own statement (see common/prefetch.ts). */
export function nestedPagePrefetch<Row, Node = Row>(nested: NestedPage<Row>, toNode?: (row: Row) => Node): Prefetch {
  return { include: nestedPageSelect(nested), read: (row) => nestedConnection(row, nested, toNode) };
}

/** A loader name unique to one nested field's arguments, so differently paged uses never share a batch. */
export function loaderKey(name: string, ...parts: unknown[]): string {
  return `${name}:${JSON.stringify(parts)}`;
}

/** The id as the last sort key: unique, so every row has exactly one place in the order. */
export function idKey<Row extends { id: number }>(direction: "asc" | "desc"): SortKey<Row> {
  return { field: "id", direction, kind: "number", of: (row) => row.id };
}

/** Reading order by id alone: creation order for records whose ids grow with time (logs, deliveries). */
export function idOrdering<Row extends { id: number }>(direction: "asc" | "desc"): Ordering<Row> {
  return { name: direction === "asc" ? "id" : "-id", keys: [idKey(direction)] };
}

/** NAME_ASC and NAME_DESC, ties broken by id: the orders of every list of named things. */
export function nameOrderings<Row extends { id: number; name: string }>(): Record<"NAME_ASC" | "NAME_DESC", Ordering<Row>> {
  const byName = (direction: "asc" | "desc"): Ordering<Row> => ({
    name: direction === "asc" ? "name" : "-name",
    keys: [{ field: "name", direction, kind: "string", of: (row) => row.name }, idKey(direction)],
  });
  return { NAME_ASC: byName("asc"), NAME_DESC: byName("desc") };
}

export interface PageQuery<Where> {
  where: Where;
  orderBy: Record<string, unknown>[];
  take: number;
}

/**
 * One page of a top-level connection: `fetch` runs the keyset query (cast it to the model's
 * findMany arguments), `count` the filtered count, only if the client asks for `totalCount`.
 */
export async function findPage<Row, Where extends object>(
  args: ConnectionArgs,
  ordering: Ordering<Row>,
  where: Where,
  fetch: (query: PageQuery<Where>) => Promise<Row[]>,
  count: (where: Where) => Promise<number>,
): Promise<Connection<Row>> {
  const page = pageRequest(args, ordering);
  const keyset = keysetWhere(ordering, page);
  const rows = await fetch({
    where: (keyset ? { AND: [where, keyset] } : where) as Where,
    orderBy: orderByFor(ordering, page),
    take: page.size + 1,
  });
  return toConnection(rows, page, ordering, () => count(where));
}

/** The `orderBy` argument's description, the same on every list. */
export const ORDER_BY_DESCRIPTION =
  "Orders applied in turn: each later one only breaks the ties left by those before it, then each order's own tie-breakers follow, and the id ends every ordering, so pages are stable. " +
  "A single value works as a list of one. A cursor belongs to the list it was made under. Two orders on the same key are refused.";
