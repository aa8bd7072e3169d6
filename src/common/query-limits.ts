import type { ApolloServerPlugin } from "@apollo/server";
import {
  GraphQLError,
  getNamedType,
  getVariableValues,
  type GraphQLCompositeType,
  Kind,
  isListType,
  isNonNullType,
  visit,
  type ASTNode,
  type FragmentDefinitionNode,
  type GraphQLOutputType,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type DocumentNode,
  type GraphQLSchema,
} from "graphql";
import { getComplexity, type ComplexityEstimator } from "graphql-query-complexity";
import { LRUCache } from "lru-cache";
import { DEFAULT_PAGE_SIZE } from "./connection.js";

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
}

/** Size assumed for a plain list field (a show's seasons, genres ...): such lists are short. */
export const ASSUMED_LIST_SIZE = 10;

const unwrap = (type: GraphQLOutputType) => (isNonNullType(type) ? type.ofType : type);
const isConnection = (type: GraphQLOutputType | GraphQLCompositeType) => getNamedType(type).name.endsWith("Connection");

/**
 * Fields that compute instead of read, priced by "Type.field". Measured by hand (2026-12-01, seed plus
 * Netflix's global Top 10 file, PostgreSQL 16, two shared and busy cores):
 * - `shows(first: 100) { nodes { title seasons { number title } } }` (cost 3,101): 13-100 ms, 1 statement;
 * - the same with `seasons { renewalOutlook { outlook score reasons { code } } }` on its 21 seasons: 1.8-2.1 s,
 *   44 statements, so about 90 ms and 2 statements (one over the whole list's first months) per outlook
 *   (1.3 s, some 60 ms each, on an idle machine): hundreds of plain fields' work. At 2,500 one show's
 *   seasons (10 assumed) fit the default limit and a page of shows does not. The model that replaced the
 *   rule (2026-12-02, same data, PostgreSQL 16, busy cores) reads the show's rows and its list's rows up to
 *   the decision date: Bridgerton's 4 seasons' `renewalOutlook { verdict }` took 0.57 s and 7 statements
 *   beyond the show's, about the same work, so the weight stays;
 * - `outlookBacktest`: the committed report (models/outlook-backtest.json, read once per process), no
 *   statement; priced like a few plain fields, and still for editors only (OutlookQueryResolver);
 * - `compareShows`: 30-65 ms, 2 statements over both shows' whole chart runs;
 * - `seasons` (leaderboards): one indexed read of the precomputed SeasonChartStats joined to seasons (and the
 *   filters' shows), its count only when asked: a little more than a plain list, priced 5 plus its page;
 *   `Season.chartStats` reads one row per season (batched: one statement a request), so the default 1;
 * - `chartMovers`: one self-join of a list's rows over the span asked (40 rows a month), and the count when
 *   asked: priced 20 plus its page;
 * - `chartTotals` on companies and people: one GROUP BY over the precomputed rows of their shows (batched for
 *   a page of owners), a few ms for the biggest company: 10 each, so a page of 100 owners costs 1,000.
 * Analytics part B (2026-12-02, the global file imported, PGlite and PostgreSQL 16, busy cores; statement counts
 * are asserted in tests/analytics-compare.test.ts):
 * - `compareSeasons`: 57-103 ms, 3 statements (the seasons, every global TV row of their shows, the newest week),
 *   a few hundred rows for 2 to 5 shows, then pure alignment: like `compareShows`, so the same weight;
 * - `Season.mostPopularPosition`: reads the season's precomputed first-91-day views (SeasonChartStats, batched: one
 *   statement for every season of a request) and its list (once per request), then compares with at most 10
 *   entries: 2 statements a request whatever the number of seasons (tests/analytics-compare.test.ts), like
 *   `Season.chartStats` plus a sentence, so 2 (it was 500 while it read each show's chart rows per season);
 * - `Season.countryRuns` / `continentRuns`: 46-58 ms for The Imperfects' 107 national rows (one statement for
 *   all seasons of a request) and the country table (once per request): 100;
 * - `mostPopular`: at most 10 rows of a 40-row table, one statement (two more for its shows and seasons): a
 *   plain field;
 * - `draftRenewalArticle`: one season's outlook plus its comparable seasons, the show's ratings, people and
 *   companies, the quoted figures and the article's write. Counted with the statement counter (2026-12-02, the
 *   global file, embedded engine, busy cores; asserted in tests/renewal-draft.test.ts): 27-33 statements, 60-390 ms,
 *   where one season's outlook is 4 statements and 20-90 ms (`show { seasons { renewalOutlook } }` for The
 *   Imperfects: 5 statements with the show's, 19-88 ms; tests/outlook.test.ts). So the outlook (2,500) and some
 *   25-30 statements more priced as the analytics reads are (`compareSeasons` and `compareShows` 500 for 2-3
 *   statements: some 200-250 each): about 2,500 + 30 x 250 = 10,000, which also matches its time (two to four
 *   outlooks' worth). Four drafts fit the default limit of 50,000, five do not.
 */
