import type { ApolloServerPlugin } from "@apollo/server";
import { getVariableValues, Kind, type FragmentDefinitionNode, type GraphQLSchema } from "graphql";
import type { RequestContext } from "../../common/context.js";
import { rootSelections, type Fragments } from "./compiler.js";
import { completeValue, INCOMPLETE } from "./complete.js";
import { compiledPlanStats, startRoots, type installCompiledReads, type PreparedRoot } from "./install.js";

/**
 * A query every root field of which compiles is answered without graphql-js executing it: PostgreSQL
 * built each root field's JSON, so what is left is graphql-js's value completion (completeValue: leaf
 * serialization and the non-null checks), done here on the parsed JSON. Executing would cost a resolver
 * call, a path and a completion per response field (thousands for a page of nested shows): the largest
 * part of Greenlight's CPU per request once the SQL is compiled. Apollo Server has no way to swap its
 * executor (graphql-jit would need one), but `responseForOperation` lets a plugin answer an operation
 * after parsing, validation and every didResolveOperation hook (limits, read routing) have run; the
 * response then goes through willSendResponse like any other (cache headers, statement count, logs).
 *
 * Anything else falls through to execution: a mutation, a root field without a declaration or whose
 * arguments the resolver path must judge, a directive, variables graphql-js would reject, a failed
 * statement (its error is reported by the root resolver, with its path) and a null where the schema
 * promises a value (graphql-js reports and bubbles it). The statements already started are then reused
 * by the root resolvers (install.ts), never run twice.
 */
export function compiledOperations(schema: GraphQLSchema, prepare: ReturnType<typeof installCompiledReads>): ApolloServerPlugin<RequestContext> {
  const query = schema.getQueryType()!;
  return {
    async requestDidStart() {
      return {
        async responseForOperation(request) {
          const { operation, document, contextValue: context } = request;
          if (operation?.operation !== "query" || !document) return null;
          const fragments: Fragments = {};
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition as FragmentDefinitionNode;
          }
          const selections = rootSelections(query, operation.selectionSet, fragments);
          if (!selections) return null;
          const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.request.variables ?? {});
          if (coerced.errors) return null;

          const roots = new Map<string, PreparedRoot>();
          for (const [key, nodes] of selections) {
            if (nodes[0]!.name.value === "__typename") continue;
            const prepared = prepare(operation, fragments, key, nodes, coerced.coerced, context);
            if (!prepared) return null;
            roots.set(key, prepared);
          }
          compiledPlanStats.statements += roots.size;
          const started = startRoots(context, new Map([...roots].map(([key, root]) => [key, root.statement])));

          const data: Record<string, unknown> = {};
          for (const key of selections.keys()) {
            const root = roots.get(key);
            if (!root) {
              data[key] = query.name;
              continue;
            }
            let body: string | null;
            try {
              body = await started.get(key)!;
            } catch {
              compiledPlanStats.executed += 1;
              return null;
            }
            const value = completeValue(root.plan.field.type, body == null ? null : JSON.parse(body), root.plan.children);
            if (value === INCOMPLETE) {
              compiledPlanStats.executed += 1;
              return null;
            }
            data[key] = value;
          }
          compiledPlanStats.answered += 1;
          return { http: request.response.http, body: { kind: "single", singleResult: { data } } };
        },
      };
    },
  };
}
