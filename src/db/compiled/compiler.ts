import {
  getArgumentValues,
  getNamedType,
  isObjectType,
  Kind,
  visit,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";
import { sql, type SQL } from "pg-sql2";
import { decodeCursor, pageRequest, type ConnectionArgs, type CursorValue, type Ordering, type PageRequest, type SortKey } from "../../common/connection.js";
import { base64url, instantText } from "./columns.js";
import { BoundArgument, fieldMapping, REFUSED, type ConnectionMapping, type FieldContext, type FieldMapping } from "./mapping.js";

/**
 * Compiles one root field's selection into one SQL statement in which PostgreSQL builds the field's
 * JSON value, the way Hasura and PostGraphile do: nested objects and lists as correlated subqueries
 * with json_build_object/json_agg, connections as keyset pages (the resolver path's orderings, so
 * cursors are interchangeable) with totalCount as a scalar subquery. Only declared fields compile
 * (mapping.ts); a plan is the selection checked against the declarations once per operation
 * (cached by the caller), and rendering it with a request's variables gives the statement, with every
 * value a parameter.
 */

/** One selected response key of an object type. */
type Entry =
  | { key: string; kind: "typename"; typeName: string }
  | { key: string; kind: "id"; typeName: string }
  | { key: string; kind: "rowId" }
  | { key: string; kind: "mapped"; mapping: FieldMapping; field: GraphQLField<unknown, unknown>; node: FieldNode; children: ObjectPlan | ConnectionPlan | null };

export interface ObjectPlan {
  kind: "object";
  entries: Entry[];
}

/** The keys a connection's selection asks for (each possibly several times, under aliases). */
export interface ConnectionPlan {
  kind: "connection";
  typename: { key: string; name: string }[];
  nodes: { key: string; plan: ObjectPlan }[];
  edges: { key: string; typename: string; cursor: string[]; node: { key: string; plan: ObjectPlan }[]; edgeTypename: string[]; order: string[] }[];
  pageInfo: { key: string; fields: { key: string; name: string }[] }[];
  totalCount: string[];
  /**
   * The response keys in the order the selection set names them: GraphQL orders a response's fields as
   * its query does (CollectFields), and a response answered without execution keeps the statement's order.
   */
  order: string[];
}

export interface RootPlan {
  field: GraphQLField<unknown, unknown>;
  node: FieldNode;
  mapping: FieldMapping;
  children: ObjectPlan | ConnectionPlan | null;
  /**
   * Variables used only as bound arguments (mapping.ts `parameters`): the statement's text does not
   * depend on their values, only on whether they are null, so a rendered statement serves every value.
   */
  boundVariables: ReadonlySet<string>;
  /**
   * Variables used only as a connection's `after` or `before`: the text depends on the cursor's shape
   * (cursorShape: its order and which keys are null or which enum value they hold), not on its values,
   * which are bound. Paging on with a new cursor reuses the page's statement.
   */
  cursorVariables: ReadonlySet<string>;
}

/**
 * A rendered statement; `values` may hold `BoundArgument`s and `BoundCursorValue`s, replaced per request by
 * `bindValues`; `cursorOrderings` names the order each cursor variable's connection reads in.
 */
export interface Statement {
  text: string;
  values: unknown[];
  cursorOrderings: ReadonlyMap<string, Ordering<unknown>>;
}

/** Stands for one sort-key value of a bound cursor (RootPlan `cursorVariables`) while a statement is rendered. */
export class BoundCursorValue {
  constructor(
    readonly variable: string,
    readonly index: number,
  ) {}
}

/** json_build_object takes at most 100 arguments. */
const MAX_KEYS = 50;

class NotCompilable extends Error {}

function refuse(): never {
  throw new NotCompilable();
}

export type Fragments = Record<string, FragmentDefinitionNode>;

/** The fields selected on `type` by these selection sets, merged by response key (fragments followed); directives refuse. */
function collect(type: GraphQLObjectType, sets: readonly SelectionSetNode[], fragments: Fragments): Map<string, FieldNode[]> {
  const byKey = new Map<string, FieldNode[]>();
  const applies = (condition: string | undefined) =>
    condition === undefined || condition === type.name || type.getInterfaces().some((each) => each.name === condition);
  const visit = (set: SelectionSetNode, seen: Set<string>) => {
    for (const selection of set.selections) {
      if (selection.directives?.length) refuse();
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        byKey.set(key, [...(byKey.get(key) ?? []), selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(selection.typeCondition?.name.value)) visit(selection.selectionSet, seen);
      } else {
        const fragment = fragments[selection.name.value];
        if (!fragment || seen.has(fragment.name.value)) continue;
        if (fragment.directives?.length) refuse();
        if (applies(fragment.typeCondition.name.value)) visit(fragment.selectionSet, new Set([...seen, fragment.name.value]));
      }
    }
  };
  for (const set of sets) visit(set, new Set());
  return byKey;
}

/** An operation's root fields by response key, fragments followed; null when a directive leaves that to graphql-js. */
export function rootSelections(query: GraphQLObjectType, selectionSet: SelectionSetNode, fragments: Fragments): Map<string, FieldNode[]> | null {
  try {
    return collect(query, [selectionSet], fragments);
  } catch (error) {
    if (error instanceof NotCompilable) return null;
    throw error;
  }
}

const subSelections = (nodes: readonly FieldNode[]) => nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));

