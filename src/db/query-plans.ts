/**
 * Memoizes Prisma's query plans. Prisma 6.19 compiles every query to a plan in WebAssembly, on the
 * main thread, before running it: 1–3 ms for a nested read, a fifth of what serving such a request
 * costs. A plan is a pure function of the query's JSON text (values are embedded; generated values
 * such as `now()` stay generator calls, run at execution), so the plan of a text seen before is
 * reused. Prisma 7.4 caches plans by shape, with values as parameters; until we can move to it,
 * this wraps the compiler of the pinned version and steps aside if its shape ever changes.
 */
const RUNTIME = "@prisma/client/runtime/query_compiler_bg.postgresql.mjs";

/** Bulk writes (an import's createMany) are never kept: their text is large and never repeats. */
const MAX_QUERY_LENGTH = 16 * 1024;

/**
 * Raw writes (audit entries, revisions: common/audit.ts, articles/content.ts) carry their values in the
 * text too, so they would only push reusable plans out; their plan is trivial to compile.
 */
const RAW_WRITE = '{"action":"executeRaw"';

/**
 * A raw statement that writes and returns rows ($queryRaw of a data-modifying CTE, articles/content.ts)
 * starts with this comment, so its plan is not kept either: its values are in the text as well.
 */
export const RAW_WRITE_MARK = "/* raw write */";
const RAW_QUERY_WRITE = `{"action":"queryRaw","query":{"arguments":{"query":${JSON.stringify(RAW_WRITE_MARK)}`.slice(0, -1);

type Compile = (this: object, query: string) => unknown;

/** Plans reused and compiled since start (reported at /metrics). */
export const queryPlanStats = { reused: 0, compiled: 0 };

let installed = false;

/** Keeps up to `maxPlans` plans per compiler, least recently used out first; 0 leaves Prisma as it is. */
export async function memoizeQueryPlans(maxPlans: number): Promise<boolean> {
  if (maxPlans <= 0 || installed) return installed;
  const runtime = (await import(RUNTIME)) as { QueryCompiler?: { prototype: { compile?: Compile } } };
  const prototype = runtime.QueryCompiler?.prototype;
  const compile = prototype?.compile;
  if (!prototype || typeof compile !== "function") return false;
  const plansByCompiler = new WeakMap<object, Map<string, unknown>>();
  prototype.compile = function memoizedCompile(query) {
    if (query.length > MAX_QUERY_LENGTH || query.startsWith(RAW_WRITE) || query.startsWith(RAW_QUERY_WRITE)) return compile.call(this, query);
    let plans = plansByCompiler.get(this);
    if (!plans) plansByCompiler.set(this, (plans = new Map()));
    let plan = plans.get(query);
    if (plan !== undefined) {
      plans.delete(query);
      plans.set(query, plan);
      queryPlanStats.reused += 1;
      return plan;
    }
    queryPlanStats.compiled += 1;
    plan = compile.call(this, query);
    plans.set(query, plan);
    if (plans.size > maxPlans) plans.delete(plans.keys().next().value!);
    return plan;
  };
  installed = true;
  return true;
}
