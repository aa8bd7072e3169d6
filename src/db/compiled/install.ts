import { defaultFieldResolver, isObjectType, type FieldNode, type GraphQLFieldResolver, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { LRUCache } from "lru-cache";
import type { CursorValue, Ordering } from "../../common/connection.js";
import type { RequestContext } from "../../common/context.js";
import { preparedReadsOf, statementName, type PreparedStatement } from "../prepared-reads.js";
import { rawReads } from "../raw-reads.js";
import { bindValues, cursorShape, planRootField, renderRootField, type Fragments, type RootPlan, type Statement } from "./compiler.js";
import { fieldMapping } from "./mapping.js";

/**
 * The compiled read path's one hook into execution. Every object field's resolver is wrapped once,
 * here, at schema build:
 * - a root Query field with a declaration runs its compiled statement when the whole selection under
 *   it compiles (else, or when its arguments are for the resolver path to judge, its own resolver runs);
 * - any other field whose parent came from a compiled statement returns the parent's value under its
 *   response key (the statement built it, aliases included); leaf values still go through their
 *   scalar's serialize, as on the resolver path;
 * - every other field runs its own resolver, unchanged.
 */
const compiledValues = new WeakSet<object>();

/** Marks a value read from a compiled statement (an object, or a list's objects) so its fields read from it. */
function adopt(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (const item of value) if (item !== null && typeof item === "object") compiledValues.add(item);
  } else if (value !== null && typeof value === "object") compiledValues.add(value);
  return value;
}

/**
 * Plans compiled and reused, statements and fallbacks (root fields), and operations answered from their
 * statements alone or, having started them, executed by graphql-js after all (operation.ts); at /metrics.
 */
export const compiledPlanStats = { reused: 0, compiled: 0, rendered: 0, statements: 0, fallbacks: 0, answered: 0, executed: 0 };

const NOT_COMPILABLE = Symbol("not compilable");

/**
 * Statements rendered, by plan, viewer and variables: a statement is a pure function of those, and the
 * same few variable sets come back all the time (the first page, a status filter), so rendering (pg-sql2,
 * argument coercion) is skipped for them. A bound variable (a lookup's slug) counts only as null or not, a
 * cursor variable by its shape (compiler.ts cursorShape): their values are bound when the statement runs,
 * so a show page or the next page with a new cursor is not rendered again. Bounded by the statements' total length.
 */
type RenderedStatement = PreparedStatement & Pick<Statement, "cursorOrderings">;
const statements = new LRUCache<string, RenderedStatement | typeof NOT_COMPILABLE>({
  maxSize: 8_000_000,
  sizeCalculation: (statement, key) => key.length + (statement === NOT_COMPILABLE ? 0 : statement.text.length),
});

/**
 * The order each cursor variable's connection reads in, by statement key without the cursors: learnt from
 * the first statement rendered for that key (the order follows from the other arguments), it tells how to
 * read the next request's cursors' shapes before any rendering.
 */
const cursorOrderings = new LRUCache<string, ReadonlyMap<string, Ordering<unknown>>>({ max: 10_000 });

interface CachedPlan {
  plan: RootPlan;
  key: string;
}

function statementKey(cached: CachedPlan, variables: Record<string, unknown>, context: RequestContext): string {
  const { boundVariables, cursorVariables } = cached.plan;
  let keyed = variables;
  if (boundVariables.size > 0 || cursorVariables.size > 0) {
    keyed = { ...variables };
    for (const name of [...boundVariables, ...cursorVariables]) if (keyed[name] != null) keyed[name] = true;
  }
  return `${cached.key}\u0000${context.viewer?.id ?? ""}\u0000${JSON.stringify(keyed)}`;
}

/** The cursor variables' shapes for `orderings` (the key's suffix) and decoded values; null when one is refused. */
function cursorsOf(orderings: ReadonlyMap<string, Ordering<unknown>>, variables: Record<string, unknown>): { suffix: string; values: Map<string, CursorValue[]> } | null {
  let suffix = "";
  const values = new Map<string, CursorValue[]>();
  for (const [variable, ordering] of orderings) {
    const shaped = cursorShape(ordering, variables[variable]);
    if (!shaped) return null;
    suffix += `\u0000${variable}:${shaped.shape}`;
    values.set(variable, shaped.values);
  }
  return { suffix, values };
}

function statementFor(cached: CachedPlan, variables: Record<string, unknown>, context: RequestContext): PreparedStatement | null {
  const base = statementKey(cached, variables, context);
  const paging = cached.plan.cursorVariables.size > 0;
  const known = paging ? cursorOrderings.get(base) : undefined;
  // A cursor the connection refuses: the resolver path reports it.
  let cursors = known && cursorsOf(known, variables);
  if (cursors === null) return null;
  let key = cursors ? base + cursors.suffix : base;
  let statement = statements.get(key);
  if (statement === undefined) {
    compiledPlanStats.rendered += 1;
    const rendered = renderRootField(cached.plan, variables, { viewer: context.viewer });
    // A refusal when paging may be the cursor's (another order's, malformed): it is not kept for other cursors.
    if (!rendered && paging && !known) return null;
    statement = rendered ? { ...rendered, name: statementName(rendered.text) } : NOT_COMPILABLE;
    if (rendered && paging && !known) {
      cursorOrderings.set(base, rendered.cursorOrderings);
      cursors = cursorsOf(rendered.cursorOrderings, variables);
      if (!cursors) return null;
      key = base + cursors.suffix;
    }
    statements.set(key, statement);
  }
  if (statement === NOT_COMPILABLE) return null;
  if (cached.plan.boundVariables.size === 0 && !paging) return statement;
  const values = bindValues(statement, variables, cursors?.values);
  return values && { name: statement.name, text: statement.text, values };
}