function implementsNode(type: GraphQLObjectType): boolean {
  return type.getInterfaces().some((each) => each.name === "Node");
}

function planObject(schema: GraphQLSchema, type: GraphQLObjectType, sets: readonly SelectionSetNode[], fragments: Fragments): ObjectPlan {
  const entries: Entry[] = [];
  for (const [key, nodes] of collect(type, sets, fragments)) {
    const name = nodes[0]!.name.value;
    if (name === "__typename") {
      entries.push({ key, kind: "typename", typeName: type.name });
      continue;
    }
    if (implementsNode(type) && name === "id") entries.push({ key, kind: "id", typeName: type.name });
    else if (implementsNode(type) && name === "rowId") entries.push({ key, kind: "rowId" });
    else entries.push(planField(schema, type, key, nodes, fragments));
  }
  if (entries.length > MAX_KEYS) refuse();
  return { kind: "object", entries };
}

function planField(schema: GraphQLSchema, parent: GraphQLObjectType, key: string, nodes: FieldNode[], fragments: Fragments): Entry {
  const field = parent.getFields()[nodes[0]!.name.value] ?? refuse();
  const mapping = fieldMapping(parent.name, field.name) ?? refuse();
  return { key, kind: "mapped", mapping, field, node: nodes[0]!, children: planChildren(schema, field, mapping, nodes, fragments) };
}

function planChildren(
  schema: GraphQLSchema,
  field: GraphQLField<unknown, unknown>,
  mapping: FieldMapping,
  nodes: readonly FieldNode[],
  fragments: Fragments,
): ObjectPlan | ConnectionPlan | null {
  const named = getNamedType(field.type);
  if (mapping.kind === "scalar") return null;
  if (!isObjectType(named)) refuse();
  if (mapping.kind === "connection") return planConnection(schema, named, mapping, subSelections(nodes), fragments);
  return planObject(schema, named, subSelections(nodes), fragments);
}

