import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, NoSchemaIntrospectionCustomRule, validate } from "graphql";
import { canSeeUnpublished, type RequestContext } from "../common/context.js";

/**
 * Introspection for signed-in editors and admins only: what lets `PLAYGROUND=true` in production give
 * editors the documentation explorer and autocompletion without turning introspection on for
 * everyone. Apollo's own switch is all-or-nothing, so Apollo allows it and this refuses it, with
 * the same code Apollo would use, to anyone else.
 */
export const introspectionForEditorsOnly: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, document, schema }) {
        if (canSeeUnpublished(contextValue.viewer)) return;
        const [refusal] = validate(schema, document, [NoSchemaIntrospectionCustomRule]);
        if (refusal) {
          throw new GraphQLError(`${refusal.message} Introspection is for signed-in editors only.`, {
            nodes: refusal.nodes,
            extensions: { code: "GRAPHQL_VALIDATION_FAILED", http: { status: 400 } },
          });
        }
      },
    };
  },
};