export const FIELD_WEIGHTS: Readonly<Record<string, number>> = {
  "Season.renewalOutlook": 2_500,
  "Query.outlookBacktest": 10,
  "Query.compareShows": 500,
  "Query.compareSeasons": 500,
  "Season.mostPopularPosition": 2,
  "Season.countryRuns": 100,
  "Season.continentRuns": 100,
  "Query.seasons": 5,
  "Query.chartMovers": 20,
  "ProductionCompany.chartTotals": 10,
  "Person.chartTotals": 10,
  "Mutation.draftRenewalArticle": 10_000,
};

/**
 * The cost model: every field costs 1 (or its FIELD_WEIGHTS); a connection multiplies what is under it by its page size
 * (`first` or `last`, DEFAULT_PAGE_SIZE without either), a plain list by ASSUMED_LIST_SIZE; a
 * connection's own `edges` and `nodes` add no second factor.
 * `shows(first: 100) { edges { node { chartEntries(first: 10) { nodes { rank } } } } }`
 * costs 1 + 100 × (1 + 1 + 1 + 10 × (1 + 1)) = 2,301.
 */
const listCost: ComplexityEstimator = ({ type: parent, field, args, childComplexity }) => {
  const own = FIELD_WEIGHTS[`${parent.name}.${field.name}`] ?? 1;
  const child = Math.max(childComplexity, 1);
  if (isConnection(field.type)) {
    const size = typeof args.first === "number" ? args.first : typeof args.last === "number" ? args.last : DEFAULT_PAGE_SIZE;
    return own + Math.max(size, 1) * child;
  }
  if (isListType(unwrap(field.type)) && !isConnection(parent)) return own + ASSUMED_LIST_SIZE * child;
  return own + childComplexity;
};

const INTROSPECTION_MAX_DEPTH = 20;

/** A variable that does not fit its type, as a BAD_USER_INPUT naming the variable or the field inside it. */
function variableError(error: GraphQLError): GraphQLError {
  const inside = /at "([^"]+)"/.exec(error.message)?.[1];
  const variable = /^Variable "\$([^"]+)"/.exec(error.message)?.[1];
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    extensions: { code: "BAD_USER_INPUT", field: inside ?? variable, http: { status: 400 } },
  });
}

/**
 * The cost depends on variables: they are coerced first, so a value that does not fit its type is the client's
 * BAD_USER_INPUT (naming the field) rather than an error inside the analysis.
 */
function checkVariables(schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Record<string, unknown>): void {
  if (!operation.variableDefinitions?.length) return;
  const coerced = getVariableValues(schema, operation.variableDefinitions, variables);
  if (coerced.errors?.length) throw variableError(coerced.errors[0]!);
}

/**
 * The variables an operation's cost can depend on: those in a `first` or `last` argument (listCost reads
 * nothing else) or in a directive's (`@include(if: $x)` decides whether a subtree counts). A show page's slug
 * is not among them, so every slug shares one cost analysis.
 */
function costVariablesOf(document: DocumentNode): Set<string> {
  const names = new Set<string>();
  const collect = (node: ASTNode) => visit(node, { Variable: (variable) => void names.add(variable.name.value) });
  visit(document, {
    Argument: (argument) => {
      if (argument.name.value === "first" || argument.name.value === "last") collect(argument.value);
    },
    Directive: (directive) => {
      for (const argument of directive.arguments ?? []) collect(argument.value);
    },
  });
  return names;
}

/** Whether an operation asks only for `__schema` / `__type` (and `__typename`) at its root. */
function isIntrospectionOnly(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.every(
    (selection) => selection.kind === Kind.FIELD && selection.name.value.startsWith("__"),
  );
}

function limitError(code: string, message: string, details: Record<string, number>): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...details, http: { status: 400 } } });
}