function planConnection(
  schema: GraphQLSchema,
  type: GraphQLObjectType,
  mapping: ConnectionMapping,
  sets: readonly SelectionSetNode[],
  fragments: Fragments,
): ConnectionPlan {
  const nodeType = schema.getType(mapping.nodeType);
  if (!isObjectType(nodeType)) refuse();
  const plan: ConnectionPlan = { kind: "connection", typename: [], nodes: [], edges: [], pageInfo: [], totalCount: [], order: [] };
  for (const [key, nodes] of collect(type, sets, fragments)) {
    const name = nodes[0]!.name.value;
    plan.order.push(key);
    if (name === "__typename") plan.typename.push({ key, name: type.name });
    else if (name === "nodes") plan.nodes.push({ key, plan: planObject(schema, nodeType, subSelections(nodes), fragments) });
    else if (name === "totalCount") plan.totalCount.push(key);
    else if (name === "pageInfo") {
      const pageInfo = getNamedType(type.getFields().pageInfo!.type) as GraphQLObjectType;
      const fields = [...collect(pageInfo, subSelections(nodes), fragments)].map(([subKey, subNodes]) => ({ key: subKey, name: subNodes[0]!.name.value }));
      plan.pageInfo.push({ key, fields });
    } else if (name === "edges") {
      const edgeType = getNamedType(type.getFields().edges!.type) as GraphQLObjectType;
      const edge = { key, typename: edgeType.name, cursor: [] as string[], node: [] as { key: string; plan: ObjectPlan }[], edgeTypename: [] as string[], order: [] as string[] };
      for (const [subKey, subNodes] of collect(edgeType, subSelections(nodes), fragments)) {
        const subName = subNodes[0]!.name.value;
        edge.order.push(subKey);
        if (subName === "cursor") edge.cursor.push(subKey);
        else if (subName === "node") edge.node.push({ key: subKey, plan: planObject(schema, nodeType, subSelections(subNodes), fragments) });
        else if (subName === "__typename") edge.edgeTypename.push(subKey);
        else refuse();
      }
      plan.edges.push(edge);
    } else refuse();
  }
  return plan;
}

/** The plan of one root field (a Query field with a declaration), or null when any part of it is not compilable. */
export function planRootField(schema: GraphQLSchema, nodes: readonly FieldNode[], fragments: Fragments): RootPlan | null {
  const query = schema.getQueryType()!;
  try {
    if (nodes.some((node) => node.directives?.length)) refuse();
    const field = query.getFields()[nodes[0]!.name.value] ?? refuse();
    const mapping = fieldMapping(query.name, field.name) ?? refuse();
    if (mapping.kind === "scalar") refuse();
    const root = { field, node: nodes[0]!, mapping, children: planChildren(schema, field, mapping, nodes, fragments) };
    return { ...root, ...boundVariablesOf(root) };
  } catch (error) {
    if (error instanceof NotCompilable) return null;
    throw error;
  }
}

/** The fields of a plan with arguments: each mapped field's node and mapping, the root's included. */
function* mappedFields(node: FieldNode, mapping: FieldMapping, children: ObjectPlan | ConnectionPlan | null): Generator<{ node: FieldNode; mapping: FieldMapping }> {
  yield { node, mapping };
  const objects = children?.kind === "object" ? [children] : children ? [...children.nodes.map((each) => each.plan), ...children.edges.flatMap((edge) => edge.node.map((each) => each.plan))] : [];
  for (const object of objects) {
    for (const entry of object.entries) if (entry.kind === "mapped") yield* mappedFields(entry.node, entry.mapping, entry.children);
  }
}

/** RootPlan `boundVariables` and `cursorVariables`: those given directly to a `parameters` argument, or to a connection's `after` or `before`, and used nowhere else. */
function boundVariablesOf(root: Omit<RootPlan, "boundVariables" | "cursorVariables">): Pick<RootPlan, "boundVariables" | "cursorVariables"> {
  const bound = new Set<string>();
  const cursors = new Set<string>();
  const elsewhere = new Set<string>();
  for (const { node, mapping } of mappedFields(root.node, root.mapping, root.children)) {
    const parameters = mapping.kind === "object" ? mapping.parameters : undefined;
    for (const argument of node.arguments ?? []) {
      const name = argument.name.value;
      if (argument.value.kind === Kind.VARIABLE && parameters?.[name]) bound.add(argument.value.name.value);
      else if (argument.value.kind === Kind.VARIABLE && mapping.kind === "connection" && (name === "after" || name === "before")) cursors.add(argument.value.name.value);
      else visit(argument.value, { Variable: (variable) => void elsewhere.add(variable.name.value) });
    }
  }
  // A variable in two kinds of place (a slug also used as a cursor) is rendered as a value.
  for (const name of [...elsewhere, ...[...bound].filter((each) => cursors.has(each))]) {
    bound.delete(name);
    cursors.delete(name);
  }
  return { boundVariables: bound, cursorVariables: cursors };
}

/** The cursors longer than this are refused by ConnectionArgs' @MaxLength(500), on the resolver path. */
const MAX_CURSOR_LENGTH = 500;