/** One root field ready to run: its plan and the request's statement. */
export interface PreparedRoot {
  plan: RootPlan;
  statement: PreparedStatement;
}

/**
 * Root fields whose statements the operation's answer (operation.ts) already started, by response key:
 * when that answer has to go through graphql-js after all, the root resolvers take these instead of
 * running the statements again.
 */
const startedRoots = new WeakMap<RequestContext, Map<string, Promise<string | null>>>();

export function startRoots(context: RequestContext, roots: Map<string, PreparedStatement>): Map<string, Promise<string | null>> {
  const started = new Map<string, Promise<string | null>>();
  for (const [key, statement] of roots) {
    const body = readBody(context, statement);
    // Awaited by the caller or by the root resolver; never an unhandled rejection in between.
    body.catch(() => {});
    started.set(key, body);
  }
  startedRoots.set(context, started);
  return started;
}

/**
 * Wraps the schema's resolvers for the compiled read path (see the top of this file) and returns how a
 * root field is prepared: its cached plan and the request's statement, or null for the resolver path.
 */
export function installCompiledReads(
  schema: GraphQLSchema,
  options: { planCacheSize: number },
): (operation: OperationDefinitionNode, fragments: Fragments, key: string, nodes: readonly FieldNode[], variables: Record<string, unknown>, context: RequestContext) => PreparedRoot | null {
  // Keyed by document text, operation, viewer role and root response key; a refusal is kept too.
  const plans = new LRUCache<string, CachedPlan | typeof NOT_COMPILABLE>({ max: Math.max(1, options.planCacheSize) });
  const prepare = (
    operation: OperationDefinitionNode,
    fragments: Fragments,
    responseKey: string,
    nodes: readonly FieldNode[],
    variables: Record<string, unknown>,
    context: RequestContext,
  ): PreparedRoot | null => {
    const text = operation.loc?.source.body;
    if (operation.operation !== "query" || text === undefined) return null;
    const key = `${operation.name?.value ?? ""}\u0000${context.viewer?.role ?? "ANONYMOUS"}\u0000${responseKey}\u0000${text}`;
    let plan = plans.get(key);
    if (plan === undefined) {
      compiledPlanStats.compiled += 1;
      const root = planRootField(schema, nodes, fragments);
      plan = root ? { plan: root, key } : NOT_COMPILABLE;
      plans.set(key, plan);
    } else compiledPlanStats.reused += 1;
    if (plan === NOT_COMPILABLE) return null;
    const statement = statementFor(plan, variables, context);
    return statement && { plan: plan.plan, statement };
  };

  const query = schema.getQueryType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__") || type === schema.getMutationType() || type === schema.getSubscriptionType()) continue;
    for (const field of Object.values(type.getFields())) {
      const original: GraphQLFieldResolver<unknown, RequestContext> = field.resolve ?? defaultFieldResolver;
      if (type === query) {
        if (fieldMapping(type.name, field.name)) field.resolve = compiledRoot(original, prepare);
        continue;
      }
      field.resolve = (parent, args, context, info) =>
        parent !== null && typeof parent === "object" && compiledValues.has(parent)
          ? adopt((parent as Record<string, unknown>)[info.path.key as string])
          : original(parent, args, context, info);
    }
  }
  return prepare;
}

function compiledRoot(
  original: GraphQLFieldResolver<unknown, RequestContext>,
  prepare: ReturnType<typeof installCompiledReads>,
): GraphQLFieldResolver<unknown, RequestContext> {
  return async (source, args, context, info) => {
    const key = String(info.path.key);
    const started = startedRoots.get(context)?.get(key);
    const prepared = started ? null : prepare(info.operation, info.fragments, key, info.fieldNodes, info.variableValues, context);
    if (!started && !prepared) {
      compiledPlanStats.fallbacks += 1;
      return original(source, args, context, info);
    }
    if (prepared) compiledPlanStats.statements += 1;
    const body = await (started ?? readBody(context, prepared!.statement));
    return body == null ? null : adopt(JSON.parse(body));
  };
}

/**
 * Runs a compiled statement where the request's client reads (a replica for a routed query, else the
 * primary), counted once in the request's tally: prepared on the pool under that client, or, for a client
 * the database did not open, through Prisma.
 */
async function readBody(context: RequestContext, statement: PreparedStatement): Promise<string | null> {
  const reader = preparedReadsOf(context.prisma);
  if (reader) return reader(statement);
  const rows = await rawReads(context.prisma).$queryRawUnsafe<{ body: string | null }[]>(statement.text, ...statement.values);
  return rows[0]?.body ?? null;
}