/** Depth and aliases of an operation, following fragments (cycles are already refused by validation). */
function measure(operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>) {
  let aliases = 0;
  const depthOf = (selectionSet: SelectionSetNode, seen: Set<string>): number => {
    let deepest = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) aliases += 1;
        const below = selection.selectionSet ? depthOf(selection.selectionSet, seen) : 0;
        deepest = Math.max(deepest, 1 + below);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(selection.selectionSet, seen));
      } else {
        const fragment = fragments[selection.name.value];
        if (!fragment || seen.has(fragment.name.value)) continue;
        deepest = Math.max(deepest, depthOf(fragment.selectionSet, new Set([...seen, fragment.name.value])));
      }
    }
    return deepest;
  };
  const depth = depthOf(operation.selectionSet, new Set());
  return { depth, aliases };
}

/**
 * Refuses, before execution, operations deeper, more aliased or costlier than the limits
 * (each with its own error code). Runs after validation, when variables are known, so
 * `first: $n` counts at its real value. Shared by HTTP (the plugin below) and WebSocket subscriptions.
 */
export function checkQueryLimits(
  limits: QueryLimits,
  { operation, document, schema, variables, operationName }: {
    operation: OperationDefinitionNode;
    document: DocumentNode;
    schema: GraphQLSchema;
    variables: Record<string, unknown>;
    operationName?: string;
  },
): void {
  const fragments = Object.fromEntries(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  const { depth, aliases } = measure(operation, fragments);
  // Introspection (a playground's schema query nests `ofType` 15 deep) reads the in-memory
  // schema, never the database: it gets a looser depth limit and no cost limit.
  const introspection = isIntrospectionOnly(operation);
  const maxDepth = introspection ? Math.max(limits.maxDepth, INTROSPECTION_MAX_DEPTH) : limits.maxDepth;
  if (depth > maxDepth) {
    throw limitError("QUERY_TOO_DEEP", `The query is ${depth} levels deep; the limit is ${maxDepth}.`, {
      depth,
      maxDepth,
    });
  }
  if (aliases > limits.maxAliases) {
    throw limitError("TOO_MANY_ALIASES", `The query uses ${aliases} aliases; the limit is ${limits.maxAliases}.`, {
      aliases,
      maxAliases: limits.maxAliases,
    });
  }
  if (introspection) return;
  checkVariables(schema, operation, variables);
  const cost = getComplexity({ schema, query: document, operationName, variables, estimators: [listCost] });
  if (cost > limits.maxCost) {
    throw limitError(
      "QUERY_TOO_COMPLEX",
      `The query would cost ${cost}; the limit is ${limits.maxCost}. Ask for smaller pages or fewer nested lists.`,
      { cost, maxCost: limits.maxCost },
    );
  }
}

/**
 * Operations (document, operation name, the variables their cost depends on) already found within the limits.
 * The check is a pure function of those and of the one schema, and a page of reads repeats the same few: the cost analysis
 * (graphql-query-complexity walks the whole tree) was a measurable share of a request's CPU (issue #17).
 * Only passes are kept: a refusal is rare and builds a fresh error each time. Apollo's document store hands
 * back the same DocumentNode for the same text, so a document's identity names it here.
 */
const CHECKED_OPERATIONS = 1_000;

export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin {
  const documents = new WeakMap<DocumentNode, { id: number; costVariables: Set<string> }>();
  let nextDocumentId = 0;
  const passed = new LRUCache<string, true>({ max: CHECKED_OPERATIONS });
  const keyOf = (document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>) => {
    let known = documents.get(document);
    if (known === undefined) documents.set(document, (known = { id: nextDocumentId++, costVariables: costVariablesOf(document) }));
    const costing = Object.keys(variables).filter((name) => known.costVariables.has(name)).map((name) => [name, variables[name]]);
    return `${known.id}\u0000${operationName ?? ""}\u0000${JSON.stringify(costing)}`;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, schema, request }) {
          if (!operation) return;
          const variables = request.variables ?? {};
          const operationName = request.operationName ?? undefined;
          const key = keyOf(document, operationName, variables);
          if (passed.has(key)) {
            // The cost is known for these page sizes; the other variables' values are still checked.
            if (!isIntrospectionOnly(operation)) checkVariables(schema, operation, variables);
            return;
          }
          checkQueryLimits(limits, { operation, document, schema, variables, operationName });
          passed.set(key, true);
        },
      };
    },
  };
}