/**
 * What of a cursor its statement's text depends on, in `ordering`: which keys are null and the value of each
 * enum key (keysetSql writes those into the text); every other value is bound. Null for a cursor the
 * connection refuses (malformed, of another order, too long): the resolver path reports it.
 */
export function cursorShape(ordering: Ordering<unknown>, cursor: unknown): { shape: string; values: CursorValue[] } | null {
  if (typeof cursor !== "string" || cursor.length > MAX_CURSOR_LENGTH) return null;
  let values: CursorValue[];
  try {
    values = decodeCursor(ordering, cursor, "after");
  } catch {
    return null;
  }
  const shape = ordering.keys.map((key, index) => (values[index] === null ? "null" : key.kind === "enum" ? `=${String(values[index])}` : "?"));
  return { shape: `${ordering.name}(${shape.join(",")})`, values };
}

/**
 * A rendered statement's values for one request: each `BoundArgument` replaced by its variable's value as
 * converted for SQL, each `BoundCursorValue` by its cursor's decoded value (`cursors`, by variable); null when
 * a conversion refuses (the resolver path judges it).
 */
export function bindValues(statement: Statement, variables: Record<string, unknown>, cursors?: ReadonlyMap<string, CursorValue[]>): unknown[] | null {
  const values: unknown[] = [];
  for (const value of statement.values) {
    if (value instanceof BoundArgument) {
      const bound = value.convert(variables[value.variable]);
      if (bound === REFUSED) return null;
      values.push(bound);
    } else if (value instanceof BoundCursorValue) {
      const bound = cursors?.get(value.variable)?.[value.index];
      if (bound === undefined) return null;
      values.push(cursorParameter(bound));
    } else values.push(value);
  }
  return values;
}

/** Rendering state of one request. */
interface Render {
  variables: Record<string, unknown>;
  context: FieldContext;
  boundVariables: ReadonlySet<string>;
  cursorVariables: ReadonlySet<string>;
  cursorOrderings: Map<string, Ordering<unknown>>;
}

/** The statement for one request (variables, viewer), or null when its arguments are for the resolver path to judge. */
export function renderRootField(plan: RootPlan, variables: Record<string, unknown>, context: FieldContext): Statement | null {
  const render: Render = { variables, context, boundVariables: plan.boundVariables, cursorVariables: plan.cursorVariables, cursorOrderings: new Map() };
  try {
    const value = renderMapped(render, plan.field, plan.node, plan.mapping, plan.children, null);
    const { text, values } = sql.compile(sql`select (${value})::text as body`);
    return { text, values, cursorOrderings: render.cursorOrderings };
  } catch {
    // A refused argument (a bad cursor, an unknown order, a filter the SQL cannot express) or anything
    // the plan did not foresee: the resolver path runs and answers as it always did.
    return null;
  }
}

function argumentsOf(render: Render, field: GraphQLField<unknown, unknown>, node: FieldNode, mapping: FieldMapping): Record<string, unknown> {
  const args = getArgumentValues(field, node, render.variables);
  const parameters = mapping.kind === "object" ? mapping.parameters : undefined;
  if (!parameters) return args;
  for (const argument of node.arguments ?? []) {
    const name = argument.name.value;
    const convert = parameters[name];
    if (!convert || argument.value.kind !== Kind.VARIABLE || !render.boundVariables.has(argument.value.name.value)) continue;
    // A null stays null (the text may differ for it: the statement's key keeps whether a bound variable is null).
    if (args[name] != null) args[name] = new BoundArgument(argument.value.name.value, convert);
  }
  return args;
}

