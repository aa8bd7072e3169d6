import type { GraphQLResolveInfo } from "graphql";
import { parseResolveInfo, type ResolveTree } from "graphql-parse-resolve-info";
import type { RequestContext } from "./context.js";

export type { ResolveTree };

/**
 * A nested field loaded in its parent's own statement: the Prisma `include` entries it adds to the
 * parent's query, and how its value is read back from one parent row.
 */
export interface Prefetch {
  include: Record<string, unknown>;
  read: (row: object) => unknown;
}

/** Plans a field's prefetch from its selection, or returns null to leave it to its resolver's batch loader. */
export type Prefetcher = (field: ResolveTree, context: RequestContext) => Prefetch | null;

const prefetchers = new Map<string, Prefetcher>();

/**
 * Lets `typeName.fieldName` be loaded with its parent. Each domain registers the relations it owns
 * on other domains' types, so the parent's domain never has to know them.
 */
export function registerPrefetcher(typeName: string, fieldName: string, prefetcher: Prefetcher): void {
  prefetchers.set(`${typeName}.${fieldName}`, prefetcher);
}

/** The fields of `typeName` that can be prefetched: relations, read by the parent row's id (prefetched or batched). */
export function prefetchableFields(typeName: string): string[] {
  const prefix = `${typeName}.`;
  return [...prefetchers.keys()].filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
}

const PREFETCHED = Symbol("prefetched");

/** The value prefetched for the field being resolved on `parent`, or undefined when its resolver must load it. */
export function prefetched<T>(parent: object, info: GraphQLResolveInfo): T | undefined {
  const values = (parent as { [PREFETCHED]?: Map<string | number, unknown> })[PREFETCHED];
  return values?.get(info.path.key) as T | undefined;
}

/** What a parent query adds to load its children: spread `include` into it and pass the rows through `attach`. */
export interface PrefetchPlan {
  include: Record<string, unknown> | undefined;
  attach<Row extends object>(rows: Row[]): Row[];
}

const NOTHING: PrefetchPlan = { include: undefined, attach: (rows) => rows };

/**
 * Plans one statement for a list of `typeName` rows and every prefetchable field selected on them.
 * `selections` are the selections of that type wherever the rows appear in the response (a
 * connection's `nodes` and `edges.node`, say). A field goes to its resolver instead when its
 * response key is selected with different arguments or subfields in two places, when it needs a relation
 * another field already loads, or when its prefetcher declines (e.g. invalid arguments, whose
 * error the resolver then reports).
 */
export function planPrefetch(typeName: string, selections: Record<string, ResolveTree>[], context: RequestContext): PrefetchPlan {
  const fields = new Map<string, ResolveTree | null>();
  for (const selection of selections) {
    for (const [key, field] of Object.entries(selection)) {
      const seen = fields.get(key);
      if (seen === undefined) fields.set(key, field);
      // The same response key in two places (nodes and edges.node) shares one value: only when the two ask the same.
      else if (seen !== null && JSON.stringify(seen) !== JSON.stringify(field)) fields.set(key, null);
    }
  }
  const include: Record<string, unknown> = {};
  const counts: Record<string, unknown> = {};
  const readers: [string, Prefetch["read"]][] = [];
  for (const [key, field] of fields) {
    const prefetcher = field && prefetchers.get(`${typeName}.${field.name}`);
    if (!prefetcher) continue;
    let prefetch: Prefetch | null;
    try {
      prefetch = prefetcher(field, context);
    } catch {
      prefetch = null;
    }
    if (!prefetch || !mergeInclude(include, counts, prefetch.include)) continue;
    readers.push([key, prefetch.read]);
  }
  if (readers.length === 0) return NOTHING;
  if (Object.keys(counts).length > 0) include._count = { select: counts };
  return {
    include,
    attach(rows) {
      for (const row of rows) {
        (row as { [PREFETCHED]?: Map<string, unknown> })[PREFETCHED] = new Map(readers.map(([key, read]) => [key, read(row)]));
      }
      return rows;
    },
  };
}

/**
 * Adds a prefetch's include entries unless a relation is taken already with other arguments (a
 * relation is read once per statement); fields that read a relation alike share it.
 */
function mergeInclude(include: Record<string, unknown>, counts: Record<string, unknown>, entries: Record<string, unknown>): boolean {
  const { _count, ...relations } = entries as { _count?: { select: Record<string, unknown> } };
  const clashes = (taken: Record<string, unknown>, wanted: Record<string, unknown>) =>
    Object.entries(wanted).some(([relation, value]) => relation in taken && JSON.stringify(taken[relation]) !== JSON.stringify(value));
  if (clashes(include, relations) || clashes(counts, _count?.select ?? {})) return false;
  Object.assign(include, relations);
  Object.assign(counts, _count?.select);
  return true;
}

/** The selections of `typeName` under the field being resolved: the field itself or, for a connection, its nodes. */
export function selectionsOf(info: GraphQLResolveInfo, typeName: string): Record<string, ResolveTree>[] {
  let tree: ResolveTree | null;
  try {
    tree = parseResolveInfo(info) as ResolveTree | null;
  } catch {
    // A selection the parser cannot follow is still one graphql-js executes: the loaders serve it.
    tree = null;
  }
  return tree ? nodeSelections(tree, typeName) : [];
}

/** The selections of `typeName` in a field's tree: its own or, for a connection, those of `nodes` and `edges.node`. */
export function nodeSelections(tree: ResolveTree, typeName: string): Record<string, ResolveTree>[] {
  const direct = tree.fieldsByTypeName[typeName];
  if (direct) return [direct];
  const selections: Record<string, ResolveTree>[] = [];
  for (const fields of Object.values(tree.fieldsByTypeName)) {
    for (const field of Object.values(fields)) {
      if (field.name === "nodes" && field.fieldsByTypeName[typeName]) selections.push(field.fieldsByTypeName[typeName]);
      if (field.name !== "edges") continue;
      for (const edgeFields of Object.values(field.fieldsByTypeName)) {
        for (const edgeField of Object.values(edgeFields)) {
          if (edgeField.name === "node" && edgeField.fieldsByTypeName[typeName]) selections.push(edgeField.fieldsByTypeName[typeName]);
        }
      }
    }
  }
  return selections;
}

/** Whether a connection field's selection asks for `totalCount` (so its count is loaded too). */
export function treeSelects(field: ResolveTree, name: string): boolean {
  return Object.values(field.fieldsByTypeName).some((fields) => Object.values(fields).some((child) => child.name === name));
}
