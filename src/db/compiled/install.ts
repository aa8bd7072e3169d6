import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from "graphql";
import { LRUCache } from "lru-cache";
import type { RequestContext } from "../../common/context.js";
import { rawReads } from "../raw-reads.js";
import { planRootField, renderRootField, type RootPlan, type Statement } from "./compiler.js";
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

/** Plans compiled and reused (reported at /metrics). */
export const compiledPlanStats = { reused: 0, compiled: 0, statements: 0, fallbacks: 0 };

const NOT_COMPILABLE = Symbol("not compilable");

/**
 * Statements rendered, by plan, viewer and variables: a statement is a pure function of those, and the
 * same few variable sets come back all the time (the first page, a status filter), so rendering (pg-sql2,
 * argument coercion) is skipped for them. Bounded by the statements' total length.
 */
const statements = new LRUCache<string, Statement | typeof NOT_COMPILABLE>({
  maxSize: 8_000_000,
  sizeCalculation: (statement, key) => key.length + (statement === NOT_COMPILABLE ? 0 : statement.text.length),
});

interface CachedPlan {
  plan: RootPlan;
  key: string;
}

function statementFor(cached: CachedPlan, variables: Record<string, unknown>, context: RequestContext): Statement | null {
  const key = `${cached.key}\u0000${context.viewer?.id ?? ""}\u0000${JSON.stringify(variables)}`;
  let statement = statements.get(key);
  if (statement === undefined) {
    statement = renderRootField(cached.plan, variables, { viewer: context.viewer }) ?? NOT_COMPILABLE;
    statements.set(key, statement);
  }
  return statement === NOT_COMPILABLE ? null : statement;
}

export function installCompiledReads(schema: GraphQLSchema, options: { planCacheSize: number }): void {
  // Keyed by document text, operation, viewer role and root response key; a refusal is kept too.
  const plans = new LRUCache<string, CachedPlan | typeof NOT_COMPILABLE>({ max: Math.max(1, options.planCacheSize) });
  const planFor = (info: GraphQLResolveInfo, context: RequestContext): CachedPlan | null => {
    const text = info.operation.loc?.source.body;
    if (text === undefined) return null;
    const key = `${info.operation.name?.value ?? ""}\u0000${context.viewer?.role ?? "ANONYMOUS"}\u0000${String(info.path.key)}\u0000${text}`;
    let plan = plans.get(key);
    if (plan === undefined) {
      compiledPlanStats.compiled += 1;
      const root = planRootField(schema, info.fieldNodes, info.fragments);
      plan = root ? { plan: root, key } : NOT_COMPILABLE;
      plans.set(key, plan);
    } else compiledPlanStats.reused += 1;
    return plan === NOT_COMPILABLE ? null : plan;
  };

  const query = schema.getQueryType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__") || type === schema.getMutationType() || type === schema.getSubscriptionType()) continue;
    for (const field of Object.values(type.getFields())) {
      const original: GraphQLFieldResolver<unknown, RequestContext> = field.resolve ?? defaultFieldResolver;
      if (type === query) {
        if (fieldMapping(type.name, field.name)) field.resolve = compiledRoot(original, planFor);
        continue;
      }
      field.resolve = (parent, args, context, info) =>
        parent !== null && typeof parent === "object" && compiledValues.has(parent)
          ? adopt((parent as Record<string, unknown>)[info.path.key as string])
          : original(parent, args, context, info);
    }
  }
}

function compiledRoot(
  original: GraphQLFieldResolver<unknown, RequestContext>,
  planFor: (info: GraphQLResolveInfo, context: RequestContext) => CachedPlan | null,
): GraphQLFieldResolver<unknown, RequestContext> {
  return async (source, args, context, info) => {
    const plan = info.operation.operation === "query" ? planFor(info, context) : null;
    const statement = plan && statementFor(plan, info.variableValues, context);
    if (!statement) {
      compiledPlanStats.fallbacks += 1;
      return original(source, args, context, info);
    }
    compiledPlanStats.statements += 1;
    // Through the request's routed client: replicas serve it, and the statement counts once in the tally.
    const rows = await rawReads(context.prisma).$queryRawUnsafe<{ body: string | null }[]>(statement.text, ...statement.values);
    const body = rows[0]?.body;
    return body == null ? null : adopt(JSON.parse(body));
  };
}