function renderMapped(
  render: Render,
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
  mapping: FieldMapping,
  children: ObjectPlan | ConnectionPlan | null,
  row: SQL | null,
): SQL {
  if (mapping.kind === "scalar") return mapping.sql(row ?? refuse(), render.context);
  const args = argumentsOf(render, field, node, mapping);
  const source = mapping.source(row, args, render.context) ?? refuse();
  const child = sql.identifier(Symbol(field.name));
  if (mapping.kind === "connection") {
    const ordering = mapping.ordering(args);
    const page = pageOf(args, mapping);
    const cursor = page.hasCursor && boundCursorOf(render, node, page.hasCursor);
    if (cursor) render.cursorOrderings.set(cursor, ordering);
    return renderConnection(render, ordering, page, source, children as ConnectionPlan, cursor || null);
  }
  const object = renderObject(render, children as ObjectPlan, child);
  if (mapping.kind === "object") return sql`(select ${object} from (${source}) as ${child} limit 1)`;
  return sql`coalesce((select json_agg(${object} order by ${mapping.order(child)}) from (${source}) as ${child}), '[]'::json)`;
}

/** The cursor variable (RootPlan `cursorVariables`) a connection's `after` or `before` is given by, if any. */
function boundCursorOf(render: Render, node: FieldNode, field: "after" | "before"): string | null {
  const value = node.arguments?.find((argument) => argument.name.value === field)?.value;
  return value?.kind === Kind.VARIABLE && render.cursorVariables.has(value.name.value) ? value.name.value : null;
}

/** Paging arguments checked as the resolver path checks them; anything it would refuse is left to it. */
function pageOf(args: Record<string, unknown>, mapping: ConnectionMapping): PageRequest {
  const paging = args as ConnectionArgs;
  // ConnectionArgs' @MaxLength(500): the resolver path's validation error, not a cursor error.
  if ((paging.after?.length ?? 0) > MAX_CURSOR_LENGTH || (paging.before?.length ?? 0) > MAX_CURSOR_LENGTH) refuse();
  return pageRequest(paging, mapping.ordering(args));
}

function renderObject(render: Render, plan: ObjectPlan, row: SQL): SQL {
  const pairs = plan.entries.map((entry) => sql`${sql.literal(entry.key)}, ${renderEntry(render, entry, row)}`);
  return sql`json_build_object(${sql.join(pairs, ", ")})`;
}

function renderEntry(render: Render, entry: Entry, row: SQL): SQL {
  switch (entry.kind) {
    case "typename":
      return sql`${sql.literal(entry.typeName)}::text`;
    case "id":
      return globalIdSql(entry.typeName, sql`${row}.id`);
    case "rowId":
      return sql`${row}.id`;
    case "mapped":
      return renderMapped(render, entry.field, entry.node, entry.mapping, entry.children, row);
  }
}

/** common/node.ts `globalId`: base64url("<type>:<row id>"). */
export function globalIdSql(typeName: string, id: SQL): SQL {
  return base64url(sql`${sql.literal(`${typeName}:`)} || ${id}::text`);
}

function keyColumn(row: SQL, key: SortKey<unknown>): SQL {
  return sql`${row}.${sql.identifier(key.field)}`;
}

/** common/connection.ts `encodeCursor`: base64url of the JSON array ["c1", ordering name, ...key values], dates as ISO instants. */
function cursorSql(ordering: Ordering<unknown>, row: SQL): SQL {
  const prefix = sql.literal(JSON.stringify(["c1", ordering.name]).slice(0, -1));
  const values = ordering.keys.map((key) => {
    const value = key.kind === "date" ? instantText(keyColumn(row, key)) : keyColumn(row, key);
    return sql`',' || coalesce(to_json(${value})::text, 'null')`;
  });
  return base64url(sql`${prefix} || ${sql.join(values, " || ")} || ']'`);
}

/** A cursor's sort-key value as a statement parameter. */
function cursorParameter(value: CursorValue): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

/** A cursor value in SQL; `bound` stands for it when the cursor is a bound variable's. */
function cursorValue(key: SortKey<unknown>, value: unknown, bound: BoundCursorValue | null): SQL {
  // pg-sql2 keeps a value as given: the stand-in is replaced by bindValues.
  const parameter = sql.value((bound ?? cursorParameter(value as CursorValue)) as string | number);
  if (key.kind === "date") return sql`${parameter}::timestamp(3)`;
  if (key.kind === "number") return key.real ? sql`${parameter}::float4` : sql`${parameter}::int4`;
  return sql`${parameter}::text`;
}

/** common/connection.ts `keysetWhere`, in SQL: strictly after the cursor in reading order, nulls after every value. */
function keysetSql(ordering: Ordering<unknown>, page: PageRequest, row: SQL, boundCursor: string | null): SQL {
  const cursor = page.cursor;
  if (!cursor) return sql`true`;
  const bound = (index: number) => (boundCursor === null ? null : new BoundCursorValue(boundCursor, index));
  const alternatives: SQL[] = [];
  ordering.keys.forEach((key, index) => {
    const beyond = beyondSql(key, cursor[index]!, page.backward, row, bound(index));
    if (!beyond) return;
    const equalBefore = ordering.keys.slice(0, index).map((previous, j) => equalSql(previous, cursor[j]!, row, bound(j)));
    alternatives.push(sql`(${sql.join([...equalBefore, beyond], " and ")})`);
  });
  return alternatives.length ? sql`(${sql.join(alternatives, " or ")})` : sql`false`;
}

// An enum key's value and a null are written into the text (cursorShape keys the statement by them); every
// other value is a parameter, bound per request when the cursor is a variable's.
function equalSql(key: SortKey<unknown>, value: unknown, row: SQL, bound: BoundCursorValue | null): SQL {
  const column = keyColumn(row, key);
  if (value === null) return sql`${column} is null`;
  if (key.kind === "enum") return sql`${column}::text = ${sql.value(value as string)}`;
  return sql`${column} = ${cursorValue(key, value, bound)}`;
}

function beyondSql(key: SortKey<unknown>, value: unknown, backward: boolean, row: SQL, bound: BoundCursorValue | null): SQL | null {
  const column = keyColumn(row, key);
  if (value === null) return backward ? sql`${column} is not null` : null;
  const ascending = (key.direction === "asc") !== backward;
  let strictly: SQL;
  if (key.kind === "enum") {
    const values = key.values ?? [];
    const index = values.indexOf(value as string);
    const later = ascending ? values.slice(index + 1) : values.slice(0, index);
    strictly = later.length ? sql`${column}::text in (${sql.join(later.map((each) => sql.value(each)), ", ")})` : sql`false`;
  } else {
    strictly = ascending ? sql`${column} > ${cursorValue(key, value, bound)}` : sql`${column} < ${cursorValue(key, value, bound)}`;
  }
  return key.nullable && !backward ? sql`(${strictly} or ${column} is null)` : strictly;
}

/** common/connection.ts `orderByFor`: reversed when reading backward; nulls last reading forward. */
function orderSql(ordering: Ordering<unknown>, page: PageRequest, row: SQL): SQL {
  return sql.join(
    ordering.keys.map((key) => {
      const ascending = (key.direction === "asc") !== page.backward;
      const nulls = key.nullable ? (page.backward ? sql` nulls first` : sql` nulls last`) : sql``;
      return sql`${keyColumn(row, key)} ${ascending ? sql`asc` : sql`desc`}${nulls}`;
    }),
    ", ",
  );
}

/** json_build_object of `values` with its keys in `order` (the selection's order, ConnectionPlan `order`). */
function jsonObject(order: readonly string[], values: ReadonlyMap<string, SQL>): SQL {
  return sql`json_build_object(${sql.join(order.map((key) => sql`${sql.literal(key)}, ${values.get(key)!}`), ", ")})`;
}

/**
 * common/connection.ts `toConnection`, in SQL: `size + 1` rows in reading order (the extra one tells
 * whether there is more), numbered; shown in page order (flipped when reading backward).
 */
function renderConnection(render: Render, ordering: Ordering<unknown>, page: PageRequest, source: SQL, plan: ConnectionPlan, boundCursor: string | null): SQL {
  const base = sql.identifier(Symbol("base"));
  const row = sql.identifier(Symbol("page"));
  // The page size is part of the text, not a parameter: PostgreSQL's generic plan cannot see a parameter
  // LIMIT's value and costs it as a tenth of the table, so a statement with one was re-planned on every
  // execution (custom plans: 0.7 ms of Q2's 2.4 ms in PostgreSQL); with the size written in, it switches to
  // the cached generic plan after five runs. Sizes are integers checked by pageRequest (0..MAX_PAGE_SIZE), so
  // a few texts per query at most.
  if (!Number.isInteger(page.size)) refuse();
  const size = sql.literal(page.size);
  // Only the rows asked for (no pageInfo, cursors or totalCount, as a show page's credits): the page is the
  // limited rows in display order, without numbering them or reading one more.
  const rowsOnly = plan.pageInfo.length === 0 && plan.totalCount.length === 0 && plan.edges.every((edge) => edge.cursor.length === 0);
  const number = sql`${row}.${sql.identifier("__n")}`;
  const shown = rowsOnly ? sql`` : sql`filter (where ${number} <= ${size})`;
  const pageOrder = rowsOnly ? orderSql(ordering, { ...page, backward: false }, row) : page.backward ? sql`${number} desc` : sql`${number} asc`;
  const more = sql`(count(*) > ${size})`;
  const hasNext = page.backward ? (page.hasCursor === "before" ? sql`true` : sql`false`) : more;
  const hasPrevious = page.backward ? more : page.hasCursor === "after" ? sql`true` : sql`false`;
  const cursor = cursorSql(ordering, row);
  const reversed = page.backward ? sql`${number} asc` : sql`${number} desc`;
  const pageInfoField = (name: string): SQL => {
    if (name === "hasNextPage") return hasNext;
    if (name === "hasPreviousPage") return hasPrevious;
    if (name === "startCursor") return sql`(array_agg(${cursor} order by ${pageOrder}) ${shown})[1]`;
    if (name === "endCursor") return sql`(array_agg(${cursor} order by ${reversed}) ${shown})[1]`;
    if (name === "__typename") return sql`'PageInfo'::text`;
    return refuse();
  };
  const list = (element: SQL) => sql`coalesce(json_agg(${element} order by ${pageOrder}) ${shown}, '[]'::json)`;
  const values = new Map<string, SQL>();
  for (const { key, name } of plan.typename) values.set(key, sql`${sql.literal(name)}::text`);
  for (const { key, plan: nodePlan } of plan.nodes) values.set(key, list(renderObject(render, nodePlan, row)));
  for (const edge of plan.edges) {
    const edgeValues = new Map<string, SQL>();
    for (const key of edge.cursor) edgeValues.set(key, cursor);
    for (const { key, plan: nodePlan } of edge.node) edgeValues.set(key, renderObject(render, nodePlan, row));
    for (const key of edge.edgeTypename) edgeValues.set(key, sql`${sql.literal(edge.typename)}::text`);
    values.set(edge.key, list(jsonObject(edge.order, edgeValues)));
  }
  for (const { key, fields } of plan.pageInfo) {
    values.set(key, jsonObject(fields.map((each) => each.key), new Map(fields.map((each) => [each.key, pageInfoField(each.name)]))));
  }
  for (const key of plan.totalCount) values.set(key, sql`(select count(*)::int from (${source}) as ${sql.identifier(Symbol("counted"))})`);
  if (values.size > MAX_KEYS) refuse();
  const pairs = plan.order.map((key) => sql`${sql.literal(key)}, ${values.get(key)!}`);
  const limited = sql.identifier(Symbol("limited"));
  const reading = orderSql(ordering, page, base);
  if (rowsOnly) {
    return sql`(select json_build_object(${sql.join(pairs, ", ")}) from (
    select ${base}.*
    from (${source}) as ${base}
    where ${keysetSql(ordering, page, base, boundCursor)}
    order by ${reading}
    limit ${size}
  ) as ${row})`;
  }
  // One row however many the page has (and when none of the selected keys aggregates): the empty grouping set.
  // The rows are numbered after the limit, so PostgreSQL can read them in index order and stop at size + 1
  // (a window over the unlimited rows would make it read and sort every matching row first).
  return sql`(select json_build_object(${sql.join(pairs, ", ")}) from (
    select ${limited}.*, row_number() over (order by ${orderSql(ordering, page, limited)}) as ${sql.identifier("__n")}
    from (
      select ${base}.*
      from (${source}) as ${base}
      where ${keysetSql(ordering, page, base, boundCursor)}
      order by ${reading}
      limit ${size} + 1
    ) as ${limited}
  ) as ${row} group by ())`;
}
